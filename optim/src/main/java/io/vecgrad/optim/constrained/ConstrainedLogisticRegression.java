package io.vecgrad.optim.constrained;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * The constrained logistic regression of P36's experiments ({@code ConstrainedLogisticRegression/*}
 * in IlgeeHong/AdaSketch-Newton):
 *
 * <pre>
 * min_w (1/N) Σ log(1 + exp(−y_i·a_iᵀw))   s.t.   A·w = b (10 rows),   ‖w‖² = 1
 * </pre>
 *
 * with A and b standard Gaussian (drawn from {@code seed}), labels y ∈ {−1, +1}, m = 11, and the
 * code's start w = 1, λ = 1.
 *
 * <pre>{@code
 * EqualityProblem p = ConstrainedLogisticRegression.of("sonar", features, labels, 7);
 * }</pre>
 */
public final class ConstrainedLogisticRegression {
    private ConstrainedLogisticRegression() {}

    /** features: N rows of n values; labels: ±1. */
    public static EqualityProblem of(String name, double[][] features, double[] labels, long seed) {
        int rows = features.length;
        if (rows == 0 || labels.length != rows) throw new IllegalArgumentException("ConstrainedLogisticRegression: " + rows + " feature rows and " + labels.length + " labels");
        int n = features[0].length;
        double[] flat = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            if (features[i].length != n) throw new IllegalArgumentException("ConstrainedLogisticRegression: row " + i + " has " + features[i].length + " features, row 0 has " + n);
            if (labels[i] != 1 && labels[i] != -1) throw new IllegalArgumentException("ConstrainedLogisticRegression: label " + i + " is " + labels[i] + ", expected ±1");
            System.arraycopy(features[i], 0, flat, i * n, n);
        }
        Rng r = new Rng(seed).split("constrained-logistic");
        Tensor a = r.split("A").normal(DType.FLOAT64, 0, 1, 10, n);
        Tensor b = r.split("b").normal(DType.FLOAT64, 0, 1, 10);
        Variable xs = Variable.constant(Tensor.of(flat, rows, n));
        Variable ys = Variable.constant(Tensor.of(labels.clone(), rows));
        Variable av = Variable.constant(a), bv = Variable.constant(b);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] lam = new double[11];
        Arrays.fill(lam, 1);
        return AutodiffProblem.of(name, n, 11,
                w -> xs.matmul(w.reshape(n, 1)).reshape(rows).mul(ys).neg().softplus().mean(),
                w -> Variable.concat(0, av.matmul(w.reshape(n, 1)).reshape(10).sub(bv), w.square().sum().sub(1).reshape(1)),
                ones, lam);
    }
}

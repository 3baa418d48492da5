package io.vecgrad.optim.solvers.relu;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-layer ReLU network {@code f(x) = Σ_j (xᵀu_j)_+ α_j} (no biases, as in the convex theory),
 * its regularized squared-loss objective {@code ½‖f(X) − y‖² + (β/2)Σ_j(‖u_j‖² + α_j²)}, the
 * recovery of a network from a convex solution (Pilanci and Ergen 2020, Theorem 1; P35 §2), and
 * the non-convex baseline: minibatch SGD on the same objective with gradients from
 * {@code autodiff}.
 *
 * <p>Recovery: each nonzero block {@code v_i} gives a unit {@code u = v_i/√‖v_i‖},
 * {@code α = √‖v_i‖}; each nonzero {@code w_i} gives {@code u = w_i/√‖w_i‖},
 * {@code α = −√‖w_i‖}. Then {@code (β/2)(‖u‖² + α²) = β‖v_i‖}, and where the cone constraints
 * hold, {@code (X u)_+ = D_i X u}, so network and convex model agree in outputs and objective.
 *
 * <pre>{@code
 * TwoLayerRelu net = TwoLayerRelu.fromConvex(problem, admm.v());
 * double[] yhat = net.predict(x, n);
 * TwoLayerRelu sgd = TwoLayerRelu.trainSgd(x, y, n, d, net.width(), beta, 1e-3, 200, 32, 5).net();
 * }</pre>
 *
 * @param u hidden weights, m×d row-major
 * @param alpha output weights, length m
 */
public record TwoLayerRelu(double[] u, double[] alpha, int d) {
    /** Number of hidden units m. */
    public int width() {
        return alpha.length;
    }

    /** Outputs for X (n×d row-major). */
    public double[] predict(double[] x, int n) {
        int m = width();
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                double h = 0;
                for (int k = 0; k < d; k++) h += x[r * d + k] * u[j * d + k];
                if (h > 0) s += h * alpha[j];
            }
            out[r] = s;
        }
        return out;
    }

    /** {@code ½‖f(X) − y‖² + (β/2)(‖U‖² + ‖α‖²)}. */
    public double objective(double[] x, double[] y, int n, double beta) {
        double[] f = predict(x, n);
        double loss = 0, reg = 0;
        for (int r = 0; r < n; r++) loss += 0.5 * (f[r] - y[r]) * (f[r] - y[r]);
        for (double v : u) reg += v * v;
        for (double a : alpha) reg += a * a;
        return loss + 0.5 * beta * reg;
    }

    /** The network of a convex solution {@code (v_1..v_P, w_1..w_P)}: one unit per nonzero block. */
    public static TwoLayerRelu fromConvex(ConvexReluProblem prob, double[] v) {
        int p = prob.patterns(), d = prob.d();
        List<double[]> units = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        for (int a = 0; a < 2 * p; a++) {
            double norm = prob.blockNorm(v, a);
            if (norm == 0) continue;
            double root = Math.sqrt(norm);
            double[] unit = new double[d];
            for (int k = 0; k < d; k++) unit[k] = v[a * d + k] / root;
            units.add(unit);
            alphas.add(a < p ? root : -root);
        }
        double[] u = new double[units.size() * d];
        for (int j = 0; j < units.size(); j++) System.arraycopy(units.get(j), 0, u, j * d, d);
        return new TwoLayerRelu(u, alphas.stream().mapToDouble(Double::doubleValue).toArray(), d);
    }

    /**
     * @param net the trained network
     * @param objectives full-data objective after each epoch
     */
    public record Training(TwoLayerRelu net, double[] objectives) {}

    /**
     * Minibatch SGD on the regularized objective: per batch B the gradient of
     * {@code (n/B)·½Σ_batch(f − y)² + (β/2)(‖U‖² + ‖α‖²)} (an unbiased estimate of the full
     * gradient), fixed learning rate, reshuffled every epoch; Kaiming-uniform-like init
     * {@code U ~ U(±1/√d)}, {@code α ~ U(±1/√m)}.
     */
    public static Training trainSgd(double[] x, double[] y, int n, int d, int m, double beta, double lr, int epochs, int batch, long seed) {
        Rng rng = new Rng(seed).split("two-layer-sgd");
        Tensor u = rng.split("u").uniform(io.vecgrad.tensor.DType.FLOAT64, -1 / Math.sqrt(d), 1 / Math.sqrt(d), m, d);
        Tensor alpha = rng.split("alpha").uniform(io.vecgrad.tensor.DType.FLOAT64, -1 / Math.sqrt(m), 1 / Math.sqrt(m), m, 1);
        Tensor xt = Tensor.wrap(x, n, d), yt = Tensor.wrap(y, n, 1);
        double[] objectives = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            Tensor perm = rng.split(e).permutation(n);
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                Tensor idx = perm.slice(0, start, start + b);
                Variable uv = Variable.parameter(u), av = Variable.parameter(alpha);
                Variable xb = Variable.constant(xt.indexSelect(0, idx)), yb = Variable.constant(yt.indexSelect(0, idx));
                Variable resid = xb.matmul(uv.mT()).relu().matmul(av).sub(yb);
                Variable loss = resid.square().sum().mul(0.5 * n / b)
                        .add(uv.square().sum().add(av.square().sum()).mul(0.5 * beta));
                Variable[] g = Autodiff.gradients(loss, uv, av);
                u = u.sub(g[0].value().mul(lr));
                alpha = alpha.sub(g[1].value().mul(lr));
            }
            objectives[e] = new TwoLayerRelu(u.toDoubleArray(), alpha.toDoubleArray(), d).objective(x, y, n, beta);
        }
        return new Training(new TwoLayerRelu(u.toDoubleArray(), alpha.toDoubleArray(), d), objectives);
    }
}

package io.vecgrad.optim.newton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.linalg.ParameterVector;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.losses.Reduction;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CurvatureTest {
    static final int N = 5, D = 3, H = 4, K = 3;
    static final Tensor X = new Rng(1).normal(DType.FLOAT64, 0, 1, N, D);
    static final Tensor LABELS = Tensor.of(new long[] {0, 2, 1, 1, 0});
    static final Tensor TARGETS = new Rng(2).normal(DType.FLOAT64, 0, 1, N, K);

    static Map<String, Tensor> params() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w1", new Rng(3).normal(DType.FLOAT64, 0, 1, D, H));
        p.put("b1", new Rng(4).normal(DType.FLOAT64, 0, 0.5, H));
        p.put("w2", new Rng(5).normal(DType.FLOAT64, 0, 1, H, K));
        return p;
    }

    /** Outputs of the small tanh network [N, K]. */
    static Variable outputs(Variable w1, Variable b1, Variable w2) {
        return Variable.constant(X).matmul(w1).add(b1).tanh().matmul(w2);
    }

    static Function<Map<String, Variable>, Variable> outputs() {
        return v -> outputs(v.get("w1"), v.get("b1"), v.get("w2"));
    }

    /** The same network as a function of the flat parameter vector (for the dense Jacobian). */
    static Variable outputsFlat(Variable theta) {
        Variable w1 = theta.slice(0, 0, D * H).reshape(D, H);
        Variable b1 = theta.slice(0, D * H, D * H + H);
        Variable w2 = theta.slice(0, D * H + H, D * H + H + H * K).reshape(H, K);
        return outputs(w1, b1, w2).reshape(N * K);
    }

    static double[][] dense(LinearOperator op) {
        int n = op.cols();
        double[][] m = new double[n][];
        for (int j = 0; j < n; j++) {
            Tensor e = Tensor.zeros(DType.FLOAT64, n);
            e.setAt(1, j);
            m[j] = op.apply(e).toDoubleArray();     // column j (symmetric operators)
        }
        return m;
    }

    /** Jᵀ·Hℓ·J from autodiff's dense Jacobian and dense loss Hessian. */
    static double[][] denseGgn(Function<Variable, Variable> loss) {
        Tensor theta = ParameterVector.of(params()).flatten(params());
        int p = theta.numel(), m = N * K;
        double[] j = Autodiff.jacobian(CurvatureTest::outputsFlat, theta).toDoubleArray();          // [m, p]
        Tensor z = outputsFlat(Variable.constant(theta)).value();
        double[] hl = Autodiff.hessian(zf -> loss.apply(zf.reshape(N, K)), z).toDoubleArray();      // [m, m]
        double[][] g = new double[p][p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) {
            double s = 0;
            for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) s += j[r * p + a] * hl[r * m + c] * j[c * p + b];
            g[a][b] = s;
        }
        return g;
    }

    static double minEigenvalue(double[][] m) {
        int n = m.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) flat[i * n + k] = 0.5 * (m[i][k] + m[k][i]);
        return Linalg.eigvalsh(Tensor.of(flat, n, n)).toDoubleArray()[0];
    }

    @Test
    void gaussNewtonEqualsDenseJtHJAndIsPsdForConvexLosses() {
        Map<String, Function<Variable, Variable>> losses = new LinkedHashMap<>();
        losses.put("cross-entropy", z -> Losses.crossEntropy(z, LABELS));
        losses.put("mse", z -> Losses.mse(z, Variable.constant(TARGETS)));
        for (Map.Entry<String, Function<Variable, Variable>> e : losses.entrySet()) {
            LinearOperator ggn = Curvature.gaussNewton(outputs(), e.getValue(), params());
            double[][] got = dense(ggn), want = denseGgn(e.getValue());
            for (int a = 0; a < got.length; a++) for (int b = 0; b < got.length; b++) {
                assertEquals(want[a][b], got[a][b], 1e-12 * (1 + Math.abs(want[a][b])), e.getKey() + " G[" + a + "][" + b + "]");
            }
            assertTrue(minEigenvalue(got) > -1e-12, e.getKey() + ": GGN must be PSD, min eigenvalue " + minEigenvalue(got));
        }
        // The Hessian of the same cross-entropy loss is indefinite here: the GGN is not the Hessian.
        LinearOperator h = Curvature.hessian(v -> Losses.crossEntropy(outputs().apply(v), LABELS), params());
        assertTrue(minEigenvalue(dense(h)) < -1e-6, "the Hessian should have a negative eigenvalue at this point");
    }

    @Test
    void dampingAddsLambdaTimesIdentity() {
        LinearOperator ggn = Curvature.gaussNewton(outputs(), z -> Losses.crossEntropy(z, LABELS), params());
        Tensor v = new Rng(9).normal(DType.FLOAT64, 0, 1, ggn.cols());
        double[] a = ggn.apply(v.copy()).toDoubleArray(), b = Curvature.damped(ggn, 0.3).apply(v.copy()).toDoubleArray(), vv = v.toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i] + 0.3 * vv[i], b[i], 1e-13);
    }

    @Test
    void empiricalFisherEqualsMeanOuterProductOfPerExampleGradients() {
        Function<Map<String, Variable>, Variable> perExample = v -> Losses.crossEntropy(outputs().apply(v), LABELS, 0, Reduction.NONE);
        double[][] got = dense(Curvature.empiricalFisher(perExample, params()));
        Tensor theta = ParameterVector.of(params()).flatten(params());
        int p = theta.numel();
        double[] j = Autodiff.jacobian(t -> Losses.crossEntropy(outputsFlat(t).reshape(N, K), LABELS, 0, Reduction.NONE), theta).toDoubleArray();
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) {
            double s = 0;
            for (int i = 0; i < N; i++) s += j[i * p + a] * j[i * p + b];
            assertEquals(s / N, got[a][b], 1e-13, "F[" + a + "][" + b + "]");
        }
        assertTrue(minEigenvalue(got) > -1e-13);
    }

    @Test
    void moduleOperatorsMatchTheFunctionalForm() {
        Module net = new Sequential(new Linear(D, H, true, DType.FLOAT64), Activation.tanh(), new Linear(H, K, true, DType.FLOAT64)).initialize(new Rng(7));
        LinearOperator ggn = Curvature.gaussNewton(net, X, z -> Losses.crossEntropy(z, LABELS));
        LinearOperator hess = Curvature.hessian(net, X, z -> Losses.crossEntropy(z, LABELS));
        assertEquals(net.numParameters(), ggn.cols());
        Tensor v = new Rng(8).normal(DType.FLOAT64, 0, 1, ggn.cols());
        double vgv = dot(v, ggn.apply(v.copy()));
        assertTrue(vgv >= 0, "vᵀGv = " + vgv);
        // For a network whose last layer is linear, H − G is the residual term Σ ∂ℓ/∂z · ∇²z; both are symmetric.
        Tensor u = new Rng(10).normal(DType.FLOAT64, 0, 1, ggn.cols());
        assertEquals(dot(u, hess.apply(v.copy())), dot(v, hess.apply(u.copy())), 1e-10);
        assertEquals(dot(u, ggn.apply(v.copy())), dot(v, ggn.apply(u.copy())), 1e-10);
    }

    static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}

package io.vecgrad.optim.problems.twolayer;

import io.vecgrad.tensor.random.Rng;

/**
 * The student of P15 (Zhou, Ge, Jin, "A local convergence theory for mildly over-parameterized
 * two-layer neural network", COLT 2021): {@code f(x) = Σ_i a_i σ(w_iᵀx)}, σ = ReLU, both layers
 * trained by full-batch GD on {@code L = (1/2n) Σ (f(x) − y)²} (a large fixed sample standing in for
 * the population loss, as the spec allows). Model and loss follow the spec ([reconstructed] model
 * details); the ReLU derivative at 0 is taken as 0.
 *
 * <pre>{@code
 * StudentNet s = StudentNet.init(6, 10, 0.5, 3);           // 6 neurons, d = 10, ‖w_i‖ ≈ 0.5, a_i = ‖w_i‖
 * double loss = s.step(x, y, n, 0.05);                     // loss before the step
 * double[] angles = NeuronAlignment.nearestAngles(s.hidden(), teacherW, 6, 3, 10);
 * }</pre>
 */
public final class StudentNet {
    private final int m;
    private final int d;
    private final double[] w;   // m×d
    private final double[] a;

    /** A student with the given weights (copied): w is m×d row-major, a has m entries. */
    public StudentNet(double[] w, double[] a, int d) {
        if (a.length < 1 || d < 1 || w.length != a.length * d) {
            throw new IllegalArgumentException("StudentNet: w has " + w.length + " values for " + a.length + " neurons of dimension " + d);
        }
        this.m = a.length;
        this.d = d;
        this.w = w.clone();
        this.a = a.clone();
    }

    /**
     * Random directions {@code w_i = scale · g_i/‖g_i‖}, {@code g_i ~ N(0, I)}, and balanced positive output weights
     * {@code a_i = ‖w_i‖ = scale} (ReLU homogeneity makes {@code |a_i| = ‖w_i‖} a conserved balance under gradient flow).
     */
    public static StudentNet init(int m, int d, double scale, long seed) {
        if (m < 1 || d < 1 || !(scale > 0)) throw new IllegalArgumentException("StudentNet.init: need m, d >= 1 and scale > 0, got " + m + ", " + d + ", " + scale);
        Rng rng = new Rng(seed).split("student");
        double[] w = new double[m * d];
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                w[i * d + k] = rng.nextGaussian();
                norm += w[i * d + k] * w[i * d + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) w[i * d + k] *= scale / norm;
            a[i] = scale;
        }
        return new StudentNet(w, a, d);
    }

    public int width() {
        return m;
    }

    /** A copy of the hidden weights, m×d. */
    public double[] hidden() {
        return w.clone();
    }

    /** A copy of the output weights. */
    public double[] output() {
        return a.clone();
    }

    public double[] predict(double[] x, int n) {
        check(x, n);
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = 0; r < m; r++) {
                double h = WideReluNet.dot(w, r * d, x, i * d, d);
                if (h > 0) s += a[r] * h;
            }
            f[i] = s;
        }
        return f;
    }

    public double loss(double[] x, double[] y, int n) {
        return TwoLayerMath.halfMeanSquare(predict(x, n), y);
    }

    /** The gradient of the loss: {@code [∂L/∂W (m×d), ∂L/∂a (m)]} concatenated. */
    public double[] gradient(double[] x, double[] y, int n) {
        double[] f = predict(x, n);
        double[] g = new double[m * d + m];
        for (int i = 0; i < n; i++) {
            double e = (f[i] - y[i]) / n;
            if (e == 0) continue;
            for (int r = 0; r < m; r++) {
                double h = WideReluNet.dot(w, r * d, x, i * d, d);
                if (h <= 0) continue;
                g[m * d + r] += e * h;
                double c = e * a[r];
                for (int k = 0; k < d; k++) g[r * d + k] += c * x[i * d + k];
            }
        }
        return g;
    }

    /** One GD step on both layers, in place; returns the loss before the step. */
    public double step(double[] x, double[] y, int n, double eta) {
        if (y.length != n) throw new IllegalArgumentException("StudentNet.step: " + y.length + " targets for " + n + " inputs");
        double before = loss(x, y, n);
        if (!Double.isFinite(before)) throw new ArithmeticException("StudentNet.step: loss is " + before + " (eta " + eta + " too large?)");
        double[] g = gradient(x, y, n);
        for (int k = 0; k < m * d; k++) w[k] -= eta * g[k];
        for (int r = 0; r < m; r++) a[r] -= eta * g[m * d + r];
        return before;
    }

    private void check(double[] x, int n) {
        if (x.length != n * d) throw new IllegalArgumentException("StudentNet: x has " + x.length + " values, expected n*d = " + n + "*" + d);
    }
}

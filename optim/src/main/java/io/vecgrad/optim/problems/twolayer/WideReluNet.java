package io.vecgrad.optim.problems.twolayer;

import io.vecgrad.tensor.random.Rng;

/**
 * The two-layer ReLU net of P12 (Su, Yang, "On learning over-parameterized neural networks: a
 * functional approximation perspective", NeurIPS 2019): {@code f(x) = (1/√m) Σ_r a_r σ(w_rᵀx)} with
 * output signs {@code a_r ∈ {±1}} fixed at initialization and {@code w_r(0) ~ N(0, I_d)}; only W is
 * trained, by full-batch GD on {@code R(W) = (1/2n) Σ_i (f(x_i) − y_i)²}. Model and loss follow the
 * spec's reading of the paper's Section 2 ([reconstructed] model details); plain double loops, the
 * ReLU derivative at 0 taken as 1 (the indicator {@code 1{wᵀx ≥ 0}} of the kernel).
 *
 * <pre>{@code
 * WideReluNet net = WideReluNet.init(1600, 5, 3);
 * double[] risk = net.train(x, y, n, 10.0, 300);    // risk[t] before step t, risk[300] at the end
 * }</pre>
 */
public final class WideReluNet {
    private final int m;
    private final int d;
    private final double[] w;   // m×d
    private final double[] a;

    private WideReluNet(int m, int d, double[] w, double[] a) {
        this.m = m;
        this.d = d;
        this.w = w;
        this.a = a;
    }

    /** Width m, input dimension d; W ~ N(0, I) rows and a = ±1 from stream {@code seed}. */
    public static WideReluNet init(int m, int d, long seed) {
        if (m < 1 || d < 1) throw new IllegalArgumentException("WideReluNet.init: width and dimension must be >= 1, got m=" + m + ", d=" + d);
        Rng rng = new Rng(seed).split("wide-relu-net");
        Rng rw = rng.split("w"), ra = rng.split("a");
        double[] w = new double[m * d];
        for (int i = 0; i < w.length; i++) w[i] = rw.nextGaussian();
        double[] a = new double[m];
        for (int r = 0; r < m; r++) a[r] = (ra.nextLong() & 1) == 0 ? 1 : -1;
        return new WideReluNet(m, d, w, a);
    }

    public int width() {
        return m;
    }

    /** A copy of the first-layer weights, m×d row-major. */
    public double[] weights() {
        return w.clone();
    }

    /** A copy of the fixed output signs. */
    public double[] signs() {
        return a.clone();
    }

    /** Outputs for X (n×d row-major). */
    public double[] predict(double[] x, int n) {
        check(x, n, "predict");
        double[] out = new double[n];
        double scale = 1 / Math.sqrt(m);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = 0; r < m; r++) {
                double h = dot(w, r * d, x, i * d, d);
                if (h >= 0) s += a[r] * h;
            }
            out[i] = scale * s;
        }
        return out;
    }

    /** {@code (1/2n) Σ (f(x_i) − y_i)²}. */
    public double risk(double[] x, double[] y, int n) {
        return TwoLayerMath.halfMeanSquare(predict(x, n), y);
    }

    /**
     * {@code steps} full-batch GD steps on W with step size {@code eta}, in place.
     *
     * @return the risk before each step and after the last ({@code steps + 1} values)
     */
    public double[] train(double[] x, double[] y, int n, double eta, int steps) {
        check(x, n, "train");
        if (y.length != n) throw new IllegalArgumentException("WideReluNet.train: " + y.length + " targets for " + n + " inputs");
        double[] risk = new double[steps + 1];
        double scale = 1 / Math.sqrt(m);
        double[] grad = new double[m * d];
        double[] h = new double[n * m];
        for (int t = 0; t <= steps; t++) {
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    double v = dot(w, r * d, x, i * d, d);
                    h[i * m + r] = v;
                    if (v >= 0) s += a[r] * v;
                }
                u[i] = scale * s - y[i];
            }
            double loss = 0;
            for (double v : u) loss += v * v;
            risk[t] = loss / (2 * n);
            if (t == steps) break;
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < m; r++) {
                    if (h[i * m + r] >= 0) {
                        double c = a[r] * u[i];
                        for (int k = 0; k < d; k++) grad[r * d + k] += c * x[i * d + k];
                    }
                }
            }
            double c = eta * scale / n;
            for (int k = 0; k < grad.length; k++) w[k] -= c * grad[k];
            if (!Double.isFinite(risk[t])) throw new ArithmeticException("WideReluNet.train: risk is " + risk[t] + " at step " + t + " (eta " + eta + " too large?)");
        }
        return risk;
    }

    private void check(double[] x, int n, String op) {
        if (x.length != n * d) throw new IllegalArgumentException("WideReluNet." + op + ": x has " + x.length + " values, expected n*d = " + n + "*" + d);
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) s += a[ao + k] * b[bo + k];
        return s;
    }
}

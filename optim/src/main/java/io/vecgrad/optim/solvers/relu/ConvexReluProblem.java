package io.vecgrad.optim.solvers.relu;

import io.vecgrad.tensor.Tensor;

/**
 * The convex reformulation of two-layer ReLU training with squared loss over sampled
 * activation patterns (Pilanci and Ergen, ICML 2020, eq. (8); the P35 paper's approximate
 * formulation): for the network {@code f(X) = Σ_j (X u_j)_+ α_j} trained with
 * {@code ½‖f(X) − y‖² + (β/2)Σ_j(‖u_j‖² + α_j²)}, the convex program is
 *
 * <pre>
 *   min ½‖Σ_i D_i X (v_i − w_i) − y‖² + β Σ_i (‖v_i‖ + ‖w_i‖)
 *   s.t. (2D_i − I) X v_i ≥ 0,  (2D_i − I) X w_i ≥ 0.
 * </pre>
 *
 * Variables are stacked as {@code u = (v_1..v_P, w_1..w_P)}, each block of length d, so
 * {@code ŷ = F u} with {@code F = [D_1X … D_PX, −D_1X … −D_PX]} and the cone constraints read
 * {@code G u ≥ 0} with {@code G = blockdiag((2D_i − I)X)} (twice).
 *
 * <pre>{@code
 * ConvexReluProblem prob = new ConvexReluProblem(x, y, n, d, ActivationPatterns.sample(x, n, d, 20, 1), 1e-2);
 * double obj = prob.objective(u);
 * }</pre>
 */
public final class ConvexReluProblem {
    private final double[] x, y;
    private final int n, d;
    private final ActivationPatterns patterns;
    private final double beta;

    public ConvexReluProblem(double[] x, double[] y, int n, int d, ActivationPatterns patterns, double beta) {
        if (x.length != n * d || y.length != n || patterns.samples() != n) {
            throw new IllegalArgumentException("ConvexReluProblem: X must be n×d = " + n + "x" + d + " and y length n; got "
                    + x.length + " and " + y.length + " entries, patterns over " + patterns.samples() + " samples");
        }
        if (!(beta >= 0)) throw new IllegalArgumentException("ConvexReluProblem: beta must be >= 0, got " + beta);
        this.x = x;
        this.y = y;
        this.n = n;
        this.d = d;
        this.patterns = patterns;
        this.beta = beta;
    }

    public int n() { return n; }

    public int d() { return d; }

    /** Number of sampled patterns P. */
    public int patterns() { return patterns.count(); }

    public ActivationPatterns activationPatterns() { return patterns; }

    public double beta() { return beta; }

    double[] x() { return x; }

    double[] y() { return y; }

    /** Length of u: 2·P·d. */
    public int size() { return 2 * patterns.count() * d; }

    /** {@code F u = Σ_i D_i X (v_i − w_i)}. */
    public double[] predict(double[] u) {
        int p = patterns.count();
        double[] out = new double[n];
        for (int i = 0; i < p; i++) {
            for (int r = 0; r < n; r++) {
                if (!patterns.active(i, r)) continue;
                double s = 0;
                for (int k = 0; k < d; k++) s += x[r * d + k] * (u[i * d + k] - u[(p + i) * d + k]);
                out[r] += s;
            }
        }
        return out;
    }

    /** {@code Fᵀ r}. */
    double[] predictAdjoint(double[] r) {
        int p = patterns.count();
        double[] g = new double[size()];
        for (int i = 0; i < p; i++) {
            for (int row = 0; row < n; row++) {
                if (!patterns.active(i, row)) continue;
                for (int k = 0; k < d; k++) {
                    double v = x[row * d + k] * r[row];
                    g[i * d + k] += v;
                    g[(p + i) * d + k] -= v;
                }
            }
        }
        return g;
    }

    /** {@code G u}: block a (of 2P) is {@code (2D_a − I) X u_a}, length n; laid out [2P][n]. One GEMM {@code X·Uᵀ}. */
    double[] cone(double[] u) {
        int p = patterns.count(), b = 2 * p;
        double[] xu = Tensor.wrap(x, n, d).matmul(Tensor.wrap(u, b, d).mT()).toDoubleArray();   // n × 2P
        double[] out = new double[b * n];
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < b; a++) {
                double s = xu[r * b + a];
                out[a * n + r] = patterns.active(a % p, r) ? s : -s;
            }
        }
        return out;
    }

    /** {@code Gᵀ z}: one GEMM {@code (S∘Z)ᵀ·X} with the pattern signs S. */
    double[] coneAdjoint(double[] z) {
        int p = patterns.count(), b = 2 * p;
        double[] sz = new double[b * n];   // 2P × n
        for (int a = 0; a < b; a++) {
            for (int r = 0; r < n; r++) sz[a * n + r] = patterns.active(a % p, r) ? z[a * n + r] : -z[a * n + r];
        }
        return Tensor.wrap(sz, b, n).matmul(Tensor.wrap(x, n, d)).toDoubleArray();   // 2P × d, the stacked blocks
    }

    /** {@code ½‖Fu − y‖² + β Σ ‖u_a‖}. */
    public double objective(double[] u) {
        double[] f = predict(u);
        double loss = 0;
        for (int r = 0; r < n; r++) loss += 0.5 * (f[r] - y[r]) * (f[r] - y[r]);
        return loss + beta * groupNormSum(u);
    }

    /** {@code Σ_a ‖u_a‖₂} over the 2P blocks. */
    public double groupNormSum(double[] u) {
        double s = 0;
        for (int a = 0; a < 2 * patterns.count(); a++) s += blockNorm(u, a);
        return s;
    }

    /** The most negative entry of {@code G u} (0 when the cone constraints hold). */
    public double coneViolation(double[] u) {
        double m = 0;
        for (double v : cone(u)) m = Math.min(m, v);
        return -m;
    }

    double blockNorm(double[] u, int a) {
        double s = 0;
        for (int k = 0; k < d; k++) s += u[a * d + k] * u[a * d + k];
        return Math.sqrt(s);
    }
}

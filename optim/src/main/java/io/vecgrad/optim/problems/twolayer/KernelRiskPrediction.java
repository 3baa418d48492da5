package io.vecgrad.optim.problems.twolayer;

import io.vecgrad.tensor.random.Rng;

/**
 * The integral-operator (kernel) prediction of P12 (Su, Yang, NeurIPS 2019) for GD on
 * {@link WideReluNet}: in the infinite-width limit the prediction errors {@code u = f(X) − y} evolve as
 * {@code u_{t+1} = (I − η K/n) u_t}, where {@code K_ij = K(x_i, x_j)} and
 * {@code K(x, x') = E_w[xᵀx' 1{wᵀx ≥ 0} 1{wᵀx' ≥ 0}] = xᵀx' (π − arccos xᵀx') / (2π)} for unit inputs.
 * {@code K/n} is the integral operator {@code L_K f(x) = ∫ K(x, x') f(x') dρ(x')} of the paper
 * restricted to the sample, so the predicted risk {@code (1/2n)‖u_t‖²} is the paper's
 * "powers of the integral operator" statement. The Gram matrix can be built from the closed form
 * or by Monte Carlo over w (the definition), which agree; the closed form is xᵀx'/2 times Cho and
 * Saul's degree-0 arc-cosine kernel {@code 1 − arccos(xᵀx')/π}.
 *
 * <pre>{@code
 * double[] k = KernelRiskPrediction.gram(x, n, d);
 * double eta = 1 / KernelRiskPrediction.topEigenvalue(k, n);      // of K/n
 * double[] predicted = KernelRiskPrediction.risk(k, n, u0, eta, 300);
 * }</pre>
 */
public final class KernelRiskPrediction {
    private KernelRiskPrediction() {}

    /** {@code xᵀx' (π − arccos xᵀx') / (2π)} (unit inputs; the inner product is clamped to [−1, 1] inside arccos). */
    public static double kernel(double[] x, int xo, double[] xp, int xpo, int d) {
        double dot = WideReluNet.dot(x, xo, xp, xpo, d);
        return dot * (Math.PI - Math.acos(Math.max(-1, Math.min(1, dot)))) / (2 * Math.PI);
    }

    /** The n×n Gram matrix of the closed-form kernel for X (n×d row-major, unit rows). */
    public static double[] gram(double[] x, int n, int d) {
        check(x, n, d);
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(x, i * d, x, j * d, d);
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        return k;
    }

    /** The Gram matrix by Monte Carlo over {@code samples} draws {@code w ~ N(0, I_d)} from stream {@code seed}. */
    public static double[] gramMonteCarlo(double[] x, int n, int d, int samples, long seed) {
        check(x, n, d);
        if (samples < 1) throw new IllegalArgumentException("KernelRiskPrediction.gramMonteCarlo: need >= 1 sample, got " + samples);
        Rng rng = new Rng(seed).split("relu-kernel/monte-carlo");
        double[] count = new double[n * n];
        double[] wv = new double[d];
        boolean[] on = new boolean[n];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < d; k++) wv[k] = rng.nextGaussian();
            for (int i = 0; i < n; i++) on[i] = WideReluNet.dot(wv, 0, x, i * d, d) >= 0;
            for (int i = 0; i < n; i++) {
                if (!on[i]) continue;
                for (int j = 0; j < n; j++) if (on[j]) count[i * n + j]++;
            }
        }
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) k[i * n + j] = WideReluNet.dot(x, i * d, x, j * d, d) * count[i * n + j] / samples;
        }
        return k;
    }

    /** The largest eigenvalue of {@code K/n} by power iteration (K symmetric positive semi-definite). */
    public static double topEigenvalue(double[] k, int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] kv = matVec(k, v, n);
            double norm = 0;
            for (double e : kv) norm += e * e;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            for (int i = 0; i < n; i++) v[i] = kv[i] / norm;
            if (Math.abs(norm - lambda) <= 1e-12 * norm) {
                lambda = norm;
                break;
            }
            lambda = norm;
        }
        return lambda / n;
    }

    /**
     * The predicted risk {@code (1/2n)‖u_t‖²} for t = 0..steps, {@code u_{t+1} = u_t − (η/n) K u_t}.
     *
     * @param u0 the initial prediction errors {@code f_0(x_i) − y_i}
     */
    public static double[] risk(double[] k, int n, double[] u0, double eta, int steps) {
        if (k.length != n * n || u0.length != n) {
            throw new IllegalArgumentException("KernelRiskPrediction.risk: Gram has " + k.length + " values and u0 " + u0.length + ", expected n*n and n with n=" + n);
        }
        double[] u = u0.clone();
        double[] out = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            double s = 0;
            for (double v : u) s += v * v;
            out[t] = s / (2 * n);
            if (t == steps) break;
            double[] ku = matVec(k, u, n);
            for (int i = 0; i < n; i++) u[i] -= eta / n * ku[i];
        }
        return out;
    }

    private static double[] matVec(double[] k, double[] v, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = WideReluNet.dot(k, i * n, v, 0, n);
        return out;
    }

    private static void check(double[] x, int n, int d) {
        if (n < 1 || d < 1 || x.length != n * d) throw new IllegalArgumentException("KernelRiskPrediction: x has " + x.length + " values, expected n*d = " + n + "*" + d);
    }
}

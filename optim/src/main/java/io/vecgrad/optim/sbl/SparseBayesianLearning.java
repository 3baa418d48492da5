package io.vecgrad.optim.sbl;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * Sparse Bayesian learning by EM, classic or Kronecker-structured (P55: He and Joseph, "Bayesian
 * Algorithms for Kronecker-structured Sparse Vector Recovery With Application to IRS-MIMO Channel
 * Estimation", arXiv:2307.14719). Model {@code y = Φx + n}, {@code n ~ N(0, σ²I)}, prior
 * {@code x ~ N(0, diag(γ))}; with a {@link KroneckerDictionary} and a Kronecker M-step,
 * {@code γ = γ_1 ⊗ … ⊗ γ_I}.
 *
 * <p><b>E-step</b> (Tipping 2001; Wipf and Rao 2004), in the m × m form so that pruned columns cost
 * nothing: {@code C = σ²I + ΦΓΦᵀ = LLᵀ}, {@code μ = ΓΦᵀC⁻¹y},
 * {@code Σ_jj = γ_j − γ_j²‖L⁻¹φ_j‖²}; it also yields the negative log marginal likelihood
 * {@code log|C| + yᵀC⁻¹y} that EM decreases. <b>M-step</b>: {@code q = diag(Σ) + μ⊙μ}, then
 * {@link SblMStep}: {@code γ = q}, or {@link KroneckerMStep#alternating} (AM-KroSBL, a generalized EM
 * step: each factor update lowers the M-step objective, so the likelihood is non-increasing), or
 * {@link KroneckerMStep#svd} (SVD-KroSBL, approximate, no monotonicity). Initialization (all ones), the
 * stopping rule and the factor-wise pruning follow the reference code
 * (github.com/YanbinHe/JournalKroSBL, {@code KroSBL_f/functions}); after the last iteration μ is
 * recomputed at the final γ, as there. The noise variance is known, as in the paper's experiments (the
 * spec's optional σ² update is not implemented).
 *
 * <pre>{@code
 * KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(1), new int[] {6, 6}, new int[] {16, 16});
 * double[] y = phi.apply(x);
 * SblResult am = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-6).withMStep(SblMStep.ALTERNATING));
 * SblResult classic = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-6));
 * }</pre>
 */
public final class SparseBayesianLearning {
    private SparseBayesianLearning() {}

    /** EM on a Kronecker dictionary with the configured M-step. */
    public static SblResult fit(KroneckerDictionary phi, double[] y, SblConfig config) {
        return run(phi.dense(), phi.rows(), phi.cols(), phi.factorCols(), y, config);
    }

    /**
     * Classic SBL on a dense row-major m × n dictionary; {@code config.mStep()} must be
     * {@link SblMStep#UNSTRUCTURED} (a Kronecker M-step needs a {@link KroneckerDictionary}).
     */
    public static SblResult fit(double[] phi, int m, int n, double[] y, SblConfig config) {
        if (config.mStep() != SblMStep.UNSTRUCTURED) {
            throw new IllegalArgumentException("SparseBayesianLearning.fit: M-step " + config.mStep() + " needs a KroneckerDictionary");
        }
        return run(phi, m, n, null, y, config);
    }

    private static SblResult run(double[] phi, int m, int n, int[] dims, double[] y, SblConfig c) {
        if (m <= 0 || n <= 0 || phi.length != (long) m * n || y.length != m) {
            throw new IllegalArgumentException("SparseBayesianLearning.fit: dictionary of length " + phi.length + " for " + m + "x" + n
                    + " and y of length " + y.length + " (need m*n and m)");
        }
        boolean kron = c.mStep() != SblMStep.UNSTRUCTURED;
        double[] phiT = transpose(phi, m, n);
        double[][] factors = kron ? KroneckerMStep.ones(dims) : new double[0][];
        double[] gamma = kron ? KroneckerMStep.kron(factors) : filled(n, 1);
        double[] objective = new double[c.maxIterations() + 1];
        boolean converged = false;
        int t = 0;
        EStep e = null;
        while (t < c.maxIterations()) {
            e = eStep(phiT, m, n, y, gamma, c.noiseVariance());
            objective[t] = e.objective;
            double[] q = new double[n];
            for (int j = 0; j < n; j++) q[j] = e.diag[j] + e.mean[j] * e.mean[j];
            double[] next;
            if (!kron) {
                next = q;
                prune(next, c.pruneRatio());
            } else {
                factors = c.mStep() == SblMStep.ALTERNATING
                        ? KroneckerMStep.alternating(q, dims, factors, c.innerTolerance(), c.maxInnerCycles())
                        : KroneckerMStep.svd(q, dims);
                for (double[] f : factors) prune(f, c.pruneRatio());
                next = KroneckerMStep.kron(factors);
            }
            double change = KroneckerMStep.relativeChange(next, gamma);
            gamma = next;
            t++;
            if (change < c.tolerance()) {
                converged = true;
                break;
            }
        }
        e = eStep(phiT, m, n, y, gamma, c.noiseVariance());
        objective[t] = e.objective;
        return new SblResult(e.mean, gamma, factors, java.util.Arrays.copyOf(objective, t + 1), t, converged);
    }

    /** Posterior mean, diagonal of the posterior covariance and the negative log marginal likelihood at γ. */
    record EStep(double[] mean, double[] diag, double objective) {}

    /**
     * The E-step at {@code gamma} for the dictionary given by its columns {@code phiT} (n × m, row-major):
     * one Cholesky of C and one triangular solve with {@code [y, φ_j for γ_j > 0]}, then
     * {@code μ_j = γ_j (L⁻¹φ_j)ᵀ(L⁻¹y)}.
     *
     * @throws io.vecgrad.tensor.linalg.LinalgException when C is not numerically positive definite
     */
    static EStep eStep(double[] phiT, int m, int n, double[] y, double[] gamma, double noiseVariance) {
        int[] active = java.util.stream.IntStream.range(0, n).filter(j -> gamma[j] > 0).toArray();
        double[] cov = new double[m * m];
        for (int p = 0; p < m; p++) cov[p * m + p] = noiseVariance;
        int k = active.length + 1;
        double[] rhs = new double[m * k];
        for (int p = 0; p < m; p++) rhs[p * k] = y[p];
        for (int a = 0; a < active.length; a++) {
            int o = active[a] * m;
            double g = gamma[active[a]];
            for (int p = 0; p < m; p++) {
                double gp = g * phiT[o + p];
                rhs[p * k + a + 1] = phiT[o + p];
                if (gp == 0) continue;
                for (int q = 0; q <= p; q++) cov[p * m + q] += gp * phiT[o + q];
            }
        }
        Tensor l = Linalg.cholesky(Tensor.of(cov, m, m));
        double[] w = Linalg.solveTriangular(l, Tensor.of(rhs, m, k), false).toDoubleArray();
        double[] ld = l.toDoubleArray();
        double logDet = 0, quad = 0;
        for (int p = 0; p < m; p++) {
            logDet += 2 * Math.log(ld[p * m + p]);
            quad += w[p * k] * w[p * k];
        }
        double[] mean = new double[n], diag = new double[n];
        for (int a = 0; a < active.length; a++) {
            double dot = 0, nrm = 0;
            for (int p = 0; p < m; p++) {
                double v = w[p * k + a + 1];
                dot += v * w[p * k];
                nrm += v * v;
            }
            int j = active[a];
            mean[j] = gamma[j] * dot;
            diag[j] = Math.max(0, gamma[j] - gamma[j] * gamma[j] * nrm);
        }
        return new EStep(mean, diag, logDet + quad);
    }

    private static void prune(double[] g, double ratio) {
        if (ratio <= 0) return;
        double max = 0;
        for (double v : g) max = Math.max(max, v);
        for (int k = 0; k < g.length; k++) if (g[k] < ratio * max) g[k] = 0;
    }

    private static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[n * m];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}

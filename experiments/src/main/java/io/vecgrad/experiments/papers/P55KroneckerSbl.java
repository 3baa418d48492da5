package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.sbl.KroneckerDictionary;
import io.vecgrad.optim.sbl.SblConfig;
import io.vecgrad.optim.sbl.SblMStep;
import io.vecgrad.optim.sbl.SblResult;
import io.vecgrad.optim.sbl.SparseBayesianLearning;
import io.vecgrad.optim.sbl.SparseRecovery;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P55 (He and Joseph, "Bayesian Algorithms for Kronecker-structured Sparse Vector Recovery With
 * Application to IRS-MIMO Channel Estimation", arXiv:2307.14719): Kronecker-structured SBL recovers a
 * Kronecker-supported sparse vector from fewer measurements than classic SBL.
 *
 * <p><b>Setting</b> (the paper's synthetic study, {@code KroSBL_f/Configuration.m} and
 * {@code simulationM.m} of its reference code, scaled to 2 cores: I = 2 factors instead of 3, N_i = 16
 * instead of 15, so N = 256 instead of 3375): {@code Φ = H_1 ⊗ H_2} with Gaussian {@code m_i × 16} factors
 * ({@code N(0, 1/m_i)}), {@code m_1 = m_2 ∈ {4, …, 9}} (m = 16 … 81 measurements), x = x_1 ⊗ x_2 with 3
 * Gaussian non-zeros per factor (9 in 256), SNR 25 dB with the noise variance known to every method, the
 * reference code's stopping rule (≤ 150 EM iterations, relative γ change 1e-4) and pruning (1e-3 of the
 * largest entry); trials = seeds 1..10 (dictionary, signal and noise drawn from the seed). Methods:
 * classic SBL, AM-KroSBL, SVD-KroSBL. Scores: support recovery rate {@code |Ŝ∩S|/|Ŝ∪S|} (the reference
 * code's {@code recover_rate.m}) and NMSE.
 *
 * <p><b>Threshold</b> (fixed before running): let {@code m90(method)} be the smallest m of the grid at
 * which the method's mean support recovery rate over the trials is at least 0.9 (never: +∞).
 * PASS when {@code m90(AM-KroSBL) < m90(classic SBL)} (AM-KroSBL reaching 0.9 while classic SBL never
 * does counts as PASS; neither reaching is FAIL). SVD-KroSBL is reported, not judged.
 *
 * <pre>{@code
 * Outcome o = P55KroneckerSbl.run(16, new int[] {4, 5, 6, 7, 8, 9}, 10, runDir);
 * }</pre>
 */
public final class P55KroneckerSbl extends PaperExperiment {
    static final int NONZEROS_PER_FACTOR = 3;
    static final double SNR_DB = 25;
    static final SblMStep[] METHODS = {SblMStep.UNSTRUCTURED, SblMStep.ALTERNATING, SblMStep.SVD};
    static final String[] NAMES = {"classic SBL", "AM-KroSBL", "SVD-KroSBL"};

    public P55KroneckerSbl() {
        super("p55-kronecker-sbl", List.of("P55"),
                "P55 Kronecker-structured SBL (AM and SVD M-steps) against classic SBL: support recovery versus the number of measurements",
                Experiments.params("n", 16, "trials", 10));
    }

    @Override
    public String claim() {
        return "On Kronecker-supported sparse vectors with a Kronecker dictionary, AM-KroSBL recovers the support from fewer measurements than classic SBL";
    }

    @Override
    public String threshold() {
        return "m90 = smallest m in {16,25,...,81} (m_1 = m_2 = 4..9) with mean support recovery rate >= 0.9 over 10 trials; PASS when "
                + "m90(AM-KroSBL) < m90(classic SBL) (classic never reaching counts as infinity; neither reaching is FAIL)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(8, new int[] {4, 6}, 1, ctx.dir()) : run(p.getInt("n"), new int[] {4, 5, 6, 7, 8, 9}, p.getInt("trials"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p55-").toResult(ctx.dir());
    }

    /** The study with factor length n, per-factor measurement counts {@code grid}, seeds 1..trials; plots into {@code dir} (null: none). */
    public static Outcome run(int n, int[] grid, int trials, Path dir) throws IOException {
        Outcome o = new Outcome();
        int[] dims = {n, n};
        o.line(String.format("setting: I=2, N_i=%d (N=%d), %d non-zeros per factor, SNR %.0f dB (noise variance known), m_1=m_2 in %s, trials 1..%d",
                n, n * n, NONZEROS_PER_FACTOR, SNR_DB, java.util.Arrays.toString(grid), trials));
        double[][] srr = new double[METHODS.length][grid.length], nmse = new double[METHODS.length][grid.length];
        for (int g = 0; g < grid.length; g++) {
            for (int t = 1; t <= trials; t++) {
                Rng rng = new Rng(t).split("m" + grid[g]);
                KroneckerDictionary phi = KroneckerDictionary.gaussian(rng.split("dictionary"), new int[] {grid[g], grid[g]}, dims);
                double[] x = SparseRecovery.kroneckerSparse(rng.split("signal"), dims, NONZEROS_PER_FACTOR);
                double[] clean = phi.apply(x);
                double power = 0;
                for (double v : clean) power += v * v / clean.length;
                double noiseVar = power / Math.pow(10, SNR_DB / 10);
                Rng noise = rng.split("noise");
                double[] y = clean.clone();
                for (int i = 0; i < y.length; i++) y[i] += Math.sqrt(noiseVar) * noise.nextGaussian();
                for (int k = 0; k < METHODS.length; k++) {
                    SblResult r = SparseBayesianLearning.fit(phi, y, SblConfig.of(noiseVar).withMStep(METHODS[k]));
                    double s = SparseRecovery.supportRecoveryRate(r.mean(), x), e = SparseRecovery.nmse(r.mean(), x);
                    srr[k][g] += s / trials;
                    nmse[k][g] += e / trials;
                    o.row("p55-trials", "m,trial,method,support_recovery_rate,nmse,em_iterations", grid[g] * grid[g], t, NAMES[k], s, e, r.iterations());
                }
            }
            for (int k = 0; k < METHODS.length; k++) {
                o.row("p55-summary", "m,method,mean_support_recovery_rate,mean_nmse", grid[g] * grid[g], NAMES[k], srr[k][g], nmse[k][g]);
            }
            o.line(String.format("m=%d: mean support recovery classic %.3f, AM %.3f, SVD %.3f; mean NMSE classic %.2e, AM %.2e, SVD %.2e",
                    grid[g] * grid[g], srr[0][g], srr[1][g], srr[2][g], nmse[0][g], nmse[1][g], nmse[2][g]));
        }
        int[] m90 = new int[METHODS.length];
        for (int k = 0; k < METHODS.length; k++) {
            m90[k] = Integer.MAX_VALUE;
            for (int g = 0; g < grid.length; g++) if (srr[k][g] >= 0.9) {
                m90[k] = grid[g] * grid[g];
                break;
            }
            o.figure(key(k) + ".m90", m90[k] == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : m90[k]);
        }
        o.check(String.format("m90: AM-KroSBL %s < classic SBL %s (SVD-KroSBL %s, not judged)", show(m90[1]), show(m90[0]), show(m90[2])),
                m90[1] != Integer.MAX_VALUE && m90[1] < m90[0]);
        if (dir != null) plot(grid, srr, nmse, dir);
        return o;
    }

    private static String key(int k) {
        return new String[] {"classic", "am", "svd"}[k];
    }

    private static String show(int m) {
        return m == Integer.MAX_VALUE ? "never" : "m=" + m;
    }

    private static void plot(int[] grid, double[][] srr, double[][] nmse, Path dir) throws IOException {
        Files.createDirectories(dir);
        double[] m = new double[grid.length];
        for (int g = 0; g < grid.length; g++) m[g] = grid[g] * grid[g];
        List<CurvePlots.Curve> a = new ArrayList<>(), b = new ArrayList<>();
        for (int k = 0; k < METHODS.length; k++) {
            a.add(new CurvePlots.Curve(NAMES[k], m, srr[k]));
            b.add(new CurvePlots.Curve(NAMES[k], m, nmse[k]));
        }
        CurvePlots.write(dir.resolve("p55-support-recovery.png"), "P55 mean support recovery rate vs measurements", "measurements m",
                "support recovery rate", a, false, false);
        CurvePlots.write(dir.resolve("p55-nmse.png"), "P55 mean NMSE vs measurements", "measurements m", "NMSE", b, false, true);
    }
}

package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.optim.problems.matrix.MatrixFactorization;
import io.vecgrad.optim.solvers.matrix.FactorGd;
import io.vecgrad.optim.solvers.matrix.FactorRun;
import io.vecgrad.optim.solvers.matrix.PerturbedGd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P27 (Liu, Li, Wei, Zhou, Zhao, "Noisy gradient descent converges to flat minima for nonconvex matrix
 * factorization", AISTATS 2021): GD converges to a global minimum that depends on its initialization,
 * perturbed GD to one fixed by the injected noise — the weighted-balanced factorization with
 * {@code ‖X‖²/‖Y‖² = nσ₁²/(mσ₂²)}, which has the lowest norm ({@link MatrixFactorization#normExcess} = 1)
 * and the smallest sharpness among the factorizations of its product.
 *
 * <p><b>Setting</b> (the spec's canonical experiment is [reconstructed]; synthetic rectangular
 * factorization as in the paper): {@code MatrixFactorization.planted(30, 20, (1, 0.5))}, width 2,
 * η = 0.05, 4000 iterations, σ₁ = σ₂ = σ ∈ {0.05, 0.1} (target ratio 30/20 = 1.5), two starts: (A) the
 * unbalanced global minimum {@code (U√Σ·2, V√Σ/2)} (ratio 16) and (B) a small random start
 * (entries N(0, 0.1²)); seeds 1, 2, 3 (instance, start and noise).
 *
 * <p><b>Thresholds</b> (fixed before running), for every seed and σ: (1) perturbed GD's balance ratio,
 * averaged over the last quarter of the iterations, is within 15 % of 1.5 from both starts, while GD
 * from (A) keeps a ratio ≥ 10 and GD's two final ratios differ by a factor ≥ 3; (2) perturbed GD's final
 * norm excess is ≤ 1.05 from both starts; (3) its sharpness (largest Hessian eigenvalue) from (A) is
 * ≤ 0.8 × that of GD from (A).
 *
 * <pre>{@code
 * Outcome o = P27FlatMinima.run(4000, 3, runDir);
 * }</pre>
 */
public final class P27FlatMinima extends PaperExperiment {
    static final double[] SIGMA = {1, 0.5};
    static final double ETA = 0.05;

    public P27FlatMinima() {
        super("p27-flat-minima", List.of("P27"),
                "P27 perturbed GD on matrix factorization selects the balanced, lowest-norm, flattest global minimum; GD keeps the one its start gives",
                Experiments.params("iterations", 4000, "seeds", 3));
    }

    @Override
    public String claim() {
        return "GD converges to a global minimum determined by its initialization, while perturbed GD converges to the one determined by the noise: "
                + "balance ratio n*s1^2/(m*s2^2), lowest norm, flattest";
    }

    @Override
    public String threshold() {
        return "every seed and sigma in {0.05, 0.1}: PGD mean ratio (last quarter) within 15% of 1.5 from both starts, GD from the unbalanced start "
                + ">= 10 and GD's two ratios differ >= 3x; PGD norm excess <= 1.05; PGD sharpness <= 0.8 x GD's from the unbalanced start";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(300, 1, ctx.dir()) : run(p.getInt("iterations"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p27-").toResult(ctx.dir());
    }

    /** The experiment with T iterations on seeds 1..seeds; seed 1's balance curves are drawn into {@code dir} (null: none). */
    public static Outcome run(int iterations, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        int n = 30, m = 20, t = iterations;
        o.line(String.format("setting: M 30x20 rank 2 sigma (1, 0.5), width 2, eta %.2f, T %d, sigma in {0.05, 0.1}, seeds 1..%d", ETA, t, seeds));
        List<CurvePlots.Curve> curves = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            MatrixFactorization p = MatrixFactorization.planted(n, m, SIGMA, seed);
            Factors unbalanced = unbalancedMinimum(p, 2);
            Rng rng = new Rng(seed).split("p27-start");
            Factors small = new Factors(rng.split("X").normal(DType.FLOAT64, 0, 0.1, n, 2), rng.split("Y").normal(DType.FLOAT64, 0, 0.1, m, 2));
            FactorRun gdA = FactorGd.factored(p, unbalanced, ETA, t, null), gdB = FactorGd.factored(p, small, ETA, t, null);
            double ratioGdA = gdA.factors().balanceRatio(), ratioGdB = gdB.factors().balanceRatio();
            double sharpGd = p.sharpness(gdA.factors(), 300);
            for (double s : new double[] {0.05, 0.1}) {
                double target = p.balancedRatio(s, s);
                FactorRun pA = PerturbedGd.run(p, unbalanced, ETA, s, s, t, 100L * seed + 1);
                FactorRun pB = PerturbedGd.run(p, small, ETA, s, s, t, 100L * seed + 2);
                double mA = tailMean(pA.balance()), mB = tailMean(pB.balance());
                double exA = p.normExcess(pA.factors(), s, s), exB = p.normExcess(pB.factors(), s, s), exGd = p.normExcess(gdA.factors(), s, s);
                double sharpP = p.sharpness(pA.factors(), 300);
                o.row("p27-summary", "seed,sigma,start,method,balance_ratio,norm_excess,sharpness", seed, s, "A", "gd", ratioGdA, exGd, sharpGd);
                o.row("p27-summary", "seed,sigma,start,method,balance_ratio,norm_excess,sharpness", seed, s, "A", "pgd", mA, exA, sharpP);
                o.row("p27-summary", "seed,sigma,start,method,balance_ratio,norm_excess,sharpness", seed, s, "B", "gd", ratioGdB, p.normExcess(gdB.factors(), s, s), p.sharpness(gdB.factors(), 300));
                o.row("p27-summary", "seed,sigma,start,method,balance_ratio,norm_excess,sharpness", seed, s, "B", "pgd", mB, exB, p.sharpness(pB.factors(), 300));
                boolean ratios = Math.abs(mA - target) <= 0.15 * target && Math.abs(mB - target) <= 0.15 * target;
                boolean gdStays = ratioGdA >= 10 && Math.max(ratioGdA, ratioGdB) >= 3 * Math.min(ratioGdA, ratioGdB);
                o.check(String.format("seed %d sigma %.2f: PGD ratio %.3f (A) and %.3f (B) vs target %.3f; GD ratio %.2f (A) vs %.2f (B)", seed, s, mA, mB,
                        target, ratioGdA, ratioGdB), ratios && gdStays);
                o.check(String.format("seed %d sigma %.2f: norm excess PGD %.4f (A), %.4f (B) <= 1.05 (GD from A: %.3f)", seed, s, exA, exB, exGd),
                        exA <= 1.05 && exB <= 1.05);
                o.check(String.format("seed %d sigma %.2f: sharpness PGD %.3f <= 0.8 x GD %.3f", seed, s, sharpP, sharpGd), sharpP <= 0.8 * sharpGd);
                o.figure(String.format("seed%d.sigma%.2f.ratio_A", seed, s), mA).figure(String.format("seed%d.sigma%.2f.sharpness_ratio", seed, s), sharpP / sharpGd);
                if (seed == 1) {
                    curves.add(curve("PGD s=" + s + " from A", pA.balance()));
                    curves.add(curve("PGD s=" + s + " from B", pB.balance()));
                }
            }
            if (seed == 1) {
                curves.add(0, curve("GD from A", gdA.balance()));
                curves.add(1, curve("GD from B", gdB.balance()));
            }
        }
        if (dir != null) {
            java.nio.file.Files.createDirectories(dir);
            CurvePlots.write(dir.resolve("p27-balance.png"), "P27 balance ratio ||X||^2/||Y||^2 (target 1.5; seed 1)", "iteration",
                    "balance ratio", curves, false, true);
        }
        return o;
    }

    private static CurvePlots.Curve curve(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return new CurvePlots.Curve(name, x, y);
    }

    /** Mean over the last quarter. */
    static double tailMean(double[] v) {
        int from = v.length - v.length / 4;
        double s = 0;
        for (int i = from; i < v.length; i++) s += v[i];
        return s / (v.length - from);
    }

    /** The global minimum {@code (U√Σ·a, V√Σ/a)} of {@code ½‖XYᵀ − M‖²} at width 2. */
    static Factors unbalancedMinimum(MatrixFactorization p, double a) {
        Linalg.Svd s = Linalg.svd(p.target(), false);
        Tensor root = s.s().slice(0, 0, 2).sqrt();
        return new Factors(s.u().slice(1, 0, 2).mul(root).mul(a), s.vh().slice(0, 0, 2).mT().mul(root).div(a));
    }
}

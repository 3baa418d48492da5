package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.synthetic.MatrixSensing;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.matrix.AsymmetricSensing;
import io.vecgrad.optim.problems.matrix.SensingOperator;
import io.vecgrad.optim.problems.matrix.SymmetricSensing;
import io.vecgrad.optim.solvers.matrix.FactorGd;
import io.vecgrad.optim.solvers.matrix.FactorRun;
import io.vecgrad.optim.solvers.matrix.OneStepFix;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P54 (Xiong, Ding, Du, "How over-parameterization slows down gradient descent in matrix sensing: the
 * curses of symmetry and initialization", ICLR 2024): GD on {@code XXᵀ} converges linearly when k = r
 * but sublinearly (error ~ 1/T², slope −2 in log-log) when k &gt; r; GD on {@code FGᵀ} with k &gt; r is
 * linear at a rate that grows with the initialization scale α; the one-step fix ({@link OneStepFix},
 * reconstructed form) restores an α-independent fast rate.
 *
 * <p><b>Setting</b> (scaled from the paper's 50×50, rank-3 examples to 2 cores): {@code datasets}'
 * {@code MatrixSensing}, n = 20, r = 2, singular values (1, 0.5), m = 800 Gaussian measurements,
 * over-parameterized width k = 4, step η = 0.05, T = 3000 iterations, init scale α = 0.1 (symmetric;
 * asymmetric F at α, G at α/3), the asymmetric α-comparison at α ∈ {0.03, 0.1}, the fix applied when
 * the relative residual first falls to 1e-2, on the α = 0.03 run; seeds 1, 2, 3 (instance and init).
 * Error: {@code e_t = ‖product_t − M*‖_F² / ‖M*‖_F²}.
 *
 * <p><b>Thresholds</b> (fixed before running), for every seed: (1) symmetric k = r reaches e ≤ 1e-16
 * within T, symmetric k &gt; r does not reach 1e-8, and the least-squares slope of log e against log t
 * over t ∈ [T/10, T] for k &gt; r lies in [−3, −1.2]; (2) asymmetric k &gt; r needs fewer iterations
 * to reach e ≤ 1e-8 at α = 0.1 than at α = 0.03 (not reaching counts as T + 1); (3) with the fix, the
 * iterations from e ≤ 1e-6 to e ≤ 1e-12 are at most 2 × those of asymmetric exact parameterization (k = r)
 * and at most 1/5 of those of the plain α = 0.03 run (not reaching counts as T + 1).
 *
 * <pre>{@code
 * Outcome o = P54OverparamSensing.run(20, 3000, 3, runDir);
 * }</pre>
 */
public final class P54OverparamSensing extends PaperExperiment {
    static final double[] SIGMA = {1, 0.5};
    static final double ETA = 0.05;

    public P54OverparamSensing() {
        super("p54-overparam-sensing", List.of("P54"),
                "P54 over-parameterized matrix sensing: symmetric k>r is sublinear, asymmetric k>r linear but alpha-dependent, the one-step fix restores the fast rate",
                Experiments.params("n", 20, "iterations", 3000, "seeds", 3));
    }

    @Override
    public String claim() {
        return "Over-parameterization (k > r) slows GD from linear to sublinear (~1/T^2) in symmetric sensing; asymmetric GD is linear with an "
                + "alpha-dependent rate, and a one-step product-preserving rebalancing recovers the exact-parameterized rate";
    }

    @Override
    public String threshold() {
        return "every seed: sym k=r reaches e<=1e-16, sym k>r stays >1e-8 with log-log slope over [T/10,T] in [-3,-1.2]; asym k>r reaches 1e-8 sooner at "
                + "alpha 0.1 than 0.03; with the fix, iterations from e<=1e-6 to 1e-12 <= 2x asym k=r and <= 1/5 of plain alpha 0.03";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(10, 400, 1, ctx.dir()) : run(p.getInt("n"), p.getInt("iterations"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p54-").toResult(ctx.dir());
    }

    /** The experiment at size n with T iterations on seeds 1..seeds; seed 1's curves are drawn into {@code dir} (null: none). */
    public static Outcome run(int n, int iterations, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        int m = 40 * n, r = SIGMA.length, k = 4, t = iterations;
        o.line(String.format("setting: n=%d, r=%d, sigma=(1, 0.5), m=%d, k=%d, eta=%.2f, T=%d, seeds 1..%d", n, r, m, k, ETA, t, seeds));
        for (int seed = 1; seed <= seeds; seed++) {
            MatrixSensing sym = MatrixSensing.symmetric(n, r, SIGMA, m, seed);
            SymmetricSensing ps = new SymmetricSensing(SensingOperator.of(sym.sensingMatrices()), sym.y(), sym.groundTruth());
            MatrixSensing asym = MatrixSensing.asymmetric(n, n, r, SIGMA, m, seed);
            AsymmetricSensing pa = new AsymmetricSensing(SensingOperator.of(asym.sensingMatrices()), asym.y(), asym.groundTruth());
            double[] symExact = relative(FactorGd.symmetric(ps, ps.smallInit(r, 0.1, seed), ETA, t), ps.truth());
            double[] symOver = relative(FactorGd.symmetric(ps, ps.smallInit(k, 0.1, seed), ETA, t), ps.truth());
            double[] asymExact = relative(FactorGd.asymmetric(pa, pa.smallInit(r, 0.1, seed), ETA, t), pa.truth());
            double[] asymLarge = relative(FactorGd.asymmetric(pa, pa.smallInit(k, 0.1, seed), ETA, t), pa.truth());
            double[] asymSmall = relative(FactorGd.asymmetric(pa, pa.smallInit(k, 0.03, seed), ETA, t), pa.truth());
            FactorRun fixRun = FactorGd.asymmetric(pa, pa.smallInit(k, 0.03, seed), ETA, t, OneStepFix.whenResidualBelow(1e-2));
            double[] fixed = relative(fixRun, pa.truth());
            String[] names = {"sym k=r", "sym k>r", "asym k=r", "asym k>r a=0.1", "asym k>r a=0.03", "asym k>r a=0.03 + fix"};
            double[][] curves = {symExact, symOver, asymExact, asymLarge, asymSmall, fixed};
            for (int i = 0; i <= t; i += Math.max(1, t / 500)) {
                for (int c = 0; c < names.length; c++) o.row("p54-curves", "seed,iteration,run,relative_sq_error", seed, i, names[c], curves[c][i]);
            }
            double slope = logLogSlope(symOver, t / 10, t);
            o.figure("seed" + seed + ".sym_over_slope", slope);
            o.check(String.format("seed %d: sym k=r reaches e<=1e-16 (%s); sym k>r final e %.2e > 1e-8, log-log slope %.2f in [-3, -1.2]", seed,
                    reach(symExact, 1e-16) <= t ? "at t=" + reach(symExact, 1e-16) : "not reached", symOver[t], slope),
                    reach(symExact, 1e-16) <= t && symOver[t] > 1e-8 && slope >= -3 && slope <= -1.2);
            int large = reach(asymLarge, 1e-8), small = reach(asymSmall, 1e-8);
            o.check(String.format("seed %d: asym k>r reaches e<=1e-8 at t=%s (alpha 0.1) vs %s (alpha 0.03): larger alpha faster", seed,
                    show(large, t), show(small, t)), large < small);
            int nFix = span(fixed, t), nExact = span(asymExact, t), nPlain = span(asymSmall, t);
            o.figure("seed" + seed + ".fix_span", nFix).figure("seed" + seed + ".exact_span", nExact).figure("seed" + seed + ".plain_span", nPlain);
            o.check(String.format("seed %d: fix applied at t=%d; iterations from e<=1e-6 to 1e-12: fix %s, asym k=r %s, plain alpha 0.03 %s "
                    + "(need fix <= 2x k=r and <= plain/5)", seed, fixRun.fixedAt(), show(nFix, t), show(nExact, t), show(nPlain, t)),
                    nFix <= t && nFix <= 2 * nExact && 5L * nFix <= nPlain);
            if (seed == 1 && dir != null) plot(curves, names, dir);
        }
        return o;
    }

    private static String show(int iterations, int t) {
        return iterations > t ? "never (>" + t + ")" : Integer.toString(iterations);
    }

    /** {@code ‖product_t − M*‖_F² / ‖M*‖_F²}. */
    static double[] relative(FactorRun run, io.vecgrad.tensor.Tensor truth) {
        double scale = truth.square().sum().item();
        double[] d = run.distance().clone();
        for (int i = 0; i < d.length; i++) d[i] = d[i] * d[i] / scale;
        return d;
    }

    /** First t with e_t ≤ level, or length (i.e. T + 1) when never. */
    static int reach(double[] e, double level) {
        for (int i = 0; i < e.length; i++) if (e[i] <= level) return i;
        return e.length;
    }

    /** Iterations from e ≤ 1e-6 to e ≤ 1e-12; T + 1 when either is not reached. */
    static int span(double[] e, int t) {
        int a = reach(e, 1e-6), b = reach(e, 1e-12);
        return a > t || b > t ? t + 1 : b - a;
    }

    /** Least-squares slope of log e against log t over t ∈ [from, to]. */
    static double logLogSlope(double[] e, int from, int to) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int i = Math.max(1, from); i <= to; i++) {
            double x = Math.log(i), y = Math.log(e[i]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            count++;
        }
        return (count * sxy - sx * sy) / (count * sxx - sx * sx);
    }

    private static void plot(double[][] c, String[] names, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        double[] t = new double[c[0].length];
        for (int i = 0; i < t.length; i++) t[i] = i;
        List<CurvePlots.Curve> all = new ArrayList<>(), sym = new ArrayList<>();
        for (int i = 0; i < names.length; i++) all.add(new CurvePlots.Curve(names[i], t, c[i]));
        sym.add(all.get(0));
        sym.add(all.get(1));
        CurvePlots.write(dir.resolve("p54-symmetric-loglog.png"), "P54 symmetric sensing: ||XX^T - M*||^2/||M*||^2 (log-log, seed 1)",
                "iteration", "relative squared error", sym, true, true);
        CurvePlots.write(dir.resolve("p54-all-loglinear.png"), "P54 all runs (log-linear, seed 1)", "iteration",
                "relative squared error", all, false, true);
        CurvePlots.write(dir.resolve("p54-all-loglog.png"), "P54 all runs (log-log, seed 1)", "iteration",
                "relative squared error", all, true, true);
    }
}

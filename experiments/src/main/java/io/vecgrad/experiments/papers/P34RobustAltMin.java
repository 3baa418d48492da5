package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.synthetic.MatrixCompletion;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.matrix.CompletionProblem;
import io.vecgrad.optim.solvers.matrix.AltMin;
import io.vecgrad.optim.solvers.matrix.LeastSquaresSolver;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P34 (Gu, Song, Yin, Zhang, "Low rank matrix completion via robust alternating minimization in nearly
 * linear time", arXiv:2302.11068): alternating minimization stays accurate when each regression is
 * solved only approximately by a sketching-preconditioned solver, which is cheaper than the exact
 * {@code O(|Ω| k²)} solves — so robust AltMin matches exact AltMin's error in less time as n grows.
 *
 * <p><b>Setting</b> (scaled to 2 cores): square {@code datasets.synthetic.MatrixCompletion} instances,
 * n ∈ {500, 1000, 2000}, rank k = 30 with unit singular values, each entry observed with probability
 * {@code p = 2 k ln(n) / n} (|Ω| ≈ 2 n k ln n), T = 12 AltMin iterations, all samples reused, spectral
 * initialization with 10 subspace iterations; exact solves ({@link LeastSquaresSolver#exact()}) against
 * sketched ones ({@code LeastSquaresSolver.sketched(2, 2, seed)}: CountSketch with 2k rows, 2 PCG steps);
 * seeds 1, 2. Time: wall clock of {@code AltMin.run} (initialization included), mean over the seeds,
 * measured in one JVM, methods alternating — timings under load are unreliable, the ratio less so.
 *
 * <p><b>Thresholds</b> (fixed before running): at every n and seed both methods reach relative error
 * {@code ‖M̂ − M‖_F/‖M‖_F ≤ 1e-6}; at the largest n the sketched method's mean time is below the exact one's.
 *
 * <pre>{@code
 * Outcome o = P34RobustAltMin.run(new int[] {500, 1000, 2000}, 30, 12, 2, runDir);
 * }</pre>
 */
public final class P34RobustAltMin extends PaperExperiment {
    public P34RobustAltMin() {
        super("p34-robust-altmin", List.of("P34"),
                "P34 robust AltMin: sketch-and-precondition least squares match exact AltMin's recovery error in less time at growing n",
                Experiments.params("sizes", "500,1000,2000", "rank", 30, "iterations", 12, "seeds", 2));
    }

    @Override
    public String claim() {
        return "Alternating minimization with approximate (sketched, preconditioned) regression solves recovers a low-rank matrix as exactly as "
                + "with exact solves, in less time as n grows";
    }

    @Override
    public String threshold() {
        return "every n and seed: relative error <= 1e-6 for exact and sketched AltMin; at the largest n mean time sketched < exact";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Outcome o = ctx.quick() ? run(new int[] {100, 200}, 5, 8, 1, ctx.dir())
                : run(Arrays.stream(p.getString("sizes").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray(), p.getInt("rank"),
                        p.getInt("iterations"), p.getInt("seeds"), ctx.dir());
        return o.attachPngs(ctx.dir(), "p34-").toResult(ctx.dir());
    }

    /** The experiment over square sizes {@code sizes}; figures are drawn into {@code dir} (null: none). */
    public static Outcome run(int[] sizes, int rank, int iterations, int seeds, Path dir) throws IOException {
        Outcome o = new Outcome();
        o.line(String.format("setting: n in %s, k=%d, p=2k ln(n)/n, T=%d, sketched(2k rows, 2 PCG steps), seeds 1..%d (timings under load)",
                Arrays.toString(sizes), rank, iterations, seeds));
        double[] sigma = new double[rank];
        Arrays.fill(sigma, 1);
        double[] ns = new double[sizes.length], tExact = new double[sizes.length], tSketch = new double[sizes.length];
        List<CurvePlots.Curve> dist = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            double p = Math.min(1, 2.0 * rank * Math.log(n) / n);
            ns[s] = n;
            boolean accurate = true;
            StringBuilder errors = new StringBuilder();
            for (int seed = 1; seed <= seeds; seed++) {
                MatrixCompletion c = MatrixCompletion.generate(n, n, sigma, p, seed);
                CompletionProblem problem = new CompletionProblem(c.observed(), c.matrix(), c.leftFactor());
                AltMin.Options base = AltMin.Options.of(rank, iterations).withSeed(seed);
                AltMin.Options[] methods = {base, base.withSolver(LeastSquaresSolver.sketched(2, 2, seed))};
                for (int mth = 0; mth < 2; mth++) {
                    long t0 = System.nanoTime();
                    AltMin.Result r = AltMin.run(problem, methods[mth]);
                    double sec = (System.nanoTime() - t0) / 1e9;
                    double err = problem.relativeError(r.estimate());
                    String name = mth == 0 ? "exact" : "sketched";
                    (mth == 0 ? tExact : tSketch)[s] += sec / seeds;
                    accurate &= err <= 1e-6;
                    errors.append(String.format(" seed %d %s %.2e (%.2f s);", seed, name, err, sec));
                    o.row("p34-runs", "n,p,seed,method,relative_error,seconds", n, p, seed, name, err, sec);
                    if (seed == 1 && s == sizes.length - 1) dist.add(curve("dist(U_t, U*) " + name + ", n=" + n, r.subspaceDistance()));
                }
            }
            o.check(String.format("n=%d (p=%.3f): relative errors <= 1e-6:%s", n, p, errors), accurate);
            o.figure("n" + n + ".time_exact_s", tExact[s]).figure("n" + n + ".time_sketched_s", tSketch[s]);
            o.line(String.format("n=%d: mean time exact %.2f s, sketched %.2f s, ratio %.2f (under load)", n, tExact[s], tSketch[s], tSketch[s] / tExact[s]));
        }
        int last = sizes.length - 1;
        o.check(String.format("largest n=%d: sketched %.2f s < exact %.2f s (under load)", sizes[last], tSketch[last], tExact[last]), tSketch[last] < tExact[last]);
        if (dir != null) {
            java.nio.file.Files.createDirectories(dir);
            CurvePlots.write(dir.resolve("p34-time-vs-n.png"), "P34 AltMin wall time vs n (log-log, under load)", "n", "seconds",
                    List.of(new CurvePlots.Curve("exact", ns, tExact), new CurvePlots.Curve("sketched", ns, tSketch)), true, true);
            CurvePlots.write(dir.resolve("p34-subspace-distance.png"), "P34 subspace distance per iteration (largest n, seed 1)", "iteration",
                    "||(I - U*U*^T) U_t||_F", dist, false, true);
        }
        return o;
    }

    private static CurvePlots.Curve curve(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return new CurvePlots.Curve(name, x, y);
    }
}

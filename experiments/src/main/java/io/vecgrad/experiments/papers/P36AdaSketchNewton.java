package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.constrained.AdaSketchNewton;
import io.vecgrad.optim.constrained.AdaSketchOptions;
import io.vecgrad.optim.constrained.ConstrainedLogisticRegression;
import io.vecgrad.optim.constrained.ConstrainedResult;
import io.vecgrad.optim.constrained.EqualityProblem;
import io.vecgrad.optim.constrained.HockSchittkowski;
import io.vecgrad.optim.constrained.KktSolve;
import io.vecgrad.tensor.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P36 AdaSketch-Newton (Hong, Na, Mahoney and Kolar, ICML 2023) against SQP with exact KKT solves,
 * on the paper's two kinds of benchmark scaled to two cores: a CUTEst-like set (12 equality
 * problems of Hock and Schittkowski, {@link HockSchittkowski}) and the code's constrained logistic
 * regression ({@code min mean log(1 + exp(−y aᵀw)) s.t. Aw = b, ‖w‖² = 1}, 10 Gaussian rows,
 * start w = 1, λ = 1) on two binary tasks of the 8×8 digits (features /16): even vs odd digit
 * (1,797 examples) and 3 vs 8 (357 examples), n = 64, m = 11. All solvers use the code's defaults
 * (KKT tolerance 1e-4; for the logistic problems the logistic driver's reduced-Hessian threshold
 * 1e-2 and 1e6 sketch steps); the sketching variants (Gaussian GV, Kaczmarz RK) run seeds 1…3.
 * Flops count only the KKT solves: LU (2/3)N³ + 2N² for the exact solve, the sketch steps with
 * their residual updates for AdaSketch ({@code Sketching.FLOPS_PER_STEP}).
 *
 * <p>Parameter {@code logistic=false} leaves the two logistic problems out (they dominate the run
 * time: their sketches need up to 1e6 steps per accuracy loop).
 *
 * <p>Criteria (fixed before running): (a) flops — on at least half of the problems, every run of
 * both sketching variants converges and the median KKT flops of each variant are below the exact
 * SQP's; (b) unit step — in at least 90% of the converged runs (all solvers), every step among
 * the last two taken with KKT residual below 1e-2 has α = 1.
 *
 * <pre>{@code
 * Outcome o = P36AdaSketchNewton.run(P36AdaSketchNewton.Config.quick());
 * }</pre>
 */
public final class P36AdaSketchNewton extends PaperExperiment {
    public P36AdaSketchNewton() {
        super("p36-adasketch-newton", List.of("P36"),
                "P36 AdaSketch-Newton (Gaussian / Kaczmarz sketched KKT solves) vs exact SQP on 12 Hock-Schittkowski problems and constrained logistic regression on digits",
                Experiments.params("seeds", 3, "max-iterations", 300, "logistic", true));
    }

    @Override
    public String claim() {
        return "AdaSketch-Newton reaches the same KKT accuracy as exact SQP with fewer KKT-solve flops, and accepts the unit step near the solution";
    }

    @Override
    public String threshold() {
        return "(a) on >= half of the problems, all runs of both sketch variants converge (KKT <= 1e-4) with median KKT flops below exact SQP's;"
                + " (b) in >= 90% of converged runs every step among the last two with KKT < 1e-2 has alpha = 1";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("max-iterations"), p.getBoolean("logistic"), null)).toResult(ctx.dir());
    }

    /** Seeds of the sketches, iteration cap, whether to run the logistic problems, and an optional subset of HS names. */
    public record Config(int seeds, int maxIterations, boolean logistic, List<String> only) {
        public static Config defaults() {
            return new Config(3, 300, true, null);
        }

        /** Two small HS problems, one seed: a few seconds. */
        public static Config quick() {
            return new Config(1, 50, false, List.of("HS28", "HS6"));
        }
    }

    record Problem(EqualityProblem problem, AdaSketchOptions options) {}

    static List<Problem> problems(Config c) {
        List<Problem> out = new ArrayList<>();
        AdaSketchOptions base = AdaSketchOptions.defaults().withMaxIterations(c.maxIterations());
        for (HockSchittkowski.Case hs : HockSchittkowski.all()) {
            if (c.only() == null || c.only().contains(hs.problem().name())) out.add(new Problem(hs.problem(), base));
        }
        if (c.logistic()) {
            AdaSketchOptions lo = base.withReducedHessianThreshold(1e-2).withMaxSketchSteps(1_000_000);
            TensorDataset d = Digits.load();
            double[] x = d.x().to(DType.FLOAT64).contiguous().toDoubleArray();
            long[] y = d.y().to(DType.INT64).contiguous().toLongArray();
            out.add(new Problem(logistic("logistic digits even/odd", x, y, k -> true, k -> k % 2 == 0), lo));
            out.add(new Problem(logistic("logistic digits 3/8", x, y, k -> k == 3 || k == 8, k -> k == 3), lo));
        }
        return out;
    }

    private static EqualityProblem logistic(String name, double[] x, long[] y, java.util.function.LongPredicate keep, java.util.function.LongPredicate positive) {
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (!keep.test(y[i])) continue;
            double[] r = Arrays.copyOfRange(x, i * Digits.FEATURES, (i + 1) * Digits.FEATURES);
            for (int k = 0; k < r.length; k++) r[k] /= 16;
            rows.add(r);
            labels.add(positive.test(y[i]) ? 1.0 : -1.0);
        }
        return ConstrainedLogisticRegression.of(name, rows.toArray(new double[0][]), labels.stream().mapToDouble(Double::doubleValue).toArray(), 2023);
    }

    /** Every step among the last two taken with KKT < 1e-2 has α = 1 (vacuously true when none qualifies). */
    static boolean unitStepsNearSolution(ConstrainedResult r) {
        List<ConstrainedResult.Iterate> h = r.history();
        for (int k = Math.max(0, h.size() - 3); k < h.size() - 1; k++) {
            if (h.get(k).kkt() < 1e-2 && h.get(k).alpha() != 1.0) return false;
        }
        return true;
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        List<Problem> problems = problems(c);
        o.line("P36 AdaSketch-Newton vs exact SQP: " + problems.size() + " problems, sketch seeds 1.." + c.seeds() + ", KKT tolerance 1e-4");
        String header = "problem,n,m,solver,seed,reason,iterations,kkt,f,kkt_flops,sketch_steps,evaluations,seconds,unit_steps_near_solution";
        int fewer = 0, converged = 0, unit = 0;
        for (Problem pr : problems) {
            EqualityProblem p = pr.problem();
            long t0 = System.nanoTime();
            ConstrainedResult exact = AdaSketchNewton.sqp(p, pr.options());
            double secs = (System.nanoTime() - t0) / 1e9;
            record(o, header, p, "exact", 0, exact, secs);
            boolean exactOk = exact.reason() == ConstrainedResult.Reason.CONVERGED;
            if (exactOk) {
                converged++;
                unit += unitStepsNearSolution(exact) ? 1 : 0;
            }
            boolean problemFewer = exactOk;
            StringBuilder fig = new StringBuilder(String.format("%-26s exact: %s in %d it, %.3g flops", p.name(), exact.reason(), exact.iterations(), (double) exact.kktFlops()));
            for (KktSolve s : new KktSolve[] {KktSolve.GAUSSIAN, KktSolve.KACZMARZ}) {
                double[] flops = new double[c.seeds()];
                boolean all = true;
                int its = 0;
                for (int seed = 1; seed <= c.seeds(); seed++) {
                    long t1 = System.nanoTime();
                    ConstrainedResult r = AdaSketchNewton.solve(p, pr.options().withSolve(s).withSeed(seed));
                    record(o, header, p, s.name().toLowerCase(), seed, r, (System.nanoTime() - t1) / 1e9);
                    boolean ok = r.reason() == ConstrainedResult.Reason.CONVERGED;
                    all &= ok;
                    if (ok) {
                        converged++;
                        unit += unitStepsNearSolution(r) ? 1 : 0;
                    }
                    flops[seed - 1] = r.kktFlops();
                    its += r.iterations();
                }
                double med = SeedStats.of(flops).median();
                problemFewer &= all && med < exact.kktFlops();
                fig.append(String.format("; %s: %s, median %.3g flops (%.3gx exact), mean %.1f it", s == KktSolve.GAUSSIAN ? "GV" : "RK",
                        all ? "all converged" : "NOT all converged", med, med / Math.max(1, exact.kktFlops()), its / (double) c.seeds()));
            }
            fewer += problemFewer ? 1 : 0;
            o.line(fig.toString());
            o.line(String.format("    exact SQP %.2f s; objective %.8g", secs, p.f(exact.x())));
        }
        o.figure("problems_with_fewer_sketch_flops", fewer);
        o.figure("problems", problems.size());
        o.check(String.format("(a) sketching needs fewer KKT flops than exact SQP on %d of %d problems; needs >= half", fewer, problems.size()),
                2 * fewer >= problems.size());
        double frac = converged == 0 ? 0 : unit / (double) converged;
        o.figure("unit_step_fraction", frac);
        o.check(String.format("(b) unit step near the solution in %d of %d converged runs (%.0f%%); needs >= 90%%", unit, converged, 100 * frac), frac >= 0.9);
        return o;
    }

    private static void record(Outcome o, String header, EqualityProblem p, String solver, int seed, ConstrainedResult r, double secs) {
        o.row("p36-runs", header, p.name(), p.n(), p.m(), solver, seed, r.reason(), r.iterations(), r.kktResidual(), p.f(r.x()), r.kktFlops(),
                r.sketchSteps(), r.functionEvaluations(), secs, unitStepsNearSolution(r));
        for (ConstrainedResult.Iterate it : r.history()) {
            o.row("p36-history", "problem,solver,seed,k,f,constraint_norm,kkt,alpha,eta1,eta2,delta,kkt_flops,sketch_steps", p.name(), solver, seed, it.k(),
                    it.f(), it.constraintNorm(), it.kkt(), it.alpha(), it.eta1(), it.eta2(), it.delta(), it.kktFlops(), it.sketchSteps());
        }
    }
}

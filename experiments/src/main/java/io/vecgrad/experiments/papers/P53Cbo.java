package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.zeroth.Cbo;
import io.vecgrad.optim.zeroth.TestFunctions;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * P53 consensus-based optimization (Riedl et al., "Gradient is All You Need?", arXiv:2306.09778):
 * CBO, which only evaluates f, finds the global minimum of the Rastrigin and Ackley functions in
 * d = 20, where gradient descent from the same starting distribution stalls in a local minimum.
 *
 * <p><b>Setting.</b> CBXpy's d = 20 Rastrigin example configuration ({@code alpha=30, dt=0.01,
 * sigma=8.1, lamda=1, N=1000, max_it=1000}, particles uniform in [−3, 3]^20) with anisotropic
 * noise and CBXpy's default α schedule (×1.05 per step, capped at 1e5), on both functions, seeds
 * 1…{@code seeds}. Gradient descent baseline: from the best of the same N initial particles (a
 * generous start), 5,000 steps of {@code x ← x − η∇f} with η = 0.002 on Rastrigin (below 2/L,
 * L = 2 + 40π²) and η = 0.01 on Ackley. Success: final point within 0.1 (Euclidean) of the global
 * minimizer 0.
 *
 * <p><b>Threshold</b> (fixed before running): on each function CBO's consensus succeeds in at
 * least 80 % of the seeds and gradient descent in at most 20 %.
 *
 * <pre>{@code
 * Outcome o = P53Cbo.run(5, 1000, 1000, 20, new ArrayList<>());
 * }</pre>
 */
public final class P53Cbo extends PaperExperiment {
    public P53Cbo() {
        super("p53-cbo", List.of("P53"), "P53 consensus-based optimization vs gradient descent on Rastrigin and Ackley, d = 20 (CBXpy example settings)",
                Experiments.params("seeds", 5, "particles", 1000, "iterations", 1000, "d", 20));
    }

    @Override
    public String claim() {
        return "CBO (zeroth order) finds the global minimum of Rastrigin and Ackley in d = 20 where gradient descent stalls in local minima";
    }

    @Override
    public String threshold() {
        return "per function: CBO consensus within 0.1 of the minimizer in >= 80 % of seeds, gradient descent in <= 20 %";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<CurvePlots.Curve> curves = new ArrayList<>();
        Outcome o = ctx.quick() ? run(1, 50, 60, 5, curves) : run(p.getInt("seeds"), p.getInt("particles"), p.getInt("iterations"), p.getInt("d"), curves);
        o.attach(plot(ctx, curves));
        return o.toResult(ctx.dir());
    }

    private record Target(String name, ToDoubleFunction<double[]> f, Function<double[], double[]> grad, double lr) {}

    private static final List<Target> TARGETS = List.of(
            new Target("rastrigin", TestFunctions::rastrigin, TestFunctions::rastriginGradient, 0.002),
            new Target("ackley", TestFunctions::ackley, TestFunctions::ackleyGradient, 0.01));

    /** Runs the comparison; the seed-1 CBO best-value curves are added to {@code curves}. */
    public static Outcome run(int seeds, int particles, int iterations, int d, List<CurvePlots.Curve> curves) {
        Outcome o = new Outcome();
        o.line(String.format("d=%d, N=%d, %d CBO steps, seeds 1..%d; CBXpy example: alpha=30 (x1.05/step, max 1e5), dt=0.01, sigma=8.1, lambda=1, anisotropic, init U[-3,3]^d",
                d, particles, iterations, seeds));
        for (Target t : TARGETS) {
            int cboHits = 0, gdHits = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                Cbo.Config c = Cbo.Config.defaults().withParticles(particles).withAlphaSchedule(30, 1.05, 1e5).withSigma(8.1).withDt(0.01)
                        .withNoise(Cbo.Noise.ANISOTROPIC).withIterations(iterations).withDomain(-3, 3);
                Cbo cbo = new Cbo(t.f(), d, c, seed);
                double[] start = bestOf(cbo.particles(), t.f());
                io.vecgrad.optim.zeroth.ZerothOrderResult r = cbo.run();
                double cboErr = norm(cbo.consensus()), cboF = t.f().applyAsDouble(cbo.consensus());
                double[] x = start.clone();
                int gdSteps = 5000;
                for (int k = 0; k < gdSteps; k++) {
                    double[] g = t.grad().apply(x);
                    for (int i = 0; i < d; i++) x[i] -= t.lr() * g[i];
                }
                double gdErr = norm(x), gdF = t.f().applyAsDouble(x);
                cboHits += cboErr < 0.1 ? 1 : 0;
                gdHits += gdErr < 0.1 ? 1 : 0;
                o.row("p53-runs", "function,seed,cbo_distance,cbo_f,gd_distance,gd_f,cbo_evaluations", t.name(), seed, cboErr, cboF, gdErr, gdF, r.evaluations());
                o.line(String.format("%s seed %d: CBO |v|=%.3g f(v)=%.3g (%d evaluations); GD from the best initial particle |x|=%.3g f(x)=%.3g",
                        t.name(), seed, cboErr, cboF, r.evaluations(), gdErr, gdF));
                if (seed == 1) {
                    double[] h = r.history(), it = new double[h.length];
                    for (int k = 0; k < h.length; k++) it[k] = k + 1;
                    curves.add(new CurvePlots.Curve(t.name() + " CBO best f", it, h));
                }
            }
            o.figure(t.name() + "_cbo_success", (double) cboHits / seeds);
            o.figure(t.name() + "_gd_success", (double) gdHits / seeds);
            o.check(String.format("%s: CBO succeeds in %d/%d seeds (needs >= 80 %%)", t.name(), cboHits, seeds), cboHits >= 0.8 * seeds);
            o.check(String.format("%s: GD succeeds in %d/%d seeds (needs <= 20 %%)", t.name(), gdHits, seeds), gdHits <= 0.2 * seeds);
        }
        return o;
    }

    private static java.nio.file.Path plot(ExperimentContext ctx, List<CurvePlots.Curve> curves) throws IOException {
        java.nio.file.Files.createDirectories(ctx.dir());
        List<CurvePlots.Curve> pos = new ArrayList<>();
        for (CurvePlots.Curve c : curves) {
            double[] y = c.y().clone();
            for (int i = 0; i < y.length; i++) y[i] = Math.max(y[i], 1e-16);
            pos.add(new CurvePlots.Curve(c.name(), c.x(), y));
        }
        return CurvePlots.write(ctx.dir().resolve("p53-cbo-best.png"), "CBO best value (seed 1)", "step", "best f", pos, false, true);
    }

    private static double[] bestOf(double[][] x, ToDoubleFunction<double[]> f) {
        double[] best = x[0];
        double bf = f.applyAsDouble(best);
        for (double[] p : x) {
            double v = f.applyAsDouble(p);
            if (v < bf) {
                bf = v;
                best = p;
            }
        }
        return best.clone();
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }
}

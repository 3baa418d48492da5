package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.optim.solvers.dag.Notears;
import io.vecgrad.optim.solvers.dag.Topo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P39 TOPO (Deng, Bello, Aragam, Ravikumar, ICML 2023): local search over topological orders
 * reaches better NOTEARS-program solutions — lower SHD — than NOTEARS itself on linear
 * Gaussian SEMs.
 *
 * <p><b>Setting</b> (the authors' demo — n = 1000, ER, Gaussian equal-variance noise, random
 * initial order, {@code size_small = 100}, {@code size_large = 400}, {@code no_large_search = 1}
 * — scaled to two cores): ER and SF graphs with s0 = 2d edges, d ∈ {10, 20} (parameter
 * {@code dmax} adds 30, 40, 50 when raised), n = 1000, seeds 1…3, weights ±[0.5, 2],
 * unit-variance Gaussian noise ({@link io.vecgrad.optim.problems.dag.DagSampler}). NOTEARS: the
 * authors' linear defaults (λ = 0.1, threshold 0.3). TOPO thresholds W(π) at 0.3 too.
 *
 * <p><b>Threshold</b> (fixed before running): TOPO's mean SHD ≤ NOTEARS's, over all runs and
 * separately over the ER runs and the SF runs.
 *
 * <pre>{@code
 * Outcome o = P39Topo.run(1000, 3, 20, false, Path.of("out"));
 * }</pre>
 */
public final class P39Topo extends PaperExperiment {
    public P39Topo() {
        super("p39-topo", List.of("P39"), "P39 TOPO vs NOTEARS: SHD on linear Gaussian SEMs, ER and SF graphs, d = 10-20 (dmax), 3 seeds",
                Experiments.params("n", 1000, "seeds", 3, "dmax", 20));
    }

    @Override
    public String claim() {
        return "TOPO's swap search over topological orders finds DAGs at least as close to the truth (SHD) as NOTEARS";
    }

    @Override
    public String threshold() {
        return "mean SHD of TOPO <= mean SHD of NOTEARS over all runs, over the ER runs and over the SF runs";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Outcome o = ctx.quick() ? run(200, 1, 6, true, ctx.dir()) : run(p.getInt("n"), p.getInt("seeds"), p.getInt("dmax"), false, ctx.dir());
        return DagBench.withArtifacts(o.toResult(ctx.dir()), "p39-shd.png");
    }

    public static Outcome run(int n, int seeds, int dmax, boolean quick, Path dir) throws java.io.IOException {
        Outcome o = new Outcome();
        o.line(String.format("P39 TOPO vs NOTEARS: n=%d, seeds=%d, d up to %d, s0 = 2d, Gaussian EV noise", n, seeds, dmax));
        List<DagBench.Setting> settings = new ArrayList<>();
        for (DagSampler.Graph g : DagSampler.Graph.values()) {
            for (int d = quick ? dmax : 10; d <= dmax; d += 10) settings.add(new DagBench.Setting(g, d, true));
        }
        List<DagBench.Method> methods = List.of(
                new DagBench.Method("notears", s -> Notears.fit(s.x(), s.n(), s.d(), Notears.Options.defaults())),
                new DagBench.Method("topo", s -> Topo.fit(s.x(), s.n(), s.d(), Topo.Options.defaults(), 0).fit()));
        DagBench b = DagBench.run(settings, methods, n, seeds, o, "p39-runs");
        b.report(o, "p39-shd", dir);
        for (String scope : List.of("", "ER", "SF")) {
            double topo = b.meanShd("topo", l -> l.startsWith(scope)), notears = b.meanShd("notears", l -> l.startsWith(scope));
            String where = scope.isEmpty() ? "all runs" : scope + " runs";
            o.figure("shd_topo" + (scope.isEmpty() ? "" : "_" + scope), topo).figure("shd_notears" + (scope.isEmpty() ? "" : "_" + scope), notears);
            o.check(String.format("%s: mean SHD TOPO %.2f <= NOTEARS %.2f", where, topo, notears), topo <= notears);
        }
        return o;
    }
}

package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.History;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.Topology;
import io.vecgrad.distributed.TopologySchedule;
import io.vecgrad.distributed.gossip.GossipPga;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * P14 Gossip-PGA (Chen et al., ICML 2021, arXiv:2105.09080) against gossip SGD and all-reduce
 * SGD on the simulator, scaled to two cores: n workers on a ring (Metropolis weights 1/3),
 * softmax regression on the 8×8 digits with Dirichlet(α) non-iid shards ({@link FederatedDigits}),
 * batch 16, the same step size γ for all three methods, T iterations, seeds 1…s (seed = shards
 * and minibatches). All-reduce SGD is Gossip-PGA with H = 1 (a gather and a broadcast per
 * iteration); gossip SGD never averages globally; Gossip-PGA averages exactly every H iterations.
 * Accuracy is the test accuracy of the workers' average model, evaluated every {@code every}
 * iterations; communication is every byte sent by workers and server ({@code 8·d} per vector).
 *
 * <p>Criterion (fixed before running): let A = mean over seeds of all-reduce SGD's final test
 * accuracy and target = A − 0.01. (1) Gossip-PGA's mean final accuracy ≥ A − 0.01; (2) the median
 * over seeds of the bytes Gossip-PGA has sent when its accuracy first reaches the target is below
 * gossip SGD's (never reaching counts as infinite).
 *
 * <pre>{@code
 * Outcome o = P14GossipPga.run(P14GossipPga.Config.defaults());
 * }</pre>
 */
public final class P14GossipPga extends PaperExperiment {
    public P14GossipPga() {
        super("p14-gossip-pga", List.of("P14"), "P14 Gossip-PGA vs gossip SGD vs all-reduce SGD on a ring, non-iid digits",
                Experiments.params("workers", 16, "alpha", 0.1, "iterations", 800, "period", 16, "lr", 0.2, "seeds", 3));
    }

    @Override
    public String claim() {
        return "Gossip-PGA reaches all-reduce SGD's accuracy, and reaches it with less communication than gossip SGD alone (ring, non-iid data)";
    }

    @Override
    public String threshold() {
        return "mean final test accuracy of Gossip-PGA >= all-reduce SGD's - 0.01, and median bytes to reach (all-reduce accuracy - 0.01): Gossip-PGA < gossip SGD (never = infinite)";
    }

    /** Settings. */
    public record Config(int workers, double alpha, int iterations, int period, double lr, int seeds, int every) {
        public static Config defaults() {
            return new Config(16, 0.1, 800, 16, 0.2, 3, 20);
        }

        public static Config quick() {
            return new Config(8, 0.1, 40, 8, 0.2, 1, 10);
        }
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick()
                : new Config(p.getInt("workers"), p.getDouble("alpha"), p.getInt("iterations"), p.getInt("period"), p.getDouble("lr"), p.getInt("seeds"), 20);
        return run(c).toResult(ctx.dir());
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        TopologySchedule ring = TopologySchedule.fixed(Topology.ring(c.workers()));
        o.line("P14 Gossip-PGA: " + c.workers() + " workers on a ring (spectral gap " + String.format("%.4f", Topology.ring(c.workers()).spectralGap())
                + "), softmax regression on digits, Dirichlet alpha " + c.alpha() + ", lr " + c.lr() + ", " + c.iterations() + " iterations, H = " + c.period());
        List<String> names = List.of("all-reduce", "gossip", "gossip-pga");
        List<Supplier<RoundMethod>> methods = List.of(() -> GossipPga.pga(ring, c.lr(), 1), () -> GossipPga.gossip(ring, c.lr()),
                () -> GossipPga.pga(ring, c.lr(), c.period()));
        List<List<History>> runs = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            List<History> perSeed = new ArrayList<>();
            for (int seed = 1; seed <= c.seeds(); seed++) {
                FederatedDigits fd = FederatedDigits.softmax(c.workers(), c.alpha(), 16, seed);
                try (SyncSimulator sim = SyncSimulator.builder(fd.workers()).seed(seed).build()) {
                    History h = Simulation.run(methods.get(m).get(), sim, c.iterations(), c.every(), fd::accuracy);
                    perSeed.add(h);
                    for (History.Record r : h.records()) {
                        o.row("curves", "method,seed,iteration,test_accuracy,consensus,bytes", names.get(m), seed, (long) r.time(), r.metric(), r.consensus(), r.bytes());
                    }
                }
            }
            runs.add(perSeed);
        }
        double[][] finals = new double[3][c.seeds()];
        for (int m = 0; m < 3; m++) for (int s = 0; s < c.seeds(); s++) finals[m][s] = runs.get(m).get(s).last().metric();
        SeedStats allReduce = SeedStats.of(finals[0]), gossip = SeedStats.of(finals[1]), pga = SeedStats.of(finals[2]);
        double target = allReduce.mean() - 0.01;
        double[] bytesGossip = bytesToTarget(runs.get(1), target), bytesPga = bytesToTarget(runs.get(2), target), bytesAll = bytesToTarget(runs.get(0), target);
        o.line(String.format("final test accuracy (mean ± se over %d seeds): all-reduce %s, gossip %s, gossip-pga %s", c.seeds(),
                allReduce.format(100, 2), gossip.format(100, 2), pga.format(100, 2)));
        o.line("bytes to reach " + String.format("%.4f", target) + ": all-reduce " + Arrays.toString(bytesAll) + ", gossip " + Arrays.toString(bytesGossip)
                + ", gossip-pga " + Arrays.toString(bytesPga));
        o.figure("accuracy_allreduce", allReduce.mean());
        o.figure("accuracy_gossip", gossip.mean());
        o.figure("accuracy_pga", pga.mean());
        o.figure("median_bytes_to_target_gossip", SeedStats.of(bytesGossip).median());
        o.figure("median_bytes_to_target_pga", SeedStats.of(bytesPga).median());
        o.check(String.format("Gossip-PGA accuracy %.4f >= all-reduce %.4f - 0.01", pga.mean(), allReduce.mean()), pga.mean() >= allReduce.mean() - 0.01);
        o.check(String.format("median bytes to target: Gossip-PGA %.4g < gossip %.4g", SeedStats.of(bytesPga).median(), SeedStats.of(bytesGossip).median()), SeedStats.of(bytesPga).median() < SeedStats.of(bytesGossip).median());
        return o;
    }

    /** Per seed: bytes sent when the accuracy first reaches {@code target} (infinite if never). */
    static double[] bytesToTarget(List<History> perSeed, double target) {
        double[] out = new double[perSeed.size()];
        for (int s = 0; s < out.length; s++) {
            out[s] = Double.POSITIVE_INFINITY;
            for (History.Record r : perSeed.get(s).records()) {
                if (r.metric() >= target) {
                    out[s] = r.bytes();
                    break;
                }
            }
        }
        return out;
    }
}

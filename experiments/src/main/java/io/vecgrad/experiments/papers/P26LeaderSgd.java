package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.History;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.gossip.Lsgd;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.List;

/**
 * P26 Leader SGD (Teng et al., NeurIPS 2019) against periodic-averaging local SGD with the same
 * communication period, on the simulator: n workers with iid shards of the 8×8 digits, a 64-32-10
 * ReLU MLP ({@link FederatedDigits#mlp}, same initial weights for all workers and both methods),
 * batch 16, step 0.1, T steps per worker, period τ = 16, seeds 1…s. LSGD uses the defaults of the
 * authors' scripts (yunfei-teng/LSGD: local and global pulling strengths c1 = c2 = 0.1, loss EMA
 * 0.9); local SGD averages all models every τ steps. LSGD is judged by its leader's model, local
 * SGD by its averaged model.
 *
 * <p>Criterion (fixed before running), means over seeds: (1) LSGD's test accuracy ≥ local SGD's −
 * 0.01; (2) LSGD sends fewer bytes than local SGD (a scalar per worker and one leader broadcast per
 * period, against an all-reduce of the models).
 *
 * <pre>{@code
 * Outcome o = P26LeaderSgd.run(P26LeaderSgd.Config.defaults());
 * }</pre>
 */
public final class P26LeaderSgd extends PaperExperiment {
    public P26LeaderSgd() {
        super("p26-leader-sgd", List.of("P26"), "P26 LSGD (pull to the leader) vs local SGD with the same period, MLP on digits",
                Experiments.params("workers", 8, "steps", 1600, "period", 16, "lr", 0.1, "seeds", 3));
    }

    @Override
    public String claim() {
        return "Leader SGD trains an MLP to an accuracy no worse than periodic-averaging local SGD with the same communication period, sending fewer bytes";
    }

    @Override
    public String threshold() {
        return "mean test accuracy of the LSGD leader >= local SGD's - 0.01, and LSGD's bytes < local SGD's";
    }

    /** Settings. */
    public record Config(int workers, int steps, int period, double lr, int seeds) {
        public static Config defaults() {
            return new Config(8, 1600, 16, 0.1, 3);
        }

        public static Config quick() {
            return new Config(4, 32, 8, 0.1, 1);
        }
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick()
                : new Config(p.getInt("workers"), p.getInt("steps"), p.getInt("period"), p.getDouble("lr"), p.getInt("seeds"));
        return run(c).toResult(ctx.dir());
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        o.line("P26 LSGD: " + c.workers() + " workers, MLP 64-32-10 on digits (iid), lr " + c.lr() + ", " + c.steps() + " steps, period " + c.period());
        double[] accL = new double[c.seeds()], accA = new double[c.seeds()];
        long bytesL = 0, bytesA = 0;
        for (int s = 1; s <= c.seeds(); s++) {
            FederatedDigits fd = FederatedDigits.mlp(c.workers(), 0, 16, s);
            try (SyncSimulator sim = SyncSimulator.builder(fd.workers()).seed(s).build()) {
                RoundMethod m = new Lsgd(c.lr(), c.period(), 0.1, 0.1, 0.9);
                History h = Simulation.run(m, sim, c.steps(), c.period() * 10L, fd::accuracy);
                for (History.Record r : h.records()) o.row("curves", "method,seed,step,test_accuracy,bytes", "lsgd", s, (long) r.time(), r.metric(), r.bytes());
                accL[s - 1] = h.last().metric();
                bytesL = sim.bytes().totalBytes();
            }
            try (SyncSimulator sim = SyncSimulator.builder(fd.workers()).seed(s).build()) {
                RoundMethod m = FedAvg.localSgd(c.period(), c.lr());
                History h = Simulation.run(m, sim, c.steps() / c.period(), 10, fd::accuracy);
                for (History.Record r : h.records()) o.row("curves", "method,seed,step,test_accuracy,bytes", "local-sgd", s, (long) r.time() * c.period(), r.metric(), r.bytes());
                accA[s - 1] = h.last().metric();
                bytesA = sim.bytes().totalBytes();
            }
        }
        SeedStats l = SeedStats.of(accL), a = SeedStats.of(accA);
        o.line("test accuracy: LSGD leader " + l.format(100, 2) + ", local SGD " + a.format(100, 2) + "; bytes per run: LSGD " + bytesL + ", local SGD " + bytesA);
        o.figure("accuracy_lsgd", l.mean());
        o.figure("accuracy_local_sgd", a.mean());
        o.figure("bytes_lsgd", bytesL);
        o.figure("bytes_local_sgd", bytesA);
        o.check(String.format("LSGD %.4f >= local SGD %.4f - 0.01", l.mean(), a.mean()), l.mean() >= a.mean() - 0.01);
        o.check("LSGD bytes " + bytesL + " < local SGD bytes " + bytesA, bytesL < bytesA);
        return o;
    }
}

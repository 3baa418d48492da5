package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.robust.Attacks;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleFunction;

/**
 * P13 signSGD with majority vote (Jin et al., arXiv:2002.10940; the vote of Bernstein et al. 2019)
 * against full-precision minibatch SGD on the simulator: M workers with iid shards of the 8×8
 * digits, softmax regression ({@link FederatedDigits}), batch 32 per worker, R rounds (one
 * gradient per worker per round), seeds 1…s. Each method gets the same small step-size grid of
 * three values (SGD {0.1, 0.3, 1}, sign vote {0.001, 0.003, 0.01}); the step size with the lowest
 * mean final train loss is kept. Then the vote is rerun at that step size with b of the M workers
 * flipping their signs ({@code Channels.byzantine(bad, Attacks.negateOwn(1))} after the one-bit
 * encoding). Stochastic-sign voting with server error feedback is reported, not judged.
 *
 * <p>Criterion (fixed before running), means over seeds: (1) the vote's test accuracy ≥ SGD's −
 * 0.03; (2) with b = 2 of M = 9 sign-flippers the vote's accuracy ≥ its clean accuracy − 0.05; (3)
 * each worker's uplink is exactly ⌈d/8⌉ bytes per round against SGD's 8·d (1 bit per coordinate).
 *
 * <pre>{@code
 * Outcome o = P13MajorityVote.run(P13MajorityVote.Config.defaults());
 * }</pre>
 */
public final class P13MajorityVote extends PaperExperiment {
    public P13MajorityVote() {
        super("p13-majority-vote", List.of("P13"), "P13 signSGD with majority vote vs SGD at 1 bit per coordinate, with a minority of sign-flipping workers",
                Experiments.params("workers", 9, "flippers", 2, "rounds", 300, "seeds", 3));
    }

    @Override
    public String claim() {
        return "majority-vote signSGD matches SGD's accuracy at 1 bit per coordinate and tolerates a minority of sign-flipping workers";
    }

    @Override
    public String threshold() {
        return "vote accuracy >= SGD's - 0.03; with 2 of 9 flippers, vote accuracy >= clean vote's - 0.05; uplink bytes per worker-round = ceil(d/8)";
    }

    /** Settings. */
    public record Config(int workers, int flippers, int rounds, int seeds) {
        public static Config defaults() {
            return new Config(9, 2, 300, 3);
        }

        public static Config quick() {
            return new Config(5, 1, 10, 1);
        }
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("workers"), p.getInt("flippers"), p.getInt("rounds"), p.getInt("seeds"));
        return run(c).toResult(ctx.dir());
    }

    /** {test accuracy, train loss, uplink bytes per worker-round}, means over seeds; a fresh method per seed. */
    private static double[] evaluate(Config c, DoubleFunction<RoundMethod> factory, double lr, Channel encode, Outcome o, String label) {
        double acc = 0, loss = 0, bytes = 0;
        for (int s = 1; s <= c.seeds(); s++) {
            FederatedDigits fd = FederatedDigits.softmax(c.workers(), 0, 32, s);
            try (SyncSimulator sim = SyncSimulator.builder(fd.workers()).seed(s).encode(encode).build()) {
                RoundMethod m = factory.apply(lr);
                Simulation.run(m, sim, c.rounds(), c.rounds(), x -> 0);
                double a = fd.accuracy(m.model(sim)), l = fd.trainLoss(m.model(sim));
                acc += a / c.seeds();
                loss += l / c.seeds();
                bytes = (double) sim.bytes().workerBytes() / ((long) c.workers() * c.rounds());   // the same every seed
                o.row("runs", "method,lr,seed,test_accuracy,train_loss", label, lr, s, a, l);
            }
        }
        return new double[] {acc, loss, bytes};
    }

    /** The grid value with the lowest mean final train loss, and its figures. */
    private static double[] best(Config c, DoubleFunction<RoundMethod> factory, double[] grid, Outcome o, String name) {
        double[] best = null;
        double bestLr = Double.NaN;
        for (double lr : grid) {
            double[] r = evaluate(c, factory, lr, Channel.perfect(), o, name);
            o.line(String.format("%s lr %g: accuracy %.4f, train loss %.4f", name, lr, r[0], r[1]));
            if (best == null || r[1] < best[1]) {
                best = r;
                bestLr = lr;
            }
        }
        return new double[] {bestLr, best[0], best[1], best[2]};
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        o.line("P13 majority vote: " + c.workers() + " workers, iid digits shards, softmax regression, " + c.rounds() + " rounds, " + c.seeds() + " seeds");
        double[] sgd = best(c, FedAvg::minibatchSgd, new double[] {0.1, 0.3, 1.0}, o, "sgd");
        double[] vote = best(c, MajorityVote::signs, new double[] {0.001, 0.003, 0.01}, o, "vote");
        Set<Integer> bad = new TreeSet<>();
        for (int i = 0; i < c.flippers(); i++) bad.add(i);
        double[] attacked = evaluate(c, MajorityVote::signs, vote[0], Channels.byzantine(bad, Attacks.negateOwn(1)), o, "vote+flippers");
        Set<Integer> many = new TreeSet<>();
        for (int i = 0; i < (c.workers() - 1) / 2; i++) many.add(i);
        double[] attackedMany = evaluate(c, MajorityVote::signs, vote[0], Channels.byzantine(many, Attacks.negateOwn(1)), o, "vote+" + many.size() + "flippers");
        double[] sto = evaluate(c, lr -> MajorityVote.stochasticSigns(lr).withErrorFeedback(), vote[0], Channel.perfect(), o, "sto-sign+ef");
        int d = FederatedDigits.softmax(c.workers(), 0, 32, 1).workers().get(0).params().dim();
        o.line(String.format("chosen lr: sgd %g, vote %g; accuracy sgd %.4f, vote %.4f, vote with %d flippers %.4f, with %d flippers %.4f (not judged), sto-sign+EF %.4f (not judged)",
                sgd[0], vote[0], sgd[1], vote[1], bad.size(), attacked[0], many.size(), attackedMany[0], sto[0]));
        o.line(String.format("uplink bytes per worker-round: sgd %.1f, vote %.1f (d = %d)", sgd[3], vote[3], d));
        o.figure("accuracy_sgd", sgd[1]);
        o.figure("accuracy_vote", vote[1]);
        o.figure("accuracy_vote_flippers", attacked[0]);
        o.figure("accuracy_vote_many_flippers", attackedMany[0]);
        o.figure("accuracy_stosign_ef", sto[0]);
        o.figure("uplink_bytes_vote", vote[3]);
        o.figure("uplink_bytes_sgd", sgd[3]);
        o.check(String.format("vote accuracy %.4f >= SGD %.4f - 0.03", vote[1], sgd[1]), vote[1] >= sgd[1] - 0.03);
        o.check(String.format("with %d of %d flippers: %.4f >= clean vote %.4f - 0.05", bad.size(), c.workers(), attacked[0], vote[1]), attacked[0] >= vote[1] - 0.05);
        o.check(String.format("vote uplink %.1f bytes = ceil(d/8) = %d; SGD %.1f = 8d = %d", vote[3], (d + 7) / 8, sgd[3], 8 * d),
                vote[3] == (d + 7) / 8 && sgd[3] == 8.0 * d);
        return o;
    }
}

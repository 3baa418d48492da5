package io.vecgrad.distributed.curriculum;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;

import io.vecgrad.tensor.random.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * FedAvg with curricula (P47: Vahidian et al., ICCV 2023), after the centralized framework of
 * Wu, Dyer and Neyshabur (2021) [reconstructed]: every worker's problem is a
 * {@link PacedProblem} whose examples are ordered by difficulty (curriculum, anti-curriculum or
 * random); in round t a selected client draws its minibatches from the first g(t) examples
 * ({@link Pacing}), runs K local SGD steps and returns its model; the server averages the
 * returned models weighted by client data size, in worker order. Clients are selected uniformly
 * or, with {@code orderedSelection}, by {@link ClientSelection#ordered}: each alive client
 * receives θ^t, uploads one scalar (its mean loss at θ^t) and the server keeps the eligible
 * easiest (or hardest) ones, eligible = max(m, ⌈g_clients(t)·M⌉) with the same pacing.
 *
 * <pre>{@code
 * CurriculumFedAvg fl = new CurriculumFedAvg(new CurriculumFedAvg.Config(Pacing.linear(0.5, 0.2, 50), 5, false,
 *         Ordering.CURRICULUM, 10, 0.1), clientSizes);
 * try (SyncSimulator sim = SyncSimulator.builder(workers).seed(1).build()) {
 *     History h = Simulation.run(fl, sim, 50, 5, test::loss);
 * }
 * }</pre>
 */
public final class CurriculumFedAvg implements RoundMethod {
    /**
     * @param pacing           the pacing g(t) of each client's examples (and of eligible clients)
     * @param clientsPerRound  m
     * @param orderedSelection rank clients by their loss at θ^t instead of drawing uniformly
     * @param selectionOrder   easiest first (CURRICULUM) or hardest first (ANTI_CURRICULUM)
     * @param localSteps       K
     * @param lr               local learning rate
     */
    public record Config(Pacing pacing, int clientsPerRound, boolean orderedSelection, Ordering selectionOrder,
                         int localSteps, double lr) {
        public Config {
            if (clientsPerRound < 1 || localSteps < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("CurriculumFedAvg: need m ≥ 1, K ≥ 1 and lr > 0, got m = " + clientsPerRound
                        + ", K = " + localSteps + ", lr = " + lr);
            }
        }
    }

    private final Config cfg;
    private final int[] sizes;
    private ParamVector global;

    /** {@code clientSizes[k]}: n_k, client k's number of examples (the FedAvg weights). */
    public CurriculumFedAvg(Config config, int[] clientSizes) {
        for (int k = 0; k < clientSizes.length; k++) {
            if (clientSizes[k] < 1) throw new IllegalArgumentException("CurriculumFedAvg: client " + k + " has " + clientSizes[k] + " examples");
        }
        this.cfg = config;
        this.sizes = clientSizes.clone();
    }

    @Override
    public String name() {
        return "curriculum-fedavg";
    }

    @Override
    public void setUp(RoundEngine engine) {
        if (sizes.length != engine.workers()) {
            throw new IllegalArgumentException("CurriculumFedAvg: " + sizes.length + " client sizes for " + engine.workers() + " workers");
        }
        global = engine.snapshot().get(0).copy();
    }

    @Override
    public void round(RoundEngine e, long r) {
        int[] alive = e.participants(r);
        int m = Math.min(cfg.clientsPerRound(), alive.length);
        int[] who = select(e, r, alive, m);
        if (!cfg.orderedSelection()) e.broadcast(r, "model", who, global, (w, x, rng) -> w.params().setInPlace(x));
        e.local(r, "train", who, (w, rng) -> train(w, r, rng));
        List<Message> up = e.gather(r, "model", who, (w, rng) -> w.params().copy());
        if (up.isEmpty()) return;
        double[] weights = new double[up.size()];
        double total = 0;
        for (int k = 0; k < up.size(); k++) {
            weights[k] = sizes[up.get(k).from()];
            total += weights[k];
        }
        for (int k = 0; k < weights.length; k++) weights[k] /= total;
        global = ParamVector.weightedSum(weights, up.stream().map(Message::payload).toList());
    }

    private int[] select(RoundEngine e, long r, int[] alive, int m) {
        Rng rng = e.streams().stream("select", Message.SERVER, r);
        if (!cfg.orderedSelection()) {
            int[] pick = ClientSelection.uniform(alive.length, m, rng);
            for (int k = 0; k < m; k++) pick[k] = alive[pick[k]];
            return pick;
        }
        e.broadcast(r, "model", alive, global, (w, x, g) -> w.params().setInPlace(x));
        List<Message> scores = e.gather(r, "score", alive, (w, g) -> ParamVector.of(w.problem().loss(w.params())));
        double[] s = new double[scores.size()];
        int[] from = new int[scores.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = scores.get(k).payload().get(0);
            from[k] = scores.get(k).from();
        }
        int eligible = Math.max(m, Math.min(s.length, cfg.pacing().usable(r, s.length)));
        int[] pick = ClientSelection.ordered(s, cfg.selectionOrder(), eligible, Math.min(m, s.length), rng);
        for (int k = 0; k < pick.length; k++) pick[k] = from[pick[k]];
        Arrays.sort(pick);
        return pick;
    }

    private void train(Worker w, long r, Rng rng) {
        if (!(w.problem() instanceof PacedProblem p)) {
            throw new IllegalArgumentException("CurriculumFedAvg: worker " + w.id() + "'s problem is not a PacedProblem");
        }
        p.setUsable(cfg.pacing().usable(r, p.data().size()));
        ParamVector g = ParamVector.zeros(p.dim());
        for (int k = 0; k < cfg.localSteps(); k++) {
            p.gradient(w.params(), rng, g);
            w.params().axpyInPlace(-cfg.lr(), g);
        }
        w.countGradients(cfg.localSteps());
    }

    @Override
    public ParamVector model(RoundEngine engine) {
        return global;
    }
}

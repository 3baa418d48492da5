package io.vecgrad.distributed.coding;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gradient descent with a gradient code (Tandon et al., ICML 2017; P57's one-round building block)
 * written against the core {@link RoundEngine}, so coded rounds with stragglers run in the simulator
 * and over Pekko ({@code vecgrad cluster --method gradient-coding}). Every round the server
 * broadcasts x; worker i computes the gradients of the s + 1 partitions it holds (its
 * {@link CodedShard}) and uploads {@code c_i = Σ_j B_ij g_j(x)}. A worker is a straggler when the
 * seeded {@link Stragglers} model withholds its upload this round, when the engine's deadline drops
 * it (a network delay beyond the deadline) or when it has left the cluster. With at least n − s
 * uploads the server decodes {@code Σ_j g_j} exactly ({@link GradientCode#decode}) and steps
 * {@code x ← x − lr·(Σ_j g_j)/n}; with fewer the round is lost (counted, x unchanged).
 *
 * <pre>{@code
 * GradientCode code = GradientCode.cyclic(4, 1, new Rng(3));
 * RoundMethod m = new CodedGradientDescent(code, 0.5, CodedGradientDescent.Stragglers.uniform(1));
 * try (SyncSimulator sim = SyncSimulator.builder(workers).seed(1).build()) {   // workers hold CodedShards
 *     History h = Simulation.run(m, sim, 50, 5, test::loss);
 * }
 * }</pre>
 */
public final class CodedGradientDescent implements RoundMethod {
    /** Which workers withhold their upload in a round; the same on every node (drawn from the run's streams). */
    @FunctionalInterface
    public interface Stragglers {
        /** The stragglers of {@code round} among {@code workers}, increasing. */
        int[] of(long round, int workers, RandomStreams streams);

        /** None: only the engine's deadline and departures make stragglers. */
        static Stragglers none() {
            return (r, n, s) -> new int[0];
        }

        /** {@code k} distinct workers each round, uniformly from the stream {@code ("stragglers", server, round)}. */
        static Stragglers uniform(int k) {
            if (k < 0) throw new IllegalArgumentException("CodedGradientDescent.Stragglers.uniform: k must be ≥ 0, got " + k);
            return (r, n, streams) -> {
                Rng rng = streams.stream("stragglers", Message.SERVER, r);
                int[] out = Arrays.copyOf(rng.permutation(n).toIntArray(), Math.min(k, n));
                Arrays.sort(out);
                return out;
            };
        }

        /** A fixed pattern {@code straggles[round][worker]} (e.g. {@link BurstyStragglers#random}); rounds past its end have none. */
        static Stragglers pattern(boolean[][] straggles) {
            boolean[][] p = straggles.clone();
            return (r, n, streams) -> {
                if (r >= p.length) return new int[0];
                if (p[(int) r].length != n) {
                    throw new IllegalArgumentException("CodedGradientDescent.Stragglers.pattern: round " + r + " lists "
                            + p[(int) r].length + " workers, the run has " + n);
                }
                List<Integer> out = new ArrayList<>();
                for (int w = 0; w < n; w++) if (p[(int) r][w]) out.add(w);
                return out.stream().mapToInt(Integer::intValue).toArray();
            };
        }
    }

    private final GradientCode code;
    private final double[][] b;
    private final double lr;
    private final Stragglers stragglers;
    private ParamVector x;
    private long decoded;
    private long lost;

    /** Coded gradient descent with {@code code}, step {@code lr} on the mean partition gradient, stragglers from {@code stragglers}. */
    public CodedGradientDescent(GradientCode code, double lr, Stragglers stragglers) {
        if (!(lr > 0)) throw new IllegalArgumentException("CodedGradientDescent: lr must be > 0, got " + lr);
        this.code = code;
        this.b = code.matrix();
        this.lr = lr;
        this.stragglers = stragglers;
    }

    @Override
    public String name() {
        return "gradient-coding";
    }

    @Override
    public void setUp(RoundEngine e) {
        if (e.workers() != code.workers()) {
            throw new IllegalArgumentException("CodedGradientDescent: a code for " + code.workers() + " workers on an engine with " + e.workers());
        }
        x = ParamVector.zeros(e.dim());
        decoded = 0;
        lost = 0;
    }

    @Override
    public void round(RoundEngine e, long r) {
        int[] who = e.participants(r);
        e.broadcast(r, "model", who, x, (w, value, rng) -> w.params().setInPlace(value));
        int[] late = stragglers.of(r, code.workers(), e.streams());
        Channel withhold = (batch, streams) -> batch.stream().filter(m -> Arrays.binarySearch(late, m.from()) < 0).toList();
        List<Message> up = e.gather(r, "coded", who, this::coded, withhold);
        if (up.size() < code.workers() - code.stragglers()) {
            lost++;
            return;
        }
        int[] survivors = new int[up.size()];
        double[][] received = new double[code.workers()][];
        for (int k = 0; k < survivors.length; k++) {
            survivors[k] = up.get(k).from();
            received[survivors[k]] = up.get(k).payload().data();
        }
        double[] g = code.decode(survivors, received);
        x = x.copy().axpyInPlace(-lr / code.workers(), new ParamVector(g));
        decoded++;
    }

    /** Worker i's coded vector Σ_j B_ij g_j(x) over the partitions it holds, j increasing. */
    private ParamVector coded(Worker w, Rng rng) {
        if (!(w.problem() instanceof CodedShard shard)) {
            throw new IllegalArgumentException("CodedGradientDescent: worker " + w.id() + "'s problem is a "
                    + w.problem().getClass().getSimpleName() + ", not a CodedShard");
        }
        int[] held = shard.partitions();
        if (!Arrays.equals(held, code.partitionsOf(w.id()))) {
            throw new IllegalArgumentException("CodedGradientDescent: worker " + w.id() + " holds partitions " + Arrays.toString(held)
                    + " but its code row needs " + Arrays.toString(code.partitionsOf(w.id())));
        }
        ParamVector c = ParamVector.zeros(shard.dim()), g = ParamVector.zeros(shard.dim());
        for (int k = 0; k < held.length; k++) {
            shard.partition(k).gradient(w.params(), rng.split(held[k]), g);
            c.axpyInPlace(b[w.id()][held[k]], g);
        }
        w.countGradients(held.length);
        return c;
    }

    @Override
    public ParamVector model(RoundEngine engine) {
        return x;
    }

    /** Rounds whose gradient was decoded. */
    public long decodedRounds() {
        return decoded;
    }

    /** Rounds lost: fewer than n − s uploads arrived. */
    public long lostRounds() {
        return lost;
    }
}

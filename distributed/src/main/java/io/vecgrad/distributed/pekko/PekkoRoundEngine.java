package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.LinkOptions;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.Topology;
import io.vecgrad.distributed.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The core's {@link RoundEngine} over a Pekko cluster: one node per worker, each node running the
 * same method object (built from the same configuration) on its own thread. Worker-side lambdas
 * run only on the worker's own node; every payload a worker computes for a {@code gather},
 * {@code exchange} or {@code snapshot} is sent, as a checked float64 payload, to every other live
 * node. The server is <b>replicated</b>: each node then runs the simulator's combination step on
 * the same messages in worker-index order, with the same per-message channel streams, so every
 * node holds the same server state and the model is bit-identical to the
 * {@link io.vecgrad.distributed.sim.SyncSimulator}'s with the same seed. A {@code broadcast} needs
 * no traffic (every node already holds the value; its bytes are counted as the simulator counts
 * them). The price is all-to-all traffic, n·(n−1) vectors per step instead of n: fine for the
 * tens of workers of these methods; data-parallel training uses {@link RingAllReduce} instead.
 *
 * <p><b>Departures.</b> A node that leaves the cluster (its JVM dies and the split-brain resolver
 * downs it) leaves {@link #participants} from then on, and its messages are skipped; the engine
 * records the departure ({@link #departures}). In the step where it dies, survivors may disagree
 * on whether its last message arrived, so bit-identity with the simulator holds only for runs
 * without departures.
 *
 * <pre>{@code
 * // on node `rank` of n, after the cluster has formed:
 * try (PekkoEndpoint ep = PekkoEndpoint.start(system, "fedavg", rank, n);
 *      PekkoRoundEngine engine = PekkoRoundEngine.builder(ep, worker).seed(42).build()) {
 *     ep.awaitPeers(Duration.ofSeconds(30));
 *     History h = Simulation.run(method, engine, 100, 10, x -> test.loss(x));
 * }
 * }</pre>
 */
public final class PekkoRoundEngine implements RoundEngine {
    /** A worker that left, and the round in which this node noticed. */
    public record Departure(int worker, long round) {}

    private final PekkoEndpoint ep;
    private final Worker me;
    private final int n;
    private final RandomStreams streams;
    private final ByteCounter bytes;
    private final LinkOptions.Settings link;
    private final Channel downlink;
    private final Map<Integer, Long> crashes;
    private final Duration timeout;
    private final List<Departure> departures = new ArrayList<>();
    private long seq;
    private long currentRound;

    private PekkoRoundEngine(Builder b) {
        this.ep = b.ep;
        this.me = b.me;
        this.n = b.ep.size();
        this.link = b.settings();
        this.streams = new RandomStreams(link.seed());
        this.bytes = new ByteCounter(n);
        this.downlink = Channels.counting(bytes).then(link.downlink());
        this.crashes = link.crashes();
        this.timeout = b.timeout;
    }

    /** A builder for the node hosting {@code worker} (whose id must be the endpoint's rank). */
    public static Builder builder(PekkoEndpoint endpoint, Worker worker) {
        return new Builder(endpoint, worker);
    }

    /** Options, as {@link io.vecgrad.distributed.sim.SyncSimulator.Builder}'s, plus the message timeout. */
    public static final class Builder extends LinkOptions<Builder> {
        private final PekkoEndpoint ep;
        private final Worker me;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(PekkoEndpoint ep, Worker me) {
            super("pekko round engine", ep.size());
            if (me.id() != ep.rank()) {
                throw new IllegalArgumentException("pekko round engine: worker " + me.id() + " on the endpoint of rank "
                        + ep.rank());
            }
            this.ep = ep;
            this.me = me;
        }

        /** How long to wait for one peer's message (default 60 s). */
        public Builder timeout(Duration t) {
            timeout = t;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The engine. */
        public PekkoRoundEngine build() {
            return new PekkoRoundEngine(this);
        }
    }

    /** This node's worker. */
    public Worker worker() {
        return me;
    }

    /** Workers that left the cluster so far, in the order this node noticed. */
    public synchronized List<Departure> departures() {
        return List.copyOf(departures);
    }

    @Override
    public int workers() {
        return n;
    }

    @Override
    public int dim() {
        return me.params().dim();
    }

    @Override
    public RandomStreams streams() {
        return streams;
    }

    @Override
    public ByteCounter bytes() {
        return bytes;
    }

    @Override
    public int[] participants(long round) {
        currentRound = round;
        noteDepartures(round);
        return IntStream.range(0, n)
                .filter(i -> crashes.getOrDefault(i, Long.MAX_VALUE) > round && !ep.departed().contains(i)).toArray();
    }

    private boolean contains(int[] who, int i) {
        for (int w : who) {
            if (w == i) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void local(long round, String tag, int[] who, LocalStep step) {
        if (contains(who, me.id())) {
            step.run(me, streams.stream(tag, me.id(), round));
        }
    }

    @Override
    public List<Message> gather(long round, String tag, int[] who, Payload payload, Channel methodEncoding) {
        ParamVector mine = contains(who, me.id()) ? payload.compute(me, streams.stream(tag, me.id(), round)) : null;
        ParamVector[] all = allGather(round, tag, who, mine, MessageKind.GRADIENT);
        List<Message> batch = new ArrayList<>();
        for (int i : sorted(who)) {
            if (all[i] != null) {
                batch.add(Message.dense(i, Message.SERVER, round, tag, all[i]));
            }
        }
        return send(batch, methodEncoding);
    }

    @Override
    public void broadcast(long round, String tag, int[] who, ParamVector value, Receive receive) {
        List<Message> batch = new ArrayList<>();
        for (int i : sorted(who)) {
            batch.add(Message.dense(Message.SERVER, i, round, tag, value));
        }
        for (Message m : downlink.transmit(batch, streams)) {
            if (m.to() == me.id()) {
                receive.accept(me, m.payload().copy(), streams.stream(tag, me.id(), round));
            }
        }
    }

    @Override
    public void exchange(long round, String tag, Topology graph, Payload payload, Channel methodEncoding, InboxStep step) {
        if (graph.size() != n) {
            throw new IllegalArgumentException("pekko round engine: topology " + graph.name() + " has " + graph.size()
                    + " nodes for " + n + " workers");
        }
        int[] alive = participants(round);
        boolean live = contains(alive, me.id());
        ParamVector mine = live ? payload.compute(me, streams.stream(tag + "/send", me.id(), round)) : null;
        ParamVector[] out = allGather(round, tag, alive, mine, MessageKind.PARAMETERS);
        List<Message> batch = new ArrayList<>();
        for (int i : alive) {
            if (out[i] == null) {
                continue;
            }
            for (int j : graph.neighbors(i)) {
                if (out[j] != null) {
                    batch.add(Message.dense(i, j, round, tag, out[i]));
                }
            }
        }
        List<Message> inbox = new ArrayList<>();
        for (Message m : send(batch, methodEncoding)) {
            if (m.to() == me.id()) {
                inbox.add(m);
            }
        }
        if (live) {
            step.run(me, inbox, streams.stream(tag, me.id(), round));
        }
    }

    @Override
    public long gradients() {
        int[] alive = participants(currentRound);
        ParamVector[] counts = allGather(currentRound, "gradients", alive, ParamVector.of(me.gradients()),
                MessageKind.CONTROL);
        long s = 0;
        for (ParamVector c : counts) {
            s += c == null ? 0 : (long) c.get(0);
        }
        return s;
    }

    @Override
    public List<ParamVector> snapshot() {
        int[] alive = participants(currentRound);
        ParamVector[] all = allGather(currentRound, "snapshot", alive, me.params().copy(), MessageKind.PARAMETERS);
        List<ParamVector> out = new ArrayList<>();
        for (ParamVector p : all) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Does not close the endpoint (its owner does). */
    @Override
    public void close() {
        // Nothing of its own to release.
    }

    private List<Message> send(List<Message> batch, Channel methodEncoding) {
        return link.uplink(batch, methodEncoding, bytes, streams);
    }

    /**
     * Every worker in {@code senders} contributes its vector (this node's is {@code mine}); returns
     * them by worker id, null where a worker did not send or left. Steps are numbered by a counter
     * that is the same on every node because every node runs the same method code.
     */
    private ParamVector[] allGather(long round, String tag, int[] senders, ParamVector mine, MessageKind kind) {
        long step = seq++;
        int code = tag.hashCode();
        ParamVector[] out = new ParamVector[n];
        if (mine != null) {
            for (int j = 0; j < n; j++) {
                if (j != me.id() && !ep.departed().contains(j) && crashes.getOrDefault(j, Long.MAX_VALUE) > round) {
                    try {
                        ep.send(j, kind, step, code, mine.data());
                    } catch (PeerDepartedException e) {
                        noteDepartures(round);
                    }
                }
            }
            out[me.id()] = mine;
        }
        if (crashes.getOrDefault(me.id(), Long.MAX_VALUE) <= round) {
            return out; // a node crashed by schedule hears nothing, like the simulator's crashed worker
        }
        for (int j : senders) {
            if (j == me.id()) {
                continue;
            }
            try {
                out[j] = new ParamVector(ep.receiveDoubles(j, kind, step, code, timeout));
            } catch (PeerDepartedException e) {
                noteDepartures(round);
            }
        }
        return out;
    }

    private synchronized void noteDepartures(long round) {
        for (int w : ep.departed()) {
            if (departures.stream().noneMatch(d -> d.worker() == w)) {
                departures.add(new Departure(w, round));
            }
        }
    }

    private static int[] sorted(int[] who) {
        int[] s = who.clone();
        Arrays.sort(s);
        return s;
    }
}

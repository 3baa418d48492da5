package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Topology;
import io.vecgrad.distributed.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker's side of a method whose server runs as a {@link SingletonServer}: the
 * {@link RoundEngine} the worker's copy of the method runs against. {@code local} runs on the
 * worker; {@code gather} uploads the worker's payload (with its gradient count) through the
 * singleton proxy and returns which messages reached the server, as messages whose payloads are
 * zero placeholders of the right dimension (the server's combination step runs on the server: the
 * worker's copy of the server state is a shadow, never sent); {@code broadcast} waits for the value
 * the server sent this worker and applies the method's receive step; {@code participants} is the
 * list the server decided for the round. {@code snapshot} and {@code gradients} are this worker's
 * own; the run's model, byte counts and gradient total come from the server ({@link #model},
 * {@link #result}). Peer-to-peer {@code exchange} is refused (use {@link PekkoRoundEngine}).
 *
 * <p><b>Fail-over.</b> While it waits for the server, the engine also stores the checkpoints the
 * server replicates (in this node's {@link CheckpointStore}, acknowledging each) and keeps its own
 * uploads of the round in flight until the next round's participant list arrives. When the
 * singleton's node leaves, Pekko starts the singleton on the next oldest node, which resumes from
 * the last checkpoint and asks for the uploads of the round in flight: the engine resends them and
 * goes on, without rolling anything back (a message the new server sends again is one it already
 * has, and is ignored). The round in flight is completed by the new server with the survivors'
 * uploads; the host's worker is dropped from that round on. Each take-over is recorded
 * ({@link #failovers}). When no server can take over (fail-over off, a method that does not
 * checkpoint its server state, or no new server within the timeout) it throws
 * {@link ServerLostException} naming the host worker, the round in flight and the reason.
 *
 * <pre>{@code
 * ActorRef<PekkoEndpoint.Command> proxy = SingletonServer.init(system, job, rank);
 * try (PekkoEndpoint ep = PekkoEndpoint.start(system, job.name(), rank, n);
 *      SingletonRoundEngine engine = SingletonRoundEngine.builder(ep, worker, proxy).seed(42).build()) {
 *     ep.awaitPeers(Duration.ofSeconds(30));
 *     SingletonRoundEngine.Result r = engine.runWorker(method, job.rounds());
 *     System.out.println(r.model() + " " + r.totalBytes());
 * }
 * }</pre>
 */
public final class SingletonRoundEngine implements RoundEngine {
    /**
     * What the server reports at the end: its model, the bytes it counted as the simulator counts
     * them (total and workers' uplink), the workers' gradient total, and the vectors that crossed the
     * wire (uplink received, downlink sent).
     */
    public record Result(ParamVector model, long totalBytes, long workerBytes, long gradients, long uplinkVectors,
            long downlinkVectors, long checkpointVectors, long checkpointBytes, int serverRestarts) {
        /** The figures without fail-over: no checkpoints, no restart. */
        public Result(ParamVector model, long totalBytes, long workerBytes, long gradients, long uplinkVectors,
                long downlinkVectors) {
            this(model, totalBytes, workerBytes, gradients, uplinkVectors, downlinkVectors, 0, 0, 0);
        }
    }

    /**
     * One take-over: the node of worker {@code lostHost} left, and the server restarted on worker
     * {@code newHost}'s node resumed from round {@code round}; worker {@code lostHost} takes no part
     * from that round on (as {@code SyncSimulator.crash(lostHost, round)}).
     */
    public record Failover(int lostHost, long round, int newHost) {
        /** In words, for logs. */
        public String describe() {
            return String.format("the server's node (worker %d's) left; the server resumed on worker %d's node from"
                    + " round %d; worker %d dropped from round %d on", lostHost, newHost, round, lostHost, round);
        }
    }

    /** One upload (collective step, tag code, values) kept until the next round's participant list arrives. */
    private record Upload(long round, long step, int code, double[] values) {}

    private static final Duration SLICE = Duration.ofMillis(200);
    private final PekkoEndpoint ep;
    private final Worker me;
    private final ActorRef<PekkoEndpoint.Command> server;
    private final int n;
    private final RandomStreams streams;
    private final ByteCounter bytes;
    private final Map<Integer, Long> crashes;
    private final Duration timeout;
    private final Map<Long, int[]> participants = new HashMap<>();
    private int host = -1;
    private long seq;
    private long currentRound;
    private long uplinkVectors;
    private long uplinkBytes;
    private ParamVector lastModel;
    private long lastModelRound;
    private final CheckpointStore store;
    private final java.util.TreeMap<Long, Upload> uploads = new java.util.TreeMap<>();
    private final List<Failover> failovers = new ArrayList<>();
    private int epoch;
    private long checkpointRound;
    private long lostSince = -1;
    private long resentVectors;
    private int resendRequests;
    private List<Chunk> lastAck = List.of();

    private SingletonRoundEngine(Builder b) {
        this.ep = b.ep;
        this.me = b.me;
        this.server = b.server;
        this.n = b.ep.size();
        this.streams = new RandomStreams(b.seed);
        this.bytes = new ByteCounter(n);
        this.crashes = Map.copyOf(b.crashes);
        this.timeout = b.timeout;
        this.store = CheckpointStore.of(b.server);
    }

    /** A builder for the node hosting {@code worker} (whose id must be the endpoint's rank), reaching the server through {@code proxy}. */
    public static Builder builder(PekkoEndpoint endpoint, Worker worker, ActorRef<PekkoEndpoint.Command> proxy) {
        return new Builder(endpoint, worker, proxy);
    }

    /** Options: the seed and crash schedule must match the server's job. */
    public static final class Builder {
        private final PekkoEndpoint ep;
        private final Worker me;
        private final ActorRef<PekkoEndpoint.Command> server;
        private long seed;
        private final Map<Integer, Long> crashes = new HashMap<>();
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(PekkoEndpoint ep, Worker me, ActorRef<PekkoEndpoint.Command> server) {
            if (me.id() != ep.rank()) {
                throw new IllegalArgumentException("singleton round engine: worker " + me.id()
                        + " on the endpoint of rank " + ep.rank());
            }
            this.ep = ep;
            this.me = me;
            this.server = server;
        }

        /** The run's seed (default 0), the server's. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Worker {@code w} takes no part from round {@code round} on (the server's schedule). */
        public Builder crash(int w, long round) {
            crashes.put(w, round);
            return this;
        }

        /** How long to wait for one message from the server (default 60 s). */
        public Builder timeout(Duration t) {
            timeout = t;
            return this;
        }

        /** The engine. */
        public SingletonRoundEngine build() {
            return new SingletonRoundEngine(this);
        }
    }

    /** Runs {@code method}'s {@code setUp} and {@code rounds} rounds on this worker, then waits for the server's result. */
    public Result runWorker(RoundMethod method, long rounds) {
        method.setUp(this);
        for (long r = 0; r < rounds; r++) {
            method.round(this, r);
        }
        return result(rounds);
    }

    /** This node's worker. */
    public Worker worker() {
        return me;
    }

    /** The worker whose node hosts the server (−1 before the first participant list arrived). */
    public int serverHost() {
        return host;
    }

    /** Vectors and bytes (headers included) this worker uploaded to the server. */
    public long uplinkVectorsSent() {
        return uplinkVectors;
    }

    /** Bytes of this worker's uploads on the wire (chunk headers included). */
    public long uplinkBytesSent() {
        return uplinkBytes;
    }

    /** The take-overs this worker went through, in order (empty when the server's node never left). */
    public List<Failover> failovers() {
        return List.copyOf(failovers);
    }

    /** Uploads this worker sent again to a server that took over. */
    public long resentVectors() {
        return resentVectors;
    }

    /** The model the server published after {@code round} rounds (needs {@code publishModels}, or the last round). */
    public ParamVector model(long round) {
        if (lastModel == null || lastModelRound != round) {
            lastModel = new ParamVector(await(MessageKind.BROADCAST, round, SingletonServer.TAG_MODEL, round));
            lastModelRound = round;
        }
        return lastModel.copy();
    }

    /** The final model and the server's counters after {@code rounds} rounds. */
    public Result result(long rounds) {
        double[] s = await(MessageKind.CONTROL, rounds, SingletonServer.TAG_SUMMARY, rounds);
        if (s.length != 9 || s[0] != rounds) {
            throw new CorruptPayloadException("singleton round engine: summary of " + s.length + " values for round "
                    + (s.length > 0 ? s[0] : -1) + ", expected 9 for round " + rounds);
        }
        return new Result(model(rounds), (long) s[1], (long) s[2], (long) s[3], (long) s[4], (long) s[5], (long) s[6],
                (long) s[7], (int) s[8]);
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

    /** Nothing is counted here: the server counts the run's bytes ({@link Result#totalBytes}). */
    @Override
    public ByteCounter bytes() {
        return bytes;
    }

    /** The list the server decided for round {@code round}. */
    @Override
    public int[] participants(long round) {
        currentRound = round;
        int[] known = participants.get(round);
        if (known == null) {
            double[] v = await(MessageKind.CONTROL, round, SingletonServer.TAG_PARTICIPANTS, round);
            host = (int) v[0];
            known = new int[v.length - 1];
            for (int k = 0; k < known.length; k++) {
                known[k] = (int) v[k + 1];
            }
            participants.put(round, known);
            // Every node holds checkpoint `round` now (the server waited for all before sending the list):
            // uploads of earlier rounds will never be asked for again.
            uploads.values().removeIf(u -> u.round() < round);
        }
        return known.clone();
    }

    private boolean crashed(long round) {
        return crashes.getOrDefault(me.id(), Long.MAX_VALUE) <= round;
    }

    private static boolean contains(int[] who, int i) {
        for (int w : who) {
            if (w == i) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void local(long round, String tag, int[] who, LocalStep step) {
        if (contains(who, me.id()) && !crashed(round)) {
            step.run(me, streams.stream(tag, me.id(), round));
        }
    }

    @Override
    public List<Message> gather(long round, String tag, int[] who, Payload payload, Channel methodEncoding) {
        long step = seq++;
        int code = tag.hashCode();
        if (crashed(round)) {
            return List.of(); // a crashed worker hears nothing, as in the simulator
        }
        if (contains(who, me.id())) {
            ParamVector mine = payload.compute(me, streams.stream(tag, me.id(), round));
            double[] up = java.util.Arrays.copyOf(mine.data(), mine.dim() + 1);
            up[mine.dim()] = me.gradients();
            for (Chunk c : upload(step, code, up, 0)) {
                server.tell(c);
                uplinkBytes += PayloadCodec.encodedSize(c.length(), c.valueBytes());
            }
            uplinkVectors++;
            uploads.put(step, new Upload(round, step, code, up));
        }
        double[] ack = await(MessageKind.CONTROL, step, code, round);
        int count = (int) ack[0];
        if (ack.length != 1 + 2 * count) {
            throw new CorruptPayloadException("singleton round engine: arrival list of " + ack.length
                    + " values for " + count + " messages (round " + round + ", " + tag + ")");
        }
        List<Message> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(Message.dense((int) ack[1 + 2 * k], Message.SERVER, round, tag,
                    ParamVector.zeros((int) ack[2 + 2 * k])));
        }
        return out;
    }

    @Override
    public void broadcast(long round, String tag, int[] who, ParamVector value, Receive receive) {
        long step = seq++;
        if (!contains(who, me.id()) || crashed(round)) {
            return;
        }
        double[] v = await(MessageKind.PARAMETERS, step, tag.hashCode(), round);
        if (v.length > 0) { // empty: the downlink channel dropped this worker's copy
            receive.accept(me, new ParamVector(v), streams.stream(tag, me.id(), round));
        }
    }

    /** Peer-to-peer steps have no server. */
    @Override
    public void exchange(long round, String tag, Topology graph, Payload payload, Channel encoding, InboxStep step) {
        throw new UnsupportedOperationException("singleton round engine: exchange '" + tag
                + "' is peer-to-peer; run this method with ServerPlacement.REPLICATED");
    }

    /** This worker's gradient count (the run's total is in {@link Result#gradients}). */
    @Override
    public long gradients() {
        return me.gradients();
    }

    /** This worker's parameters only (workers do not see each other's). */
    @Override
    public List<ParamVector> snapshot() {
        return List.of(me.params().copy());
    }

    /** Does not close the endpoint (its owner does). */
    @Override
    public void close() {
        // Nothing of its own to release.
    }

    /**
     * Waits for a message from the server. A checkpoint is stored and acknowledged the moment it
     * arrives: the server waits for the acknowledgement before it sends the next round's participants,
     * and a server taking over resumes from what its node stored (a checkpoint stored only after an
     * idle slice cost every round a slice and, in a fast run, left round 0's refusal unstored). After
     * a slice in which nothing arrived it handles a take-over and watches the server's host.
     * {@code round} is for error messages.
     */
    private double[] await(MessageKind kind, long step, int tag, long round) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (storeCheckpoint()) {
                // every checkpoint that arrived, in order
            }
            double[] v = poll(kind, step, tag, Duration.ZERO);
            if (v != null) {
                return v;
            }
            if (ep.awaitEither(n, kind, step, tag, MessageKind.CONTROL, FailoverCheckpoint.key(epoch, checkpointRound),
                    SingletonServer.TAG_CHECKPOINT, SLICE)) {
                continue;
            }
            if (takeOver(round)) {
                end = System.nanoTime() + timeout.toNanos();
            }
            double[] failed = poll(MessageKind.CONTROL, 0, SingletonServer.TAG_FAILED, Duration.ZERO);
            String cause = failed == null ? null : String.format("in round %d%s", (long) failed[0],
                    failed[1] >= 0 ? " on a corrupt payload from worker " + (int) failed[1] : "");
            if (failed != null && host >= 0 && host != me.id() && ep.departed().contains(host)) {
                // The server's node is gone: the notice comes from a server that took over and could
                // not go on (seen under load: one failing in its set-up, round 0). The run lost its server.
                throw new ServerLostException(host, round, String.format("singleton round engine: worker %d: the"
                        + " server's node (worker %d's) left the cluster during round %d and the server that took"
                        + " over stopped %s; the run stops", me.id(), host, round, cause));
            }
            if (failed != null) {
                throw new IllegalStateException(String.format("singleton round engine: worker %d: the server stopped"
                        + " %s (its node, worker %d's, logs the reason); nothing of that round was applied",
                        me.id(), cause, host));
            }
            if (host >= 0 && host != me.id() && ep.departed().contains(host)) {
                if (lostSince < 0) {
                    lostSince = System.nanoTime();
                }
                if (System.nanoTime() - lostSince > timeout.toNanos()) {
                    throw new ServerLostException(host, round, String.format("singleton round engine: worker %d: the"
                            + " server's node (worker %d's) left the cluster during round %d and no server took over"
                            + " within %d ms; the run stops", me.id(), host, round, timeout.toMillis()));
                }
                continue; // a new server gets the full timeout
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(String.format("singleton round engine: worker %d: %s from the server"
                        + " (round %d, step %d) did not arrive within %d ms", me.id(), kind, round, step,
                        timeout.toMillis()));
            }
        }
    }

    /** A message from the server, or null; a server that left is not an error here (another may take over). */
    private double[] poll(MessageKind kind, long step, int tag, Duration slice) {
        try {
            return ep.pollDoubles(n, kind, step, tag, slice);
        } catch (PeerDepartedException e) {
            return null;
        }
    }

    /**
     * Stores and acknowledges the next checkpoint if it arrived (true); a corrupt one is rejected
     * naming the sender.
     */
    private boolean storeCheckpoint() {
        long key = FailoverCheckpoint.key(epoch, checkpointRound);
        double[] c = poll(MessageKind.CONTROL, key, SingletonServer.TAG_CHECKPOINT, Duration.ZERO);
        if (c == null) {
            return false;
        }
        String sender = String.format("the server (rank %d, on worker %d's node) to worker %d", n, host, me.id());
        FailoverCheckpoint cp = FailoverCheckpoint.decode(c, n, sender);
        if (cp.epoch() != epoch || cp.round() != checkpointRound) {
            throw new CorruptPayloadException("checkpoint from " + sender + " rejected: it says server " + cp.epoch()
                    + ", round " + cp.round() + "; expected server " + epoch + ", round " + checkpointRound);
        }
        store.put(cp);
        lastAck = Chunking.split(me.id(), MessageKind.CONTROL, key, SingletonServer.TAG_CHECKPOINT_ACK,
                new double[] {cp.round()}, Chunking.DEFAULT_FLOATS / 2);
        lastAck.forEach(server::tell);
        checkpointRound++;
        return true;
    }

    /**
     * Handles the next server's notice: on a resume, records the take-over and resends the uploads
     * from the resumed step on (true); on a refusal, throws {@link ServerLostException} with the reason.
     */
    private boolean takeOver(long round) {
        double[] no = poll(MessageKind.CONTROL, epoch + 1, SingletonServer.TAG_NO_FAILOVER, Duration.ZERO);
        if (no != null) {
            int lostHost = no.length == 2 ? (int) no[0] : host;
            String why = FailoverCheckpoint.reason(no.length == 2 ? (int) no[1] : -1, null);
            throw new ServerLostException(lostHost, round, String.format("singleton round engine: worker %d: the"
                    + " server's node (worker %d's) left the cluster during round %d; the run stops: %s", me.id(),
                    lostHost, round, why));
        }
        double[] again = poll(MessageKind.CONTROL, FailoverCheckpoint.key(epoch, resendRequests + 1),
                SingletonServer.TAG_RESEND, Duration.ZERO);
        if (epoch > 0 && again != null && again.length == 1) {
            resendRequests++;
            resend((long) again[0], resendRequests + 1);
            lastAck.forEach(server::tell);
        }
        double[] r = poll(MessageKind.CONTROL, epoch + 1, SingletonServer.TAG_RESUME, Duration.ZERO);
        if (r == null) {
            return false;
        }
        if (r.length != 5 || r[0] != epoch + 1) {
            throw new CorruptPayloadException(String.format("singleton round engine: worker %d: resume notice of %d"
                    + " values for server %d from rank %d rejected, expected 5", me.id(), r.length, epoch + 1, n));
        }
        epoch++;
        long from = (long) r[1];
        long fromStep = (long) r[2];
        Failover f = new Failover((int) r[4], from, (int) r[3]);
        failovers.add(f);
        host = f.newHost();
        lostSince = -1;
        checkpointRound = from;
        resendRequests = 0;
        resend(fromStep, 1);
        return true;
    }

    /** Sends the uploads from step {@code fromStep} on again (to the server that took over), as copy {@code attempt}. */
    private void resend(long fromStep, int attempt) {
        for (Upload u : uploads.tailMap(fromStep, true).values()) {
            upload(u.step(), u.code(), u.values(), attempt).forEach(server::tell);
            resentVectors++;
        }
    }

    private List<Chunk> upload(long step, int code, double[] values, int attempt) {
        return Chunking.split(me.id(), MessageKind.GRADIENT, SingletonServer.resentKey(step, attempt), code, values,
                Math.max(1, Chunking.DEFAULT_FLOATS / 2));
    }
}

package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.ServerCheckpoint;
import io.vecgrad.distributed.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The server side of a {@link SingletonServer}: the {@link RoundEngine} the method runs against on
 * the singleton's host. Collectives are numbered by a step counter that advances identically in
 * {@link SingletonRoundEngine} (both sides run the same method code), so a payload is identified
 * by (worker, step, tag). See {@link SingletonServer} for the protocol.
 *
 * <p><b>Checkpoints and take-over.</b> Before each round r the server sends every other node a
 * {@link FailoverCheckpoint} of round r (the method's server state after r rounds, the
 * participant list of round r, its step counter and counters) and waits until each live worker
 * has acknowledged it; only then does it push the participant list, so a worker inside round r
 * implies that every node holds checkpoint r. Built with a checkpoint (a server restarted on
 * another node after the host left), the engine resumes: it rebuilds the method, restores its
 * server state, takes the lost host's worker as crashed from that round, tells the workers to
 * resend their uploads of the round in flight, and runs the round again.
 *
 * <pre>{@code
 * // started by SingletonServer's behaviour on the host:
 * new Thread(new ServerEngine(endpointOfRankN, job, hostRank, store.latest())::drive).start();
 * }</pre>
 */
final class ServerEngine implements RoundEngine {
    private static final Duration RETRY = Duration.ofSeconds(1);
    private final PekkoEndpoint ep;
    private final SingletonServer.Job job;
    private final int hostRank;
    private final int n;
    private final int dim;
    private final RandomStreams streams;
    private final ByteCounter bytes;
    private final Channel downlink;
    private final Map<Long, int[]> participants = new HashMap<>();
    private final long[] gradients;
    private final List<ParamVector> initial = new ArrayList<>();
    private final FailoverCheckpoint resume;
    private final Map<Integer, Long> crashes = new HashMap<>();
    private final int lost;
    private final int epoch;
    private long seq;
    private long currentRound;
    private boolean started;
    private long uplinkVectors;
    private long downlinkVectors;
    private long bytesBefore;
    private long workerBytesBefore;
    private long checkpointVectors;
    private long checkpointBytes;
    private int culprit = -1;
    private final int[] resendRequests;

    /**
     * @param resume the last checkpoint that reached this node (null: start at round 0); a server
     *               built with one takes over from the server that wrote it
     */
    ServerEngine(PekkoEndpoint ep, SingletonServer.Job job, int hostRank, FailoverCheckpoint resume) {
        this.ep = ep;
        this.job = job;
        this.hostRank = hostRank;
        this.resume = resume;
        this.crashes.putAll(job.crashes());
        this.lost = resume == null ? -1 : resume.host();
        this.epoch = resume == null ? 0 : resume.epoch() + 1;
        if (lost >= 0) { // the lost host's worker is dropped from the round in flight on
            crashes.merge(lost, resume.round(), Math::min);
        }
        this.n = job.workers();
        for (int i = 0; i < n; i++) {
            initial.add(job.initial(i));
        }
        this.dim = initial.get(0).dim();
        this.streams = new RandomStreams(job.seed());
        this.bytes = new ByteCounter(n);
        this.downlink = Channels.counting(bytes).then(job.downlink());
        this.gradients = new long[n];
        this.resendRequests = new int[n];
    }

    /** The driver thread: set up (or resume), run the rounds, publish, report; failures end the thread with a log line. */
    void drive() {
        try {
            ep.awaitPeers(job.timeout(), lost >= 0 ? Set.of(lost) : Set.of());
            RoundMethod m = job.newMethod();
            m.setUp(this);
            long first = resume == null ? 0 : takeOver(m);
            if (first < 0) {
                return;
            }
            for (long r = first; r < job.rounds(); r++) {
                beginRound(r, m);
                m.round(this, r);
                if (job.publishModels()) {
                    publish(SingletonServer.TAG_MODEL, r + 1, m.model(this));
                }
            }
            beginRound(job.rounds(), m);
            if (!job.publishModels() || job.rounds() == 0 || first == job.rounds()) {
                publish(SingletonServer.TAG_MODEL, job.rounds(), m.model(this));
            }
            double[] summary = {job.rounds(), bytesBefore + bytes.totalBytes(), workerBytesBefore + bytes.workerBytes(),
                gradients(), uplinkVectors, downlinkVectors, checkpointVectors, checkpointBytes, epoch};
            for (int j : reachable()) {
                sendQuietly(j, MessageKind.CONTROL, job.rounds(), SingletonServer.TAG_SUMMARY, summary);
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                System.err.println("vecgrad singleton server " + job.name() + " on worker " + hostRank
                        + "'s node stopped in round " + currentRound + ": " + e.getMessage());
                for (int j : reachable()) {
                    sendQuietly(j, MessageKind.CONTROL, 0, SingletonServer.TAG_FAILED,
                            new double[] {currentRound, culprit});
                }
            }
        }
    }

    /**
     * Resumes from {@link #resume}: restores the method's server state, the step counter and the
     * counters, and tells the workers to resend their uploads from that step on. Returns the round to
     * run next, or −1 when the checkpoint refuses fail-over (the workers are told why).
     */
    private long takeOver(RoundMethod m) {
        String why = resume.refusal() != FailoverCheckpoint.RESUMABLE ? FailoverCheckpoint.reason(resume.refusal(), m.name())
                : !(m instanceof ServerCheckpoint) ? FailoverCheckpoint.reason(FailoverCheckpoint.NOT_CHECKPOINTABLE, m.name())
                : null;
        if (why != null) {
            System.err.printf("vecgrad singleton server %s: worker %d's node left; no take-over on worker %d's node: %s%n",
                    job.name(), lost, hostRank, why);
            int code = resume.refusal() != FailoverCheckpoint.RESUMABLE ? resume.refusal()
                    : FailoverCheckpoint.NOT_CHECKPOINTABLE;
            for (int j : reachable()) {
                sendQuietly(j, MessageKind.CONTROL, epoch, SingletonServer.TAG_NO_FAILOVER, new double[] {lost, code});
            }
            return -1;
        }
        ((ServerCheckpoint) m).restoreServerState(resume.state());
        long r = resume.round();
        currentRound = r;
        seq = resume.seq();
        participants.put(r, resume.participants().clone());
        synchronized (this) {
            System.arraycopy(resume.gradients(), 0, gradients, 0, n);
        }
        bytesBefore = resume.counters()[0];
        workerBytesBefore = resume.counters()[1];
        uplinkVectors = resume.counters()[2];
        downlinkVectors = resume.counters()[3];
        if (r < job.rounds()) { // after the last round it only repeats the final model and summary (nodes leaving at the end)
            System.err.printf("vecgrad singleton server %s: worker %d's node left; the server resumes on worker %d's"
                    + " node from round %d (worker %d dropped from round %d on)%n", job.name(), lost, hostRank, r, lost, r);
        }
        double[] notice = {epoch, r, seq, hostRank, lost};
        for (int j : reachable()) {
            sendQuietly(j, MessageKind.CONTROL, epoch, SingletonServer.TAG_RESUME, notice);
        }
        return r;
    }

    /**
     * Starts round {@code round}: decides its participants (or keeps the restored list), replicates
     * the checkpoint and waits for the acknowledgements, then pushes the list to every live worker.
     */
    private void beginRound(long round, RoundMethod m) {
        int[] p = decided(round);
        replicate(round, p, m);
        double[] msg = new double[p.length + 1];
        msg[0] = hostRank;
        for (int k = 0; k < p.length; k++) {
            msg[k + 1] = p[k];
        }
        for (int j : reachable()) {
            sendQuietly(j, MessageKind.CONTROL, round, SingletonServer.TAG_PARTICIPANTS, msg);
        }
    }

    /**
     * Sends checkpoint {@code round} to every reachable worker but the host's own and waits until
     * each has stored it (a departed worker is skipped; the first server does not wait for round 0's,
     * so a host lost before round 0's checkpoint reached the next oldest node stops the run). Without
     * fail-over only round 0's checkpoint is sent, carrying the reason, so a server restarted
     * elsewhere can tell the workers why it stops.
     */
    private void replicate(long round, int[] p, RoundMethod m) {
        int refusal = !job.failover() ? FailoverCheckpoint.FAILOVER_OFF
                : m instanceof ServerCheckpoint ? FailoverCheckpoint.RESUMABLE : FailoverCheckpoint.NOT_CHECKPOINTABLE;
        if (refusal != FailoverCheckpoint.RESUMABLE && round > 0) {
            return;
        }
        long[] counters = {bytesBefore + bytes.totalBytes(), workerBytesBefore + bytes.workerBytes(), uplinkVectors,
            downlinkVectors};
        long[] grads;
        synchronized (this) {
            grads = gradients.clone();
        }
        List<ParamVector> state = refusal == FailoverCheckpoint.RESUMABLE ? ((ServerCheckpoint) m).saveServerState()
                : List.of();
        double[] wire = new FailoverCheckpoint(epoch, round, hostRank, seq, refusal, p, grads, counters, state).encode();
        long key = FailoverCheckpoint.key(epoch, round);
        List<Integer> sent = new ArrayList<>();
        for (int j : reachable()) {
            long before = ep.bytesSent();
            if (j != hostRank && sendQuietly(j, MessageKind.CONTROL, key, SingletonServer.TAG_CHECKPOINT, wire)) {
                checkpointVectors++;
                checkpointBytes += ep.bytesSent() - before;
                sent.add(j);
            }
        }
        if (round == 0 && epoch == 0) {
            return; // round 0's checkpoint is the job's own start: a worker that never acknowledges cannot stall the run
        }
        for (int j : sent) {
            try {
                receive(j, MessageKind.CONTROL, key, SingletonServer.TAG_CHECKPOINT_ACK, round);
            } catch (PeerDepartedException e) {
                // it left: nothing to wait for
            }
        }
    }

    @Override
    public int workers() {
        return n;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public RandomStreams streams() {
        return streams;
    }

    @Override
    public ByteCounter bytes() {
        return bytes;
    }

    /**
     * Receives worker {@code from}'s message. In the round a take-over resumes, a worker's proxy may
     * still route to the lost host for a moment, so every second without the message the worker is
     * asked to send again what it sent since the take-over (its uploads from the resumed step on and
     * its last acknowledgement; duplicates are ignored).
     */
    private double[] receive(int from, MessageKind kind, long key, int tag, long round) {
        if (resume == null || round > resume.round()) {
            return ep.receiveDoubles(from, kind, key, tag, job.timeout());
        }
        long end = System.nanoTime() + job.timeout().toNanos();
        while (true) {
            for (int a = 0; a <= resendRequests[from] + 1; a++) { // the original, then each copy sent again
                double[] v = ep.pollDoubles(from, kind, SingletonServer.resentKey(key, a), tag,
                        a == 0 ? RETRY : Duration.ZERO);
                if (v != null) {
                    return v;
                }
            }
            if (ep.departed().contains(from) || System.nanoTime() > end) {
                return ep.receiveDoubles(from, kind, key, tag, Duration.ZERO); // throws, naming what is missing
            }
            resendRequests[from]++;
            sendQuietly(from, MessageKind.CONTROL, FailoverCheckpoint.key(epoch, resendRequests[from]),
                    SingletonServer.TAG_RESEND, new double[] {resume.seq()});
        }
    }

    /** Decided once per round here (and pushed to every live worker when the round begins). */
    @Override
    public synchronized int[] participants(long round) {
        currentRound = round;
        started = true;
        return decided(round).clone();
    }

    private synchronized int[] decided(long round) {
        return participants.computeIfAbsent(round,
                r -> IntStream.range(0, n).filter(i -> alive(i, r) && !gone(i)).toArray());
    }

    private boolean alive(int w, long round) {
        return crashes.getOrDefault(w, Long.MAX_VALUE) > round;
    }

    /** Whether worker {@code w}'s node left: departed, or the host a take-over replaced. */
    private boolean gone(int w) {
        return w == lost || ep.departed().contains(w);
    }

    /** Workers whose node is still in the cluster (crashed-by-schedule ones included: they still read models). */
    private int[] reachable() {
        return IntStream.range(0, n).filter(j -> !gone(j)).toArray();
    }

    /** Workers taking part in round {@code round}: not crashed by schedule, not departed. */
    private int[] live(long round) {
        return IntStream.range(0, n).filter(j -> alive(j, round) && !gone(j)).toArray();
    }

    /** Local work happens on the workers. */
    @Override
    public void local(long round, String tag, int[] who, LocalStep step) {
        // Nothing runs on the server.
    }

    @Override
    public List<Message> gather(long round, String tag, int[] who, Payload payload, Channel methodEncoding) {
        long step = seq++;
        int code = tag.hashCode();
        List<Message> batch = new ArrayList<>();
        for (int i : sorted(who)) {
            if (!alive(i, round) || gone(i)) {
                continue;
            }
            double[] v;
            try {
                v = receive(i, MessageKind.GRADIENT, step, code, round);
            } catch (PeerDepartedException e) {
                continue;
            } catch (CorruptPayloadException e) {
                culprit = i;
                throw e;
            }
            if (v.length < 1) {
                culprit = i;
                throw new CorruptPayloadException("singleton server " + job.name() + ": empty uplink from worker " + i
                        + " (round " + round + ", " + tag + ")");
            }
            uplinkVectors++;
            synchronized (this) {
                gradients[i] = (long) v[v.length - 1];
            }
            batch.add(Message.dense(i, Message.SERVER, round, tag, new ParamVector(Arrays.copyOf(v, v.length - 1))));
        }
        List<Message> arrived = send(batch, methodEncoding);
        double[] ack = new double[1 + 2 * arrived.size()];
        ack[0] = arrived.size();
        for (int k = 0; k < arrived.size(); k++) {
            ack[1 + 2 * k] = arrived.get(k).from();
            ack[2 + 2 * k] = arrived.get(k).payload().dim();
        }
        for (int j : live(round)) {
            sendQuietly(j, MessageKind.CONTROL, step, code, ack);
        }
        return arrived;
    }

    @Override
    public void broadcast(long round, String tag, int[] who, ParamVector value, Receive receive) {
        long step = seq++;
        int code = tag.hashCode();
        List<Message> batch = new ArrayList<>();
        for (int i : sorted(who)) {
            if (i != lost) { // the host a take-over replaced may be in the restored list; it is crashed
                batch.add(Message.dense(Message.SERVER, i, round, tag, value));
            }
        }
        Map<Integer, double[]> out = new HashMap<>();
        for (Message m : downlink.transmit(batch, streams)) {
            out.put(m.to(), m.payload().data());
        }
        for (int i : sorted(who)) {
            if (alive(i, round) && !gone(i)) {
                double[] v = out.getOrDefault(i, new double[0]); // empty: the downlink dropped it
                if (sendQuietly(i, MessageKind.PARAMETERS, step, code, v) && v.length > 0) {
                    downlinkVectors++;
                }
            }
        }
    }

    /** Peer-to-peer steps have no server. */
    @Override
    public void exchange(long round, String tag, Topology graph, Payload payload, Channel encoding, InboxStep step) {
        throw new UnsupportedOperationException("singleton server " + job.name() + ": exchange '" + tag
                + "' is peer-to-peer; run this method with ServerPlacement.REPLICATED");
    }

    /** The sum of the gradient counts the workers attached to their last uplink. */
    @Override
    public synchronized long gradients() {
        long s = 0;
        for (long g : gradients) {
            s += g;
        }
        return s;
    }

    /** The workers' initial parameters, for the method's {@code setUp}; workers' later parameters never reach the server. */
    @Override
    public synchronized List<ParamVector> snapshot() {
        if (started) {
            throw new IllegalStateException("singleton server " + job.name() + ": snapshot() in round " + currentRound
                    + "; the workers' parameters are not sent to the server after setUp");
        }
        List<ParamVector> out = new ArrayList<>();
        for (ParamVector p : initial) {
            out.add(p.copy());
        }
        return out;
    }

    @Override
    public void close() {
        // The singleton's behaviour closes the endpoint.
    }

    private void publish(int tag, long round, ParamVector model) {
        for (int j : reachable()) {
            sendQuietly(j, MessageKind.BROADCAST, round, tag, model.data());
        }
    }

    /** Sends, skipping a worker that left meanwhile; true when sent. */
    private boolean sendQuietly(int to, MessageKind kind, long round, int tag, double[] v) {
        try {
            ep.send(to, kind, round, tag, v);
            return true;
        } catch (PeerDepartedException e) {
            return false;
        }
    }

    /** The simulator's pipeline: method encoding, engine encoding, count, network, deadline. */
    private List<Message> send(List<Message> batch, Channel methodEncoding) {
        return job.link().uplink(batch, methodEncoding, bytes, streams);
    }

    private static int[] sorted(int[] who) {
        int[] s = who.clone();
        Arrays.sort(s);
        return s;
    }
}

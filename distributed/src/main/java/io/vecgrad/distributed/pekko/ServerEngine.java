package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The server side of a {@link SingletonServer}: the {@link RoundEngine} the method runs against on
 * the singleton's host. Collectives are numbered by a step counter that advances identically in
 * {@link SingletonRoundEngine} (both sides run the same method code), so a payload is identified
 * by (worker, step, tag). See {@link SingletonServer} for the protocol.
 *
 * <pre>{@code
 * // started by SingletonServer's behaviour on the host:
 * new Thread(new ServerEngine(endpointOfRankN, job, hostRank)::drive).start();
 * }</pre>
 */
final class ServerEngine implements RoundEngine {
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
    private long seq;
    private long currentRound;
    private boolean started;
    private long uplinkVectors;
    private long downlinkVectors;
    private int culprit = -1;

    ServerEngine(PekkoEndpoint ep, SingletonServer.Job job, int hostRank) {
        this.ep = ep;
        this.job = job;
        this.hostRank = hostRank;
        this.n = job.workers();
        for (int i = 0; i < n; i++) {
            initial.add(job.initial(i));
        }
        this.dim = initial.get(0).dim();
        this.streams = new RandomStreams(job.seed());
        this.bytes = new ByteCounter(n);
        this.downlink = Channels.counting(bytes).then(job.downlink());
        this.gradients = new long[n];
    }

    /** The driver thread: set up, run the rounds, publish, report; failures end the thread with a log line. */
    void drive() {
        try {
            ep.awaitPeers(job.timeout());
            RoundMethod m = job.newMethod();
            m.setUp(this);
            for (long r = 0; r < job.rounds(); r++) {
                participants(r);
                m.round(this, r);
                if (job.publishModels()) {
                    publish(SingletonServer.TAG_MODEL, r + 1, m.model(this));
                }
            }
            participants(job.rounds());
            if (!job.publishModels() || job.rounds() == 0) {
                publish(SingletonServer.TAG_MODEL, job.rounds(), m.model(this));
            }
            double[] summary = {job.rounds(), bytes.totalBytes(), bytes.workerBytes(), gradients(), uplinkVectors,
                downlinkVectors};
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

    /** Decided once per round here, and pushed to every live worker: {@code [host, p0, p1, …]}. */
    @Override
    public synchronized int[] participants(long round) {
        currentRound = round;
        started = true;
        int[] known = participants.get(round);
        if (known != null) {
            return known.clone();
        }
        int[] p = IntStream.range(0, n).filter(i -> alive(i, round) && !ep.departed().contains(i)).toArray();
        participants.put(round, p);
        double[] msg = new double[p.length + 1];
        msg[0] = hostRank;
        for (int k = 0; k < p.length; k++) {
            msg[k + 1] = p[k];
        }
        for (int j : reachable()) {
            sendQuietly(j, MessageKind.CONTROL, round, SingletonServer.TAG_PARTICIPANTS, msg);
        }
        return p.clone();
    }

    private boolean alive(int w, long round) {
        return job.crashes().getOrDefault(w, Long.MAX_VALUE) > round;
    }

    /** Workers whose node is still in the cluster (crashed-by-schedule ones included: they still read models). */
    private int[] reachable() {
        return IntStream.range(0, n).filter(j -> !ep.departed().contains(j)).toArray();
    }

    /** Workers taking part in round {@code round}: not crashed by schedule, not departed. */
    private int[] live(long round) {
        return IntStream.range(0, n).filter(j -> alive(j, round) && !ep.departed().contains(j)).toArray();
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
            if (!alive(i, round) || ep.departed().contains(i)) {
                continue;
            }
            double[] v;
            try {
                v = ep.receiveDoubles(i, MessageKind.GRADIENT, step, code, job.timeout());
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
            batch.add(Message.dense(Message.SERVER, i, round, tag, value));
        }
        Map<Integer, double[]> out = new HashMap<>();
        for (Message m : downlink.transmit(batch, streams)) {
            out.put(m.to(), m.payload().data());
        }
        for (int i : sorted(who)) {
            if (alive(i, round) && !ep.departed().contains(i)) {
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
        List<Message> encoded = job.encode().transmit(methodEncoding.transmit(batch, streams), streams);
        for (Message m : encoded) {
            bytes.record(m);
        }
        List<Message> arrived = job.network().transmit(encoded, streams);
        List<Message> out = new ArrayList<>(arrived.size());
        for (Message m : arrived) {
            if (m.delay() <= job.deadline()) {
                out.add(m);
            }
        }
        return out;
    }

    private static int[] sorted(int[] who) {
        int[] s = who.clone();
        Arrays.sort(s);
        return s;
    }
}

package io.vecgrad.distributed.sim;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.LinkOptions;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.Worker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The bulk-synchronous simulator: N workers in one JVM. Local steps run in parallel on a
 * {@link ForkJoinPool} of {@code threads} threads (sequentially in index order for 1 thread);
 * every combination happens afterwards in worker-index order on the caller's thread, so a run is
 * bitwise the same at any thread count. A worker's message passes the method's own encoding
 * (e.g. one-bit signs), then the {@code encode} chain (Byzantine replacement, compression), is
 * counted, then passes the {@code network} chain (noise, drops, delays). Faults: a worker can
 * crash at a round (it leaves {@link #participants}); with a deadline, messages whose delay
 * exceeds it are dropped (stragglers).
 *
 * <pre>{@code
 * List<Worker> workers = ...;                     // one per shard
 * try (SyncSimulator sim = SyncSimulator.builder(workers).seed(42).threads(2)
 *         .encode(Channels.compress(VectorCompressor.topK(10))).network(Channels.drop(0.01)).build()) {
 *     History h = Simulation.run(method, sim, 100, 10, x -> test.loss(x));
 * }
 * }</pre>
 */
public final class SyncSimulator implements RoundEngine {
    private final List<Worker> workers;
    private final RandomStreams streams;
    private final ByteCounter bytes;
    private final LinkOptions.Settings link;
    private final Channel downlink;
    private final Map<Integer, Long> crashes;
    private final ForkJoinPool pool;
    private final int dim;

    private SyncSimulator(Builder b) {
        LinkOptions.Settings link = b.settings();
        this.workers = List.copyOf(b.workers);
        this.streams = new RandomStreams(link.seed());
        this.bytes = new ByteCounter(workers.size());
        this.link = link;
        this.downlink = io.vecgrad.distributed.Channels.counting(bytes).then(link.downlink());
        this.crashes = link.crashes();
        this.pool = b.threads > 1 ? new ForkJoinPool(b.threads) : null;
        this.dim = workers.get(0).params().dim();
    }

    /** A builder for {@code workers} (worker i must have id i). */
    public static Builder builder(List<Worker> workers) {
        return new Builder(workers);
    }

    /** Options of a simulator. */
    public static final class Builder extends LinkOptions<Builder> {
        private final List<Worker> workers;
        private int threads = 1;

        private Builder(List<Worker> workers) {
            super("SyncSimulator", workers.size());
            if (workers.isEmpty()) throw new IllegalArgumentException("SyncSimulator: no workers");
            int d = workers.get(0).params().dim();
            for (int i = 0; i < workers.size(); i++) {
                Worker w = workers.get(i);
                if (w.id() != i) throw new IllegalArgumentException("SyncSimulator: worker at position " + i + " has id " + w.id());
                if (w.params().dim() != d) {
                    throw new IllegalArgumentException("SyncSimulator: worker " + i + " has dimension " + w.params().dim() + ", worker 0 has " + d);
                }
            }
            this.workers = workers;
        }

        /** Threads for local steps (default 1). Results do not depend on it. */
        public Builder threads(int t) {
            if (t < 1) throw new IllegalArgumentException("SyncSimulator: threads must be ≥ 1, got " + t);
            threads = t;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The simulator. */
        public SyncSimulator build() {
            return new SyncSimulator(this);
        }
    }

    /** Worker i (simulator only: the object the local steps see). */
    public Worker worker(int i) {
        return workers.get(i);
    }

    @Override
    public int workers() {
        return workers.size();
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

    @Override
    public int[] participants(long round) {
        return IntStream.range(0, workers.size()).filter(i -> crashes.getOrDefault(i, Long.MAX_VALUE) > round).toArray();
    }

    private void parallel(int[] who, IntConsumer body) {
        if (pool == null || who.length < 2) {
            for (int i : who) body.accept(i);
        } else {
            pool.submit(() -> Arrays.stream(who).parallel().forEach(body)).join();
        }
    }

    private void checkWho(String op, int[] who) {
        for (int i : who) {
            if (i < 0 || i >= workers.size()) throw new IllegalArgumentException("SyncSimulator." + op + ": worker " + i + " outside 0.." + (workers.size() - 1));
        }
    }

    @Override
    public void local(long round, String tag, int[] who, LocalStep step) {
        checkWho("local", who);
        parallel(who, i -> step.run(workers.get(i), streams.stream(tag, i, round)));
    }

    @Override
    public List<Message> gather(long round, String tag, int[] who, Payload payload, Channel methodEncoding) {
        checkWho("gather", who);
        Message[] sent = new Message[who.length];
        Map<Integer, Integer> slot = new HashMap<>();
        for (int k = 0; k < who.length; k++) slot.put(who[k], k);
        parallel(who, i -> {
            ParamVector p = payload.compute(workers.get(i), streams.stream(tag, i, round));
            sent[slot.get(i)] = Message.dense(i, Message.SERVER, round, tag, p);
        });
        List<Message> batch = new ArrayList<>(Arrays.asList(sent));
        batch.sort((a, b) -> Integer.compare(a.from(), b.from()));
        return send(batch, methodEncoding);
    }

    private List<Message> send(List<Message> batch, Channel methodEncoding) {
        return link.uplink(batch, methodEncoding, bytes, streams);
    }

    @Override
    public void broadcast(long round, String tag, int[] who, ParamVector value, Receive receive) {
        checkWho("broadcast", who);
        int[] sorted = who.clone();
        Arrays.sort(sorted);
        List<Message> batch = new ArrayList<>(sorted.length);
        for (int i : sorted) batch.add(Message.dense(Message.SERVER, i, round, tag, value));
        Map<Integer, ParamVector> got = new HashMap<>();
        for (Message m : downlink.transmit(batch, streams)) got.put(m.to(), m.payload());
        int[] reached = Arrays.stream(sorted).filter(got::containsKey).toArray();
        parallel(reached, i -> receive.accept(workers.get(i), got.get(i).copy(), streams.stream(tag, i, round)));
    }

    @Override
    public void exchange(long round, String tag, io.vecgrad.distributed.Topology graph, Payload payload, Channel methodEncoding, InboxStep step) {
        if (graph.size() != workers.size()) {
            throw new IllegalArgumentException("SyncSimulator.exchange: topology " + graph.name() + " has " + graph.size() + " nodes for " + workers.size() + " workers");
        }
        int[] alive = participants(round);
        ParamVector[] out = new ParamVector[workers.size()];
        parallel(alive, i -> out[i] = payload.compute(workers.get(i), streams.stream(tag + "/send", i, round)));
        List<Message> batch = new ArrayList<>();
        for (int i : alive) {
            for (int j : graph.neighbors(i)) {
                if (out[j] != null) batch.add(Message.dense(i, j, round, tag, out[i]));
            }
        }
        List<List<Message>> inbox = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) inbox.add(new ArrayList<>());
        for (Message m : send(batch, methodEncoding)) inbox.get(m.to()).add(m);
        parallel(alive, i -> step.run(workers.get(i), inbox.get(i), streams.stream(tag, i, round)));
    }

    @Override
    public long gradients() {
        long s = 0;
        for (Worker w : workers) s += w.gradients();
        return s;
    }

    @Override
    public List<ParamVector> snapshot() {
        List<ParamVector> out = new ArrayList<>(workers.size());
        for (Worker w : workers) out.add(w.params().copy());
        return out;
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}

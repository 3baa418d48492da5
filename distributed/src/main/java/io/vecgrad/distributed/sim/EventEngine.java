package io.vecgrad.distributed.sim;

import io.vecgrad.distributed.ByteCounter;
import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Latency;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * The discrete-event engine with a virtual clock, for asynchronous methods (FedBuff, FedFix,
 * DADAO's Poisson clocks, stragglers). Events sit in a {@link PriorityQueue} ordered by
 * {@code (time, sequence number)}: ties fire in scheduling order. One thread runs everything and
 * nothing sleeps, so a run is a deterministic function of the seed. Faults: per-link latency
 * distributions ({@link #link}), drops and other channel effects ({@link #channel}), and crashes
 * (a crashed node's pending and future events and incoming messages are discarded).
 *
 * <p>Event kinds are strings, so methods can name their own; the conventional ones are
 * {@link #LOCAL_STEP_DONE}, {@link #MESSAGE_ARRIVE}, {@link #POISSON_TICK}, {@link #EDGE_TICK}
 * and {@link #SERVER_AGGREGATE}. Node ids are worker indices, {@link Message#SERVER} the server.
 *
 * <pre>{@code
 * EventEngine sim = new EventEngine(4, 42);
 * sim.link((from, to) -> Latency.exponential(0.1));
 * sim.onMessage((m, e) -> inbox.add(m));
 * sim.poisson(0, 2.0, EventEngine.POISSON_TICK, e -> e.send(msg(e.now())));
 * sim.crash(3, 5.0);
 * sim.runUntil(100.0);
 * }</pre>
 */
public final class EventEngine {
    /** A worker finished a local computation. */
    public static final String LOCAL_STEP_DONE = "LocalStepDone";
    /** A message reached its receiver. */
    public static final String MESSAGE_ARRIVE = "MessageArrive";
    /** A node's Poisson clock ticked. */
    public static final String POISSON_TICK = "PoissonTick";
    /** An edge's Poisson clock ticked. */
    public static final String EDGE_TICK = "EdgeTick";
    /** The server aggregates (buffer full or timer). */
    public static final String SERVER_AGGREGATE = "ServerAggregate";

    /** An action run when its event fires. */
    @FunctionalInterface
    public interface Action {
        void fire(EventEngine engine);
    }

    /** A latency distribution per directed link. */
    @FunctionalInterface
    public interface LinkModel {
        Latency between(int from, int to);
    }

    /** One fired event, as kept in the trace. */
    public record Fired(double time, long seq, String kind, int node) {}

    private record Event(double time, long seq, String kind, int node, Action action) {}

    private final int nodes;
    private final RandomStreams streams;
    private final ByteCounter bytes;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final Map<Integer, Double> crashAt = new HashMap<>();
    private final Map<String, Long> draws = new HashMap<>();
    private final List<Fired> trace = new ArrayList<>();
    private LinkModel links = (from, to) -> Latency.constant(0);
    private Channel encode = Channel.perfect();
    private Channel channel = Channel.perfect();
    private BiConsumer<Message, EventEngine> onMessage = (m, e) -> {
        throw new IllegalStateException("EventEngine: message " + m.tag() + " from " + m.from() + " to " + m.to() + " but no onMessage handler is set");
    };
    private double now;
    private long seq;
    private long fired;
    private boolean stopped;
    private boolean tracing;

    /** An engine for {@code nodes} workers (plus the server) with streams of {@code seed}. */
    public EventEngine(int nodes, long seed) {
        if (nodes < 1) throw new IllegalArgumentException("EventEngine: need ≥ 1 node, got " + nodes);
        this.nodes = nodes;
        this.streams = new RandomStreams(seed);
        this.bytes = new ByteCounter(nodes);
    }

    /** Sets the latency model of every link (default: zero latency). */
    public EventEngine link(LinkModel model) {
        this.links = model;
        return this;
    }

    /** Sets the sender-side chain (Byzantine replacement, compression); bytes are counted after it. */
    public EventEngine encode(Channel c) {
        this.encode = c;
        return this;
    }

    /** Sets the link effects every message passes after counting (default perfect): noise, drops, delays. */
    public EventEngine channel(Channel c) {
        this.channel = c;
        return this;
    }

    /** Sets the handler of arriving messages. */
    public EventEngine onMessage(BiConsumer<Message, EventEngine> handler) {
        this.onMessage = handler;
        return this;
    }

    /** Keeps a trace of fired events (for tests). */
    public EventEngine tracing(boolean on) {
        this.tracing = on;
        return this;
    }

    /** The current virtual time. */
    public double now() {
        return now;
    }

    /** Number of worker nodes. */
    public int nodes() {
        return nodes;
    }

    /** The run's random streams. */
    public RandomStreams streams() {
        return streams;
    }

    /** Bytes sent so far. */
    public ByteCounter bytes() {
        return bytes;
    }

    /** Events fired so far. */
    public long firedCount() {
        return fired;
    }

    /** The fired events, if tracing is on. */
    public List<Fired> trace() {
        return List.copyOf(trace);
    }

    /**
     * The next random stream for {@code (role, node)}: the k-th call returns stream k of
     * {@code (seed, role, node)}. Deterministic because the engine is single-threaded.
     */
    public Rng rng(String role, int node) {
        String key = role + "#" + node;
        long k = draws.merge(key, 1L, Long::sum) - 1;
        return streams.stream(role, node, k);
    }

    /** Schedules {@code action} at {@code now + delay}; returns its sequence number. */
    public long schedule(double delay, String kind, int node, Action action) {
        if (!(delay >= 0)) throw new IllegalArgumentException("EventEngine.schedule: delay must be ≥ 0, got " + delay + " (" + kind + " at node " + node + ")");
        Event e = new Event(now + delay, seq++, kind, node, action);
        queue.add(e);
        return e.seq;
    }

    /**
     * Sends a message: passes it through the {@link #encode} chain, counts its bytes, passes it
     * through the {@link #channel} (which may drop or delay it) and schedules its arrival after the channel's delay plus a sample of the link's
     * latency. Returns false when the channel dropped it.
     */
    public boolean send(Message m) {
        List<Message> encoded = encode.transmit(List.of(m), streams);
        for (Message x : encoded) bytes.record(x);
        List<Message> out = channel.transmit(encoded, streams);
        for (Message d : out) {
            double lat = d.delay() + links.between(d.from(), d.to()).sample(rng("latency/" + d.from(), d.to()));
            schedule(lat, MESSAGE_ARRIVE, d.to(), e -> onMessage.accept(d, e));
        }
        return !out.isEmpty();
    }

    /**
     * A Poisson clock of {@code rate} ticks per unit time at {@code node}: {@code action} fires at
     * exponential gaps until the node crashes or the run stops. The gaps draw from
     * {@code (seed, "clock/" + kind, node)}.
     */
    public void poisson(int node, double rate, String kind, Action action) {
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("EventEngine.poisson: rate must be positive, got " + rate + " at node " + node);
        Latency gap = Latency.exponential(1 / rate);
        Action[] tick = new Action[1];
        tick[0] = e -> {
            action.fire(e);
            e.schedule(gap.sample(e.rng("clock/" + kind, node)), kind, node, tick[0]);
        };
        schedule(gap.sample(rng("clock/" + kind, node)), kind, node, tick[0]);
    }

    /** Node {@code node} crashes at virtual time {@code time}: from then on its events and incoming messages are discarded. */
    public void crash(int node, double time) {
        if (node != Message.SERVER && (node < 0 || node >= nodes)) throw new IllegalArgumentException("EventEngine.crash: node " + node + " outside 0.." + (nodes - 1));
        crashAt.put(node, time);
    }

    /** True when {@code node} has not crashed by the current time. */
    public boolean alive(int node) {
        return crashAt.getOrDefault(node, Double.POSITIVE_INFINITY) > now;
    }

    /** Stops the run after the current event. */
    public void stop() {
        stopped = true;
    }

    /** Fires events in (time, seq) order until the queue is empty, time would pass {@code until}, or {@link #stop}. */
    public void runUntil(double until) {
        stopped = false;
        while (!stopped && !queue.isEmpty() && queue.peek().time <= until) {
            Event e = queue.poll();
            now = e.time;
            if (!crashedAt(e.node, e.time)) {
                fired++;
                if (tracing) trace.add(new Fired(e.time, e.seq, e.kind, e.node));
                e.action.fire(this);
            }
        }
        if (!stopped && until != Double.POSITIVE_INFINITY && now < until) now = until;
    }

    /** Fires at most {@code count} more events. */
    public void runEvents(long count) {
        stopped = false;
        long left = count;
        while (!stopped && left > 0 && !queue.isEmpty()) {
            Event e = queue.poll();
            now = e.time;
            if (!crashedAt(e.node, e.time)) {
                fired++;
                left--;
                if (tracing) trace.add(new Fired(e.time, e.seq, e.kind, e.node));
                e.action.fire(this);
            }
        }
    }

    private boolean crashedAt(int node, double t) {
        return crashAt.getOrDefault(node, Double.POSITIVE_INFINITY) <= t;
    }

    /** Number of pending events. */
    public int pending() {
        return queue.size();
    }
}

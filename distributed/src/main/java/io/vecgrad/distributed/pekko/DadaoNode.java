package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Latency;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.sim.EventEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One DADAO node on Pekko ({@link PekkoDadao}). It owns its six state vectors and its Poisson
 * clocks: a gradient clock, and for every incident edge that edge's clock, whose ticks both
 * endpoints compute from the same seeded stream ({@code (seed, "clock/EdgeTick/a-b", a, k)}, the
 * stream the simulator's {@code Dadao.drive} uses). It handles its events in virtual-time order,
 * each when a Pekko timer fires at (virtual time × unit) after the common start. A gossip event
 * is an exchange: each endpoint catches up to the event's time, sends Y + Z to the other and
 * waits for the other's value before handling anything later (so both use their state at exactly
 * that time; the globally earliest pending event can always go on, so nobody waits forever).
 *
 * <p>Crashes, the counterpart of the simulator's {@code EventEngine.crash} and {@code alive(j)}:
 * with a crash schedule (node → virtual time C, known to every node) a node whose next event
 * lies at or after its own C reports its state as of its last event and stops; an edge tick at or
 * after the partner's C is no gossip (no catch-up either: the simulator discards the tick when the
 * partner owns the edge's clock and skips the gossip when it checks {@code alive} of the other
 * end), so that edge leaves the node's schedule and nobody waits for a dead partner. A partner
 * that goes without a scheduled crash (its node left the cluster, its actor stopped) is dropped
 * from gossip the same way as soon as its Receptionist registration disappears; a gossip already
 * waiting on it is abandoned (the node stays caught up to that tick), so such a run is not the
 * simulator's.
 */
final class DadaoNode {
    private record Fire() implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    /** Every node has found its partners: the clocks start at {@code t0} (System.nanoTime). */
    record Start(long t0) implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    private record Peers(int rank, List<ActorRef<PekkoEndpoint.Command>> refs)
            implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    /**
     * Progress of a node, called on its actor each time its virtual clock passes a multiple of the
     * reporting interval (the state as of its last event before that time; a copy).
     */
    @FunctionalInterface
    interface Progress {
        void at(double time, double[][] state);
    }

    /** What a node reports when its next event lies past the horizon. */
    record Report(int node, double[][] state, long gradientEvents, long gossipEvents, double maxLagUnits) {}

    /** One Poisson clock: the next tick's time and how many gaps it has drawn. */
    private static final class Clock {
        final String stream;
        final int owner;
        final Latency gap;
        double next;
        long draws;

        Clock(String stream, int owner, double rate, RandomStreams streams) {
            this.stream = stream;
            this.owner = owner;
            this.gap = Latency.exponential(1 / rate);
            this.next = gap.sample(streams.stream(stream, owner, draws++));
        }

        void advance(RandomStreams streams) {
            next = next + gap.sample(streams.stream(stream, owner, draws++));
        }
    }

    private final int node;
    private final Dadao dadao;
    private final int[][] edges;
    private final List<Integer> incident = new ArrayList<>();
    private final Clock gradient;
    private final Map<Integer, Clock> edgeClocks = new HashMap<>();
    private final RandomStreams streams;
    private final double horizon;
    private long t0;
    private final long unitNanos;
    private final TimerScheduler<PekkoEndpoint.Command> timers;
    private final CompletableFuture<Report> done;
    private final CompletableFuture<Void> ready;
    private final Map<Integer, ActorRef<PekkoEndpoint.Command>> peers = new HashMap<>();
    private final Map<List<Long>, double[]> stash = new HashMap<>();
    private int waitingEdge = -1;
    private double[] mine;
    private boolean started;
    private long gradientEvents;
    private long gossipEvents;
    private double maxLag;
    private Map<Integer, Double> crashes = Map.of();
    private ActorRef<PekkoEndpoint.Command> self;
    private Progress progress;
    private double reportEvery;
    private double nextReport;

    private DadaoNode(int node, Dadao dadao, int[][] edges, double gradRate, double gossipRate, long seed, double horizon,
            long unitNanos, TimerScheduler<PekkoEndpoint.Command> timers, CompletableFuture<Void> ready,
            CompletableFuture<Report> done) {
        this.node = node;
        this.dadao = dadao;
        this.edges = edges;
        this.streams = new RandomStreams(seed);
        this.horizon = horizon;
        this.ready = ready;
        this.unitNanos = unitNanos;
        this.timers = timers;
        this.done = done;
        this.gradient = new Clock("clock/" + EventEngine.POISSON_TICK, node, gradRate, streams);
        for (int e = 0; e < edges.length; e++) {
            if (edges[e][0] == node || edges[e][1] == node) {
                incident.add(e);
                edgeClocks.put(e, new Clock("clock/" + EventEngine.EDGE_TICK + "/" + edges[e][0] + "-" + edges[e][1],
                        edges[e][0], gossipRate / edges.length, streams));
            }
        }
    }

    static ServiceKey<PekkoEndpoint.Command> key(String job, int node) {
        return ServiceKey.create(PekkoEndpoint.Command.class, "vecgrad-dadao-" + job + "-" + node);
    }

    static Behavior<PekkoEndpoint.Command> create(String job, int node, Dadao dadao, int[][] edges, double gradRate,
            double gossipRate, long seed, double horizon, long unitNanos, CompletableFuture<Void> ready,
            CompletableFuture<Report> done) {
        return create(job, node, dadao, edges, gradRate, gossipRate, seed, horizon, unitNanos, ready, done, Map.of(), 0, null);
    }

    /** As above with a crash schedule (node → virtual crash time), the same at every node. */
    static Behavior<PekkoEndpoint.Command> create(String job, int node, Dadao dadao, int[][] edges, double gradRate,
            double gossipRate, long seed, double horizon, long unitNanos, CompletableFuture<Void> ready,
            CompletableFuture<Report> done, Map<Integer, Double> crashes) {
        return create(job, node, dadao, edges, gradRate, gossipRate, seed, horizon, unitNanos, ready, done, crashes, 0, null);
    }

    /** {@link #create} that also calls {@code progress} every {@code every} units of virtual time (none when null). */
    static Behavior<PekkoEndpoint.Command> create(String job, int node, Dadao dadao, int[][] edges, double gradRate,
            double gossipRate, long seed, double horizon, long unitNanos, CompletableFuture<Void> ready,
            CompletableFuture<Report> done, double every, Progress progress) {
        return create(job, node, dadao, edges, gradRate, gossipRate, seed, horizon, unitNanos, ready, done, Map.of(), every, progress);
    }

    /** The full form: a crash schedule (node → virtual crash time, the same at every node) and a progress hook. */
    @SuppressWarnings("unchecked")
    static Behavior<PekkoEndpoint.Command> create(String job, int node, Dadao dadao, int[][] edges, double gradRate,
            double gossipRate, long seed, double horizon, long unitNanos, CompletableFuture<Void> ready,
            CompletableFuture<Report> done, Map<Integer, Double> crashes, double every, Progress progress) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            DadaoNode n = new DadaoNode(node, dadao, edges, gradRate, gossipRate, seed, horizon, unitNanos, timers, ready, done);
            n.crashes = Map.copyOf(crashes);
            n.self = ctx.getSelf();
            if (progress != null && every > 0) {
                n.progress = progress;
                n.reportEvery = every;
                n.nextReport = every;
            }
            ctx.getSystem().receptionist().tell(Receptionist.register(key(job, node), ctx.getSelf()));
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, l -> {
                String id = l.getKey().id();
                return new Peers(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)),
                        List.copyOf(l.getServiceInstances((ServiceKey<PekkoEndpoint.Command>) l.getKey())));
            });
            for (int e : n.incident) {
                ctx.getSystem().receptionist().tell(Receptionist.subscribe(key(job, n.partner(e)), adapter));
            }
            if (n.incident.isEmpty()) {
                ready.complete(null);
            }
            return n.behavior();
        }));
    }

    private int partner(int e) {
        return edges[e][0] == node ? edges[e][1] : edges[e][0];
    }

    private Behavior<PekkoEndpoint.Command> behavior() {
        return Behaviors.receive(PekkoEndpoint.Command.class)
                .onMessage(Peers.class, p -> {
                    if (!p.refs().isEmpty()) {
                        peers.put(p.rank(), p.refs().get(0));
                    } else if (started && peers.containsKey(p.rank())) {
                        partnerLeft(p.rank());
                        return Behaviors.same();
                    }
                    if (peers.size() == incident.stream().map(this::partner).distinct().count()) {
                        ready.complete(null);
                    }
                    return Behaviors.same();
                })
                .onMessage(Start.class, st -> {
                    if (!started) {
                        started = true;
                        t0 = st.t0();
                        scheduleNext();
                    }
                    return Behaviors.same();
                })
                .onMessage(Fire.class, f -> {
                    fire();
                    return Behaviors.same();
                })
                .onMessage(DoubleChunk.class, c -> {
                    receive(c);
                    return Behaviors.same();
                })
                .onMessage(AsyncClient.Stop.class, s -> Behaviors.stopped())
                .build();
    }

    /** The edge whose clock ticks next, or −1 when the gradient clock does. */
    private int nextEdge() {
        int best = -1;
        double t = gradient.next;
        for (int e : incident) {
            if (edgeClocks.get(e).next < t) {
                t = edgeClocks.get(e).next;
                best = e;
            }
        }
        return best;
    }

    private double nextTime() {
        int e = nextEdge();
        return e < 0 ? gradient.next : edgeClocks.get(e).next;
    }

    private void scheduleNext() {
        dropDeadEdges();
        double t = nextTime();
        while (progress != null && nextReport <= horizon && nextReport < t) {
            progress.at(nextReport, dadao.state(node));
            nextReport += reportEvery;
        }
        if (t > horizon || t >= crashAt(node)) {
            done.complete(new Report(node, dadao.state(node), gradientEvents, gossipEvents, maxLag));
            if (t >= crashAt(node) && self != null) {
                self.tell(new AsyncClient.Stop());   // crashed: the actor goes, and its registration with it
            }
            return;
        }
        long due = t0 + Math.round(t * unitNanos);
        timers.startSingleTimer("next", new Fire(), Duration.ofNanos(Math.max(0, due - System.nanoTime())));
    }

    private void fire() {
        int e = nextEdge();
        double t = nextTime();
        maxLag = Math.max(maxLag, (System.nanoTime() - t0) / (double) unitNanos - t);
        if (e < 0) {
            dadao.gradientEvent(node, t);
            gradientEvents++;
            gradient.advance(streams);
            scheduleNext();
            return;
        }
        Clock c = edgeClocks.get(e);
        mine = dadao.gossipValue(node, t);
        waitingEdge = e;
        peers.get(partner(e)).tell(new DoubleChunk(node, MessageKind.PARAMETERS, c.draws, e, 0, 1, 0, mine.length, mine));
        tryGossip();
    }

    private double crashAt(int who) {
        return crashes.getOrDefault(who, Double.POSITIVE_INFINITY);
    }

    /** Edges whose next tick falls at or after the partner's crash never gossip again: off the schedule. */
    private void dropDeadEdges() {
        for (int e : incident) {
            Clock c = edgeClocks.get(e);
            if (c.next >= crashAt(partner(e))) {
                c.next = Double.POSITIVE_INFINITY;
            }
        }
    }

    /**
     * A partner left without a scheduled crash: its edges leave the schedule, and a gossip waiting
     * on it is abandoned. A partner with a scheduled crash is left to the schedule: it goes only
     * after answering every tick before its crash time.
     */
    private void partnerLeft(int partner) {
        if (crashAt(partner) < Double.POSITIVE_INFINITY || done.isDone()) {
            return;
        }
        crashes = new HashMap<>(crashes);
        crashes.put(partner, Double.NEGATIVE_INFINITY);
        if (waitingEdge >= 0 && partner(waitingEdge) == partner) {
            waitingEdge = -1;
            scheduleNext();
        } else if (waitingEdge < 0) {
            timers.cancel("next");
            scheduleNext();
        }
    }

    private void receive(DoubleChunk c) {
        if (c.count() != 1 || c.tag() < 0 || c.tag() >= edges.length || partner(c.tag()) != c.sender()
                || c.total() != dadao.state(node)[0].length) {
            done.completeExceptionally(new CorruptPayloadException("dadao node " + node + ": unexpected " + c.describe()
                    + " of " + c.total() + " values"));
            return;
        }
        stash.put(List.of((long) c.tag(), c.round()), c.values());
        tryGossip();
    }

    /** Finishes the pending gossip once the partner's value for the same tick is in. */
    private void tryGossip() {
        if (waitingEdge < 0) {
            return;
        }
        Clock c = edgeClocks.get(waitingEdge);
        double[] theirs = stash.remove(List.of((long) waitingEdge, c.draws));
        if (theirs == null) {
            return;
        }
        dadao.applyGossip(node, mine, theirs, edges[waitingEdge][0] == node);
        gossipEvents++;
        c.advance(streams);
        waitingEdge = -1;
        scheduleNext();
    }
}

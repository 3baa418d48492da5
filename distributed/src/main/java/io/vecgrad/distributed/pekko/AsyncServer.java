package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.async.AsyncFederated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The server of an asynchronous federated run on Pekko ({@link PekkoAsyncFederated}). Once every
 * client has registered with the Receptionist it sends each one job 0 (the model, version 0) and
 * then reacts to arrivals as the simulator's {@code AsyncFederated} does: buffer the update;
 * aggregate at every arrival (async), when c updates are buffered (FedBuff), when all M are in
 * (sync) or when its FedFix timer fires (a Pekko timer armed for k·Δt·unit after the start);
 * an aggregation sums the buffered updates in client order with the weights d_i
 * ({@code θ ← θ + η_g d_i Δ_i}), raises the version and sends the aggregated clients their next
 * job. Everything it handles goes into an {@link AsyncTrace}; after {@code maxSteps} server steps
 * it completes the run's future and stops.
 *
 * <p>Faults, as the simulator has them. A client that goes after the start is recorded as a
 * departure, whichever news comes first: its Receptionist registration disappears (its node left
 * or was downed, as the synchronous engines detect it) or the server's death watch on it fires
 * (its node was removed, or its actor stopped on a scheduled crash — the watch hears of that at
 * once, the Receptionist only after a gossip round): the server stops waiting for it,
 * discards what it still sends and never restarts it; FedBuff then aggregates at min(c, W)
 * buffered updates and sync FedAvg at all W clients that can still report
 * ({@link AsyncFederated#aggregationDue}). Every complete update passes the run's fault channel
 * first, keyed as the simulator's message (client → server, round = the server's version, tag
 * "delta"), so a seeded drop drops the same updates; a dropped one is recorded and its client
 * is lost. When no client can report any more (and the scheme has no timer), the run fails
 * with a message saying so instead of waiting for its timeout.
 */
final class AsyncServer {
    private record Listing(int rank, List<ActorRef<PekkoEndpoint.Command>> refs)
            implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    private record Tick(long k) implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    private record Update(int client, long job, long baseVersion, ParamVector delta) {}

    /** What the run returns: the final model, the trace and the weights used. */
    record Outcome(ParamVector model, AsyncTrace trace, double[] weights) {}

    private final int clients;
    private final ParamVector theta;
    private final double[] weight;
    private final AsyncFederated.Config cfg;
    private final long maxSteps;
    private final long unitNanos;
    private final CompletableFuture<Outcome> done;
    private final PekkoAsyncFederated.Progress progress;
    private final TimerScheduler<PekkoEndpoint.Command> timers;
    private final AsyncTrace trace = new AsyncTrace();
    private final List<ActorRef<PekkoEndpoint.Command>> refs;
    private final long[] jobs;
    private final List<Update> buffer = new ArrayList<>();
    private final Map<List<Long>, Reassembly> partial = new HashMap<>();
    private final Channel channel;
    private final RandomStreams streams;
    private final boolean[] departed;
    private final boolean[] gone;
    private long version;
    private long t0 = -1;
    private java.util.function.Consumer<ActorRef<PekkoEndpoint.Command>> watch;

    private AsyncServer(int clients, ParamVector init, double[] weight, AsyncFederated.Config cfg, long maxSteps,
            long unitNanos, CompletableFuture<Outcome> done, PekkoAsyncFederated.Progress progress,
            TimerScheduler<PekkoEndpoint.Command> timers, Channel channel, long seed) {
        this.clients = clients;
        this.theta = init.copy();
        this.weight = weight.clone();
        this.cfg = cfg;
        this.maxSteps = maxSteps;
        this.unitNanos = unitNanos;
        this.done = done;
        this.progress = progress;
        this.timers = timers;
        this.refs = new ArrayList<>(java.util.Collections.nCopies(clients, null));
        this.jobs = new long[clients];
        this.channel = channel;
        this.streams = new RandomStreams(seed);
        this.departed = new boolean[clients];
        this.gone = new boolean[clients];
    }

    @SuppressWarnings("unchecked")
    static Behavior<PekkoEndpoint.Command> create(String job, int clients, ParamVector init, double[] weight,
            AsyncFederated.Config cfg, long maxSteps, long unitNanos, CompletableFuture<Outcome> done,
            PekkoAsyncFederated.Progress progress, Channel channel, long seed) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            AsyncServer s = new AsyncServer(clients, init, weight, cfg, maxSteps, unitNanos, done, progress, timers,
                    channel, seed);
            ctx.getSystem().receptionist().tell(Receptionist.register(PekkoAsyncFederated.serverKey(job), ctx.getSelf()));
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, l -> {
                String id = l.getKey().id();
                int rank = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
                return new Listing(rank, List.copyOf(l.getServiceInstances((ServiceKey<PekkoEndpoint.Command>) l.getKey())));
            });
            for (int r = 0; r < clients; r++) {
                ctx.getSystem().receptionist().tell(Receptionist.subscribe(PekkoAsyncFederated.clientKey(job, r), adapter));
            }
            s.watch = ctx::watch;
            return s.behavior();
        }));
    }

    private Behavior<PekkoEndpoint.Command> behavior() {
        return Behaviors.receive(PekkoEndpoint.Command.class)
                .onMessage(Listing.class, l -> {
                    if (!l.refs().isEmpty()) {
                        if (!departed[l.rank()]) {
                            refs.set(l.rank(), l.refs().get(0));
                        }
                    } else if (t0 >= 0 && !departed[l.rank()]) {
                        return departure(l.rank()) ? Behaviors.stopped() : Behaviors.same();
                    }
                    if (t0 < 0 && !refs.contains(null)) {
                        start();
                    }
                    return Behaviors.same();
                })
                .onMessage(Chunk.class, c -> {
                    try {
                        return receive(c) ? Behaviors.stopped() : Behaviors.same();
                    } catch (CorruptPayloadException e) {
                        done.completeExceptionally(e);   // never applied: the run fails naming the sender
                        return Behaviors.stopped();
                    }
                })
                .onMessage(Tick.class, t -> tick(t.k()) ? Behaviors.stopped() : Behaviors.same())
                .onMessage(AsyncClient.Stop.class, s -> Behaviors.stopped())
                .onSignal(Terminated.class, t -> {
                    int rank = refs.indexOf(t.getRef().<PekkoEndpoint.Command>unsafeUpcast());
                    return rank >= 0 && !departed[rank] && departure(rank) ? Behaviors.stopped() : Behaviors.same();
                })
                .build();
    }

    private double now() {
        return (System.nanoTime() - t0) / (double) unitNanos;
    }

    private void start() {
        t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            watch.accept(refs.get(i));
            dispatch(i, 0);
        }
        if (cfg.scheme() == AsyncFederated.Scheme.FEDFIX) {
            armTick(1);
        }
    }

    private void dispatch(int client, int atEvent) {
        long job = jobs[client]++;
        trace.dispatch(client, job, version, atEvent, now());
        for (Chunk c : Chunking.split(-1, MessageKind.PARAMETERS, version, (int) job, theta.data(), Chunking.DEFAULT_DOUBLES)) {
            refs.get(client).tell(c);
        }
    }

    private void armTick(long k) {
        long due = t0 + Math.round(k * cfg.period() * unitNanos);
        timers.startSingleTimer("fedfix", new Tick(k), Duration.ofNanos(Math.max(0, due - System.nanoTime())));
    }

    /** An update's chunk; returns true when the run is over. */
    private boolean receive(Chunk c) {
        if (c.kind() != MessageKind.GRADIENT || c.valueBytes() != 8 || c.sender() < 0 || c.sender() >= clients) {
            throw new CorruptPayloadException("async server: unexpected " + c.describe() + " with " + c.valueBytes()
                    + "-byte values; expected a float64 GRADIENT from one of " + clients + " clients");
        }
        List<Long> key = List.of((long) c.sender(), c.round(), (long) c.tag());
        Reassembly r = partial.computeIfAbsent(key, k -> new Reassembly(c));
        r.add(c);
        if (!r.complete()) {
            return false;
        }
        partial.remove(key);
        double[] delta = (double[]) r.values();
        if (delta.length != theta.dim()) {
            throw new CorruptPayloadException(String.format("async server: update of %d values from client %d (job %d),"
                    + " the model has %d", delta.length, c.sender(), c.tag(), theta.dim()));
        }
        if (departed[c.sender()]) {
            trace.late();   // sent before its client left, handled after: discarded, as in the simulator
            return false;
        }
        List<Message> through = channel.transmit(List.of(Message.dense(c.sender(), Message.SERVER, version, "delta",
                new ParamVector(delta))), streams);
        if (through.isEmpty()) {
            gone[c.sender()] = true;
            return settle(trace.drop(c.sender(), c.tag(), c.round(), version, now()));
        }
        if (through.size() != 1 || through.get(0).delay() != 0 || through.get(0).payload().dim() != theta.dim()) {
            throw new IllegalArgumentException("async server: the fault channel turned client " + c.sender() + "'s update"
                    + " (job " + c.tag() + ") into " + through.size() + " message(s) with delay "
                    + (through.isEmpty() ? 0 : through.get(0).delay()) + "; only drops and same-size payload changes"
                    + " apply in real time");
        }
        int event = trace.arrival(c.sender(), c.tag(), c.round(), version, now());
        buffer.add(new Update(c.sender(), c.tag(), c.round(), through.get(0).payload()));
        return settle(event);
    }

    /** Client {@code client} left the cluster; true when the run is over. */
    private boolean departure(int client) {
        departed[client] = true;
        gone[client] = true;
        return settle(trace.departure(client, version, now()));
    }

    /** Aggregates if the shared rule says so after {@code event}; fails the run when nobody can report; true when over. */
    private boolean settle(int event) {
        int waitable = 0;
        int bufferedWaitable = 0;
        for (boolean g : gone) {
            waitable += g ? 0 : 1;
        }
        for (Update u : buffer) {
            bufferedWaitable += gone[u.client()] ? 0 : 1;
        }
        if (AsyncFederated.aggregationDue(cfg, buffer.size(), bufferedWaitable, waitable) && aggregate(event)) {
            return true;
        }
        if (waitable == 0 && cfg.scheme() != AsyncFederated.Scheme.FEDFIX) {
            timers.cancelAll();
            done.completeExceptionally(new IllegalStateException("async server: all " + clients + " clients departed or"
                    + " lost an update (" + trace.events(AsyncTrace.Kind.DEPARTURE).size() + " departures, " + trace.dropped()
                    + " drops) after " + version + " of " + maxSteps + " server steps; nobody can report any more"));
            return true;
        }
        return false;
    }

    private boolean tick(long k) {
        int event = trace.tick(k, version, now());
        if (aggregate(event)) {
            return true;
        }
        armTick(k + 1);
        return false;
    }

    /** The simulator's aggregation: client order, then the aggregated clients restart; true when the run is over. */
    private boolean aggregate(int event) {
        buffer.sort(Comparator.comparingInt(Update::client));
        int[] who = new int[buffer.size()];
        long stale = 0;
        for (int k = 0; k < who.length; k++) {
            Update u = buffer.get(k);
            stale = Math.max(stale, version - u.baseVersion());
            who[k] = u.client();
            theta.axpyInPlace(cfg.serverLr() * weight[u.client()], u.delta());
        }
        buffer.clear();
        version++;
        trace.aggregation(event, who, now());
        if (progress != null) {
            progress.step(version, theta, who, stale);
        }
        if (version >= maxSteps) {
            timers.cancelAll();
            done.complete(new Outcome(theta.copy(), trace, weight.clone()));
            return true;
        }
        for (int i : who) {
            if (!gone[i]) {
                dispatch(i, event);
            }
        }
        return false;
    }
}

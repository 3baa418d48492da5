package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RandomStreams;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import io.vecgrad.tensor.random.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One client of an asynchronous federated run on Pekko ({@link PekkoAsyncFederated}). It receives
 * a job (the global model, its version and the job number j), arms a Pekko timer for the job's
 * compute time (drawn from {@code (seed, "compute-time", client, j)}, the stream the simulator's
 * {@code AsyncFederated} uses for that job, times the run's time unit), and when the timer fires
 * runs K local SGD steps (step s draws from {@code (seed, "minibatch", client, jK + s)}, as in the simulator) and sends
 * its update θ_i − θ to the server. The arithmetic is the simulator's, so the same order of
 * arrivals gives the same bits.
 *
 * <p>A scheduled crash at {@code crashAt} units (the simulator's {@code engine().crash(i, t)}):
 * the first job whose timer fires at or after {@code crashAt} units past the client's first job
 * is not sent, and the actor stops, so its Receptionist registration goes and the server records
 * a departure, as it does for a node that leaves.
 */
final class AsyncClient {
    /** The compute timer fired: job {@code job} from model {@code version} is done. */
    private record Finish(long job, long version, ParamVector origin) implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    private record ServerListing(List<ActorRef<PekkoEndpoint.Command>> refs) implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    /** Ends the client. */
    record Stop() implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    private final Worker worker;
    private final ClientTimes times;
    private final AsyncFederated.Config cfg;
    private final RandomStreams streams;
    private final long unitNanos;
    private final Map<Long, Reassembly> partial = new HashMap<>();
    private final List<List<Chunk>> pending = new ArrayList<>();
    private final TimerScheduler<PekkoEndpoint.Command> timers;
    private ActorRef<PekkoEndpoint.Command> server;
    private double crashAt = Double.POSITIVE_INFINITY;
    private long firstJob = -1;

    private AsyncClient(Worker worker, ClientTimes times, AsyncFederated.Config cfg, long seed, long unitNanos,
            TimerScheduler<PekkoEndpoint.Command> timers) {
        this.worker = worker;
        this.times = times;
        this.cfg = cfg;
        this.streams = new RandomStreams(seed);
        this.unitNanos = unitNanos;
        this.timers = timers;
    }

    static Behavior<PekkoEndpoint.Command> create(String job, Worker worker, ClientTimes times, AsyncFederated.Config cfg,
            long seed, long unitNanos, java.util.concurrent.CompletableFuture<Long> stopped) {
        return create(job, worker, times, cfg, seed, unitNanos, stopped, Double.POSITIVE_INFINITY);
    }

    /** As above, crashing at {@code crashAt} units after its first job (+∞: never). */
    static Behavior<PekkoEndpoint.Command> create(String job, Worker worker, ClientTimes times, AsyncFederated.Config cfg,
            long seed, long unitNanos, java.util.concurrent.CompletableFuture<Long> stopped, double crashAt) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            AsyncClient c = new AsyncClient(worker, times, cfg, seed, unitNanos, timers);
            c.crashAt = crashAt;
            ctx.getSystem().receptionist().tell(Receptionist.register(PekkoAsyncFederated.clientKey(job, worker.id()), ctx.getSelf()));
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
                    l -> new ServerListing(List.copyOf(l.getServiceInstances(PekkoAsyncFederated.serverKey(job)))));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(PekkoAsyncFederated.serverKey(job), adapter));
            return c.behavior(stopped);
        }));
    }

    private Behavior<PekkoEndpoint.Command> behavior(java.util.concurrent.CompletableFuture<Long> stopped) {
        return Behaviors.receive(PekkoEndpoint.Command.class)
                .onMessage(Chunk.class, c -> {
                    receive(c);
                    return Behaviors.same();
                })
                .onMessage(ServerListing.class, l -> {
                    if (!l.refs().isEmpty()) {
                        server = l.refs().get(0);
                        pending.forEach(this::tellServer);
                        pending.clear();
                    } else if (server != null) {
                        return Behaviors.stopped();   // the server finished (or its node left): the job is over
                    }
                    return Behaviors.same();
                })
                .onMessage(Finish.class, f -> {
                    if (crashed()) {
                        return Behaviors.stopped();   // the job is lost with the client
                    }
                    finish(f);
                    return Behaviors.same();
                })
                .onMessage(Stop.class, s -> Behaviors.stopped())
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    if (stopped != null) {
                        stopped.complete(worker.gradients() / cfg.localSteps());
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** A piece of a job; a complete job starts the compute timer. */
    private void receive(Chunk c) {
        if (c.kind() != MessageKind.PARAMETERS || c.valueBytes() != 8) {
            throw new CorruptPayloadException("async client " + worker.id() + ": unexpected " + c.describe() + " with "
                    + c.valueBytes() + "-byte values; expected float64 PARAMETERS from the server");
        }
        Reassembly r = partial.computeIfAbsent(c.round() * 1_000_003L + c.tag(), k -> new Reassembly(c));
        r.add(c);
        if (!r.complete()) {
            return;
        }
        partial.clear();
        double[] model = (double[]) r.values();
        if (model.length != worker.params().dim()) {
            throw new CorruptPayloadException(String.format("async client %d: model of %d values from the server"
                    + " (version %d), the worker's model has %d", worker.id(), model.length, c.round(), worker.params().dim()));
        }
        long job = c.tag();
        if (firstJob < 0) {
            firstJob = System.nanoTime();
        }
        worker.params().setInPlace(new ParamVector(model));
        double duration = times.sample(worker.id(), streams.stream("compute-time", worker.id(), job));
        timers.startSingleTimer("job", new Finish(job, c.round(), worker.params().copy()),
                Duration.ofNanos(Math.round(duration * unitNanos)));
    }

    /** True when the scheduled crash time has come. */
    private boolean crashed() {
        return (System.nanoTime() - firstJob) / (double) unitNanos >= crashAt;
    }

    /** K local SGD steps with the job's minibatch stream, then the update goes to the server. */
    private void finish(Finish f) {
        ParamVector x = worker.params();
        ParamVector g = ParamVector.zeros(x.dim());
        for (int k = 0; k < cfg.localSteps(); k++) {
            Rng rng = streams.stream("minibatch", worker.id(), f.job() * cfg.localSteps() + k);   // the simulator's k-th draw
            worker.problem().gradient(x, rng, g);
            x.axpyInPlace(-cfg.localLr(), g);
        }
        worker.countGradients(cfg.localSteps());
        List<Chunk> update = Chunking.split(worker.id(), MessageKind.GRADIENT, f.version(), (int) f.job(),
                x.minus(f.origin()).data(), Chunking.DEFAULT_DOUBLES);
        if (server == null) {
            pending.add(update);
        } else {
            tellServer(update);
        }
    }

    private void tellServer(List<Chunk> chunks) {
        for (Chunk c : chunks) {
            server.tell(c);
        }
    }
}

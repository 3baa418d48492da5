package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The simulator's asynchronous federated methods (P38: synchronous FedAvg, async FedAvg, FedBuff,
 * FedFix; {@link AsyncFederated}) in real time on a Pekko cluster. One actor per client and one
 * server actor, found through the Receptionist; every client drives its own clock with a Pekko
 * timer (its compute time, drawn from its seeded stream as in the simulator, times
 * {@code unit}), the server aggregates as updates arrive and sends the clients it aggregated the
 * new model with its version, and FedFix's period is a server timer. Payloads travel as float64
 * {@link DoubleChunk}s through {@link PayloadSerializer}.
 *
 * <p>What is deterministic: every client's job j draws the same compute time and minibatches as
 * the simulator's job j, and the server's arithmetic is the simulator's, so the run is a pure
 * function of the order in which the server handled arrivals and ticks. That order is real time,
 * so it is not determined by the seed; it is recorded in the {@link AsyncTrace}, and
 * {@link AsyncReplay} feeds it to the simulator, which then rebuilds the final model bit for bit.
 *
 * <p>Faults. A client whose node leaves the cluster is recorded as a departure and no longer
 * waited for (see {@code AsyncServer}; FedBuff with fewer than c clients left aggregates what the
 * survivors send, the rule of {@link AsyncFederated#aggregationDue}); {@link Faults} injects the
 * simulator's faults: scheduled client crashes and a seeded uplink channel (drops) applied by the
 * server to each update keyed as the simulator keys it. Departures and drops are in the trace, and
 * the replay applies them too, so a faulty run replays bit for bit.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
 *     PekkoAsyncFederated.Result r = PekkoAsyncFederated.run(cluster, workers, ClientTimes.linear(6, 50),
 *             AsyncFederated.Config.fedBuff(3, true, 0.1, 5, 1.0), p, 42,
 *             new PekkoAsyncFederated.Settings(Duration.ofMillis(20), 60, Duration.ofSeconds(60)));
 *     ParamVector theta = r.model();
 *     int[] staleness = r.trace().staleness();
 *     PekkoAsyncFederated.Faults faults = new PekkoAsyncFederated.Faults(Map.of(2, 5.0), Channels.drop(0.1));
 *     PekkoAsyncFederated.Result faulty = PekkoAsyncFederated.run(cluster, workers, ClientTimes.linear(6, 50),
 *             AsyncFederated.Config.async(true, 0.1, 5, 0.5), p, 42,
 *             new PekkoAsyncFederated.Settings(Duration.ofMillis(20), 60, Duration.ofSeconds(60)), faults);
 *     long departures = faulty.trace().events(AsyncTrace.Kind.DEPARTURE).size();
 * }
 * }</pre>
 */
public final class PekkoAsyncFederated {
    private static long jobs;

    private PekkoAsyncFederated() {}

    /**
     * How a run is paced and when it ends.
     *
     * @param unit        real time of one unit of the simulator's virtual time (compute times, FedFix's Δt)
     * @param serverSteps the run ends after this many aggregations
     * @param timeout     how long to wait for it
     */
    public record Settings(Duration unit, long serverSteps, Duration timeout) {
        /** Checks the figures. */
        public Settings {
            if (unit.isNegative() || unit.isZero() || serverSteps < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pekko async run: unit " + unit + ", server steps " + serverSteps
                        + ", timeout " + timeout + "; need a positive unit and timeout and ≥ 1 step");
            }
        }
    }

    /**
     * A finished run.
     *
     * @param model   the global model after the last server step
     * @param trace   what the server handled, in order
     * @param weights the aggregation weights d_i used
     */
    public record Result(ParamVector model, AsyncTrace trace, double[] weights) {}

    /**
     * Faults injected the way the simulator's {@link AsyncFederated} takes them on its engine.
     *
     * @param crashes client → crash time, in units after the client's first job: the first job
     *                finishing at or after it is lost and the client stops (the server records a
     *                departure), like {@code engine().crash(client, time)}
     * @param uplink  the channel each update passes at the server ({@code Channels.drop(q)}: a
     *                seeded drop; perfect: none); it draws from the run's seed by the simulator's
     *                message key, so the replay with the same channel drops the same updates
     */
    public record Faults(Map<Integer, Double> crashes, Channel uplink) {
        /** Checks the figures. */
        public Faults {
            crashes = Map.copyOf(crashes);
            for (Map.Entry<Integer, Double> c : crashes.entrySet()) {
                if (!(c.getValue() >= 0)) {
                    throw new IllegalArgumentException("pekko async faults: client " + c.getKey() + " crashes at " + c.getValue()
                            + " units; need a time ≥ 0");
                }
            }
            if (uplink == null) {
                throw new IllegalArgumentException("pekko async faults: null uplink channel (use Channel.perfect())");
            }
        }

        /** No injected faults. */
        public static Faults none() {
            return new Faults(Map.of(), Channel.perfect());
        }

        /** Client {@code client}'s crash time in units, +∞ when it has none. */
        public double crashAt(int client) {
            return crashes.getOrDefault(client, Double.POSITIVE_INFINITY);
        }
    }

    /** The Receptionist key of a job's server. */
    static ServiceKey<PekkoEndpoint.Command> serverKey(String job) {
        return ServiceKey.create(PekkoEndpoint.Command.class, "vecgrad-async-" + job + "-server");
    }

    /** The Receptionist key of a job's client {@code rank}. */
    static ServiceKey<PekkoEndpoint.Command> clientKey(String job, int rank) {
        return ServiceKey.create(PekkoEndpoint.Command.class, "vecgrad-async-" + job + "-client-" + rank);
    }

    /** Called by the server after every aggregation (on the server actor's thread: keep it short). */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param step      server steps so far (the new model version)
         * @param model     the new global model (do not keep it: it changes with the next step)
         * @param clients   the clients aggregated, in index order
         * @param staleness the largest staleness among them
         */
        void step(long step, ParamVector model, int[] clients, long staleness);
    }

    /**
     * Runs the method with the server on {@code cluster.system(0)} and client i on system
     * {@code i mod size}. The workers' problems, times, config, importances and seed mean what
     * they mean for {@link AsyncFederated}; the global model starts at worker 0's parameters.
     *
     * @throws IllegalStateException naming the steps taken when the run does not finish in time
     */
    public static Result run(LocalCluster cluster, List<Worker> workers, ClientTimes times, AsyncFederated.Config cfg,
            double[] p, long seed, Settings settings) {
        return run(cluster, workers, times, cfg, p, seed, settings, Faults.none());
    }

    /** As above with injected {@code faults} (replay with the same uplink channel). */
    public static Result run(LocalCluster cluster, List<Worker> workers, ClientTimes times, AsyncFederated.Config cfg,
            double[] p, long seed, Settings settings, Faults faults) {
        String job = "run" + nextJob();
        check(workers, times, p);
        for (int c : faults.crashes().keySet()) {
            if (c < 0 || c >= workers.size()) {
                throw new IllegalArgumentException("pekko async run: crash of client " + c + " but the clients are 0.."
                        + (workers.size() - 1));
            }
        }
        List<ActorRef<PekkoEndpoint.Command>> actors = new ArrayList<>();
        try {
            CompletableFuture<Result> done = startServer(cluster.system(0), job, workers.get(0).params(), times, cfg, p, seed,
                    settings, null, actors, faults.uplink());
            for (Worker w : workers) {
                actors.add(startClient(cluster.system(w.id() % cluster.size()), job, w, times, cfg, seed, settings.unit(), null,
                        faults.crashAt(w.id())));
            }
            return await(done, settings);
        } finally {
            for (ActorRef<PekkoEndpoint.Command> a : actors) {
                a.tell(new AsyncClient.Stop());
            }
        }
    }

    /**
     * Starts a job's server in {@code system} (one JVM of a multi-JVM run); it begins once
     * {@code times.clients()} clients of {@code job} have registered anywhere in the cluster.
     *
     * @param progress told after every aggregation, or null
     * @param started  receives the server's actor (to stop it early), or null
     */
    public static CompletableFuture<Result> startServer(ActorSystem<?> system, String job, ParamVector init,
            ClientTimes times, AsyncFederated.Config cfg, double[] p, long seed, Settings settings, Progress progress,
            List<ActorRef<PekkoEndpoint.Command>> started) {
        return startServer(system, job, init, times, cfg, p, seed, settings, progress, started, Channel.perfect());
    }

    /** As above; every update passes {@code uplink} at the server (the injected drop faults of {@link Faults}). */
    public static CompletableFuture<Result> startServer(ActorSystem<?> system, String job, ParamVector init,
            ClientTimes times, AsyncFederated.Config cfg, double[] p, long seed, Settings settings, Progress progress,
            List<ActorRef<PekkoEndpoint.Command>> started, Channel uplink) {
        double[] weights = AsyncFederated.aggregationWeights(times, cfg, p, seed);
        CompletableFuture<AsyncServer.Outcome> done = new CompletableFuture<>();
        ActorRef<PekkoEndpoint.Command> server = system.systemActorOf(AsyncServer.create(job, times.clients(), init, weights,
                cfg, settings.serverSteps(), settings.unit().toNanos(), done, progress, uplink, seed), "vecgrad-async-" + job + "-server",
                Props.empty());
        if (started != null) {
            started.add(server);
        }
        return done.thenApply(o -> new Result(o.model(), o.trace(), o.weights()));
    }

    /** Starts client {@code worker.id()} of {@code job} in {@code system}; it stops when told or when its server is gone. */
    public static ActorRef<PekkoEndpoint.Command> startClient(ActorSystem<?> system, String job, Worker worker,
            ClientTimes times, AsyncFederated.Config cfg, long seed, Duration unit) {
        return startClient(system, job, worker, times, cfg, seed, unit, null);
    }

    /** As above; {@code stopped} receives the number of jobs the client finished when it stops. */
    public static ActorRef<PekkoEndpoint.Command> startClient(ActorSystem<?> system, String job, Worker worker,
            ClientTimes times, AsyncFederated.Config cfg, long seed, Duration unit, CompletableFuture<Long> stopped) {
        return startClient(system, job, worker, times, cfg, seed, unit, stopped, Double.POSITIVE_INFINITY);
    }

    /** As above, crashing at {@code crashAt} units after its first job ({@link Faults#crashes}; +∞: never). */
    public static ActorRef<PekkoEndpoint.Command> startClient(ActorSystem<?> system, String job, Worker worker,
            ClientTimes times, AsyncFederated.Config cfg, long seed, Duration unit, CompletableFuture<Long> stopped,
            double crashAt) {
        return system.systemActorOf(AsyncClient.create(job, worker, times, cfg, seed, unit.toNanos(), stopped, crashAt),
                "vecgrad-async-" + job + "-client-" + worker.id(), Props.empty());
    }

    /** Waits for a run started with {@link #startServer}. */
    public static Result await(CompletableFuture<Result> done, Settings settings) {
        try {
            return done.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("pekko async run: " + settings.serverSteps() + " server steps did not finish within "
                    + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko async run: interrupted", e);
        }
    }

    private static synchronized long nextJob() {
        return jobs++;
    }

    private static void check(List<Worker> workers, ClientTimes times, double[] p) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("pekko async run: no clients");
        }
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).id() != i) {
                throw new IllegalArgumentException("pekko async run: worker at position " + i + " has id " + workers.get(i).id());
            }
        }
        if (times.clients() != workers.size() || p.length != workers.size()) {
            throw new IllegalArgumentException("pekko async run: " + workers.size() + " workers but " + times.clients()
                    + " client times and " + p.length + " importances");
        }
        double sum = 0;
        for (double v : p) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("pekko async run: importances must be positive, got " + java.util.Arrays.toString(p));
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("pekko async run: importances must sum to 1, got " + sum);
        }
    }
}

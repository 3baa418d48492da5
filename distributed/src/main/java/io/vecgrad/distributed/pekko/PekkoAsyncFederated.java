package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
 *     PekkoAsyncFederated.Result r = PekkoAsyncFederated.run(cluster, workers, ClientTimes.linear(6, 50),
 *             AsyncFederated.Config.fedBuff(3, true, 0.1, 5, 1.0), p, 42,
 *             new PekkoAsyncFederated.Settings(Duration.ofMillis(20), 60, Duration.ofSeconds(60)));
 *     ParamVector theta = r.model();
 *     int[] staleness = r.trace().staleness();
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

    /** The Receptionist key of a job's server. */
    static ServiceKey<PekkoEndpoint.Command> serverKey(String job) {
        return ServiceKey.create(PekkoEndpoint.Command.class, "vecgrad-async-" + job + "-server");
    }

    /** The Receptionist key of a job's client {@code rank}. */
    static ServiceKey<PekkoEndpoint.Command> clientKey(String job, int rank) {
        return ServiceKey.create(PekkoEndpoint.Command.class, "vecgrad-async-" + job + "-client-" + rank);
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
        String job = "run" + nextJob();
        check(workers, times, p);
        double[] weights = AsyncFederated.aggregationWeights(times, cfg, p, seed);
        long unit = settings.unit().toNanos();
        CompletableFuture<AsyncServer.Outcome> done = new CompletableFuture<>();
        List<ActorRef<PekkoEndpoint.Command>> actors = new ArrayList<>();
        try {
            actors.add(cluster.system(0).systemActorOf(AsyncServer.create(job, workers.size(), workers.get(0).params(),
                    weights, cfg, settings.serverSteps(), unit, done), "vecgrad-async-" + job + "-server", Props.empty()));
            for (Worker w : workers) {
                ActorSystem<?> s = cluster.system(w.id() % cluster.size());
                actors.add(s.systemActorOf(AsyncClient.create(job, w, times, cfg, seed, unit),
                        "vecgrad-async-" + job + "-client-" + w.id(), Props.empty()));
            }
            AsyncServer.Outcome o = done.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Result(o.model(), o.trace(), o.weights());
        } catch (TimeoutException e) {
            throw new IllegalStateException("pekko async run: " + settings.serverSteps() + " server steps did not finish within "
                    + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko async run: interrupted", e);
        } finally {
            for (ActorRef<PekkoEndpoint.Command> a : actors) {
                a.tell(new AsyncClient.Stop());
            }
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

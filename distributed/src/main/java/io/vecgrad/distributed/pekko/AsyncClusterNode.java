package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One worker JVM of an asynchronous cluster job ({@code vecgrad cluster --method fedbuff}, also
 * {@code fedfix} and {@code async-fedavg}): every node hosts one client of {@link FedAvgJob}'s
 * softmax-regression problem, and rank 0 also hosts the server ({@link PekkoAsyncFederated}).
 * Compute times are heavy-tailed (log-normal σ = 1 around τ_i = 1 − i·0.5/(K−1) units of 20 ms),
 * the configuration is {@link #config}'s, {@code --rounds} counts server steps. The server prints one line per update step (clients
 * aggregated, their largest staleness, test loss and accuracy) and, at the end, every client
 * that left the cluster (the server stopped waiting for it: FedBuff with fewer than c clients
 * left aggregates what the survivors send); each client prints how many jobs it finished once
 * the server is gone.
 *
 * <pre>{@code
 * int code = AsyncClusterNode.run(NodeOptions.parse("--rank", "0", "--workers", "1", "--rounds", "5",
 *         "--method", "fedbuff"), System.out);
 * }</pre>
 */
public final class AsyncClusterNode {
    /** The asynchronous methods a cluster node runs. */
    public static final List<String> METHODS = List.of("fedbuff", "fedfix", "async-fedavg");

    /** Real time of one virtual time unit. */
    static final Duration UNIT = Duration.ofMillis(20);

    private AsyncClusterNode() {}

    /**
     * The method's configuration, unbiased weights throughout: FedBuff with c = ⌈K/2⌉ and η_g = 1;
     * FedFix with Δt = 1 unit and η_g = 1; async FedAvg with η_g = 1/K (every single arrival moves
     * the model, so each moves it by a K-th of a FedAvg step).
     */
    static AsyncFederated.Config config(NodeOptions o) {
        return switch (o.method()) {
            case "fedbuff" -> AsyncFederated.Config.fedBuff((o.workers() + 1) / 2, true, o.lr(), o.localSteps(), 1.0);
            case "fedfix" -> AsyncFederated.Config.fedFix(1.0, true, o.lr(), o.localSteps(), 1.0);
            case "async-fedavg" -> AsyncFederated.Config.async(true, o.lr(), o.localSteps(), 1.0 / o.workers());
            default -> throw new IllegalArgumentException("cluster node: " + o.method() + " is not an asynchronous method; one of " + METHODS);
        };
    }

    /** Runs one node to the end of the job; returns 0 when it finished, 1 when it failed. */
    public static int run(NodeOptions o, PrintStream out) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), o.name(), o.settings().toConfig());
        Duration timeout = Duration.ofSeconds(o.timeoutSeconds());
        try {
            if (o.seedNodes().isEmpty()) {
                Cluster.get(system).manager().tell(org.apache.pekko.cluster.typed.Join.create(
                        Cluster.get(system).selfMember().address()));
            }
            LocalCluster.awaitUp(List.of(system), o.workers(), timeout);
            out.printf("worker %d: cluster %s up at %s; %d members%n", o.rank(), o.name(), system.address(), o.workers());
            FedAvgJob job = new FedAvgJob(o.workers(), o.seed());
            Worker w = job.worker(o.rank());
            ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(o.workers(), 50), 1.0);
            AsyncFederated.Config cfg = config(o);
            double[] p = new double[o.workers()];
            Arrays.fill(p, 1.0 / o.workers());
            PekkoAsyncFederated.Settings settings = new PekkoAsyncFederated.Settings(UNIT, o.rounds(), timeout);
            CompletableFuture<PekkoAsyncFederated.Result> server = null;
            if (o.rank() == 0) {
                server = PekkoAsyncFederated.startServer(system, o.method(), w.params(), times, cfg, p, o.seed(), settings,
                        (step, model, clients, stale) -> out.printf("server: step %d/%d clients %s max staleness %d"
                                + " test loss %.4f accuracy %.3f%n", step, o.rounds(), Arrays.toString(clients), stale,
                                job.testLoss(model), job.testAccuracy(model)), null);
            }
            CompletableFuture<Long> stopped = new CompletableFuture<>();
            PekkoAsyncFederated.startClient(system, o.method(), w, times, cfg, o.seed(), UNIT, stopped);
            if (server != null) {
                PekkoAsyncFederated.Result r = PekkoAsyncFederated.await(server, settings);
                int[] s = r.trace().staleness();
                out.printf("server: %s done after %d steps in %.1f units; staleness max %d mean %.2f; updates per client %s%n",
                        o.method(), r.trace().serverSteps(), r.trace().duration(), Arrays.stream(s).max().orElse(0),
                        Arrays.stream(s).average().orElse(0), Arrays.toString(r.trace().arrivalsPerClient(o.workers())));
                for (AsyncTrace.Event e : r.trace().events(AsyncTrace.Kind.DEPARTURE)) {
                    out.printf("server: client %d left the cluster at %.1f units, after step %d%n", e.client(), e.time(), e.version());
                }
            }
            long jobs = stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            out.printf("worker %d: %s client done after %d jobs%n", o.rank(), o.method(), jobs);
            return 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            out.printf("worker %d: failed: %s%n", o.rank(), e.getMessage());
            return 1;
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // The JVM is about to exit anyway.
            }
        }
    }
}

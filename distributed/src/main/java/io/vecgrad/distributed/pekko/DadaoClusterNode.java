package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.dadao.DadaoConstants;
import io.vecgrad.distributed.dadao.GraphSpectrum;
import io.vecgrad.tensor.random.Rng;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One worker JVM of {@code vecgrad cluster --method dadao} (P46): the worker's {@link DadaoNode}
 * actor, with its Poisson clocks on Pekko timers, gossiping with its neighbours in the other JVMs
 * (found through the Receptionist). The problem ({@link Job}) is built the same way on every node
 * from (workers, seed): f_i(x) = ½aᵢ‖x − cᵢ‖², aᵢ ∈ [1, 2] (μ = 1, L = 2), on a cycle (one edge for
 * two workers); {@code --rounds} is the virtual-time horizon in units of 20 ms, and each node prints
 * one line per unit: its squared distance to the optimum x* = Σaᵢcᵢ / Σaᵢ. Real time paces the run
 * but decides nothing: every node's state equals {@code Dadao.drive(EventEngine)}'s bit for bit, as
 * in one JVM ({@link PekkoDadao}). A node's JVM stays up until every node has reached the horizon
 * (a closing barrier), so no gossip value is lost to an early shutdown.
 *
 * <pre>{@code
 * int code = DadaoClusterNode.run(NodeOptions.parse("--rank", "0", "--workers", "2", "--rounds", "5",
 *         "--method", "dadao", "--seed-nodes", "127.0.0.1:25520"), System.out);
 * }</pre>
 */
public final class DadaoClusterNode {
    /** The method name on the command line. */
    public static final String METHOD = "dadao";
    /** Real time of one virtual time unit. */
    static final Duration UNIT = Duration.ofMillis(20);

    private DadaoClusterNode() {}

    /**
     * The problem every node builds identically: n workers, dimension {@link #DIM}, the graph, the
     * constants, gradient rate 1 per node and gossip rate λ_mix in total.
     */
    static final class Job {
        static final int DIM = 10;
        final int n;
        final long seed;
        final GraphSpectrum graph;
        final DadaoConstants constants;
        final double[][] centers;
        final double[] optimum = new double[DIM];

        Job(int n, long seed) {
            if (n < 2) {
                throw new IllegalArgumentException("cluster dadao: DADAO needs at least 2 workers (a graph with an edge), got " + n);
            }
            this.n = n;
            this.seed = seed;
            this.graph = GraphSpectrum.of(n, edges(n));
            this.constants = DadaoConstants.of(1, 2, graph.chi1(), graph.lambdaMix());
            this.centers = new double[n][DIM];
            double sa = 0;
            for (int i = 0; i < n; i++) {
                Rng r = new Rng(seed).split("dadao-center").split(i);
                for (int k = 0; k < DIM; k++) {
                    centers[i][k] = r.nextGaussian() + i;
                    optimum[k] += a(i) * centers[i][k];
                }
                sa += a(i);
            }
            for (int k = 0; k < DIM; k++) {
                optimum[k] /= sa;
            }
        }

        /** A cycle on n ≥ 3 nodes, one edge on 2. */
        static int[][] edges(int n) {
            if (n == 2) {
                return new int[][] {{0, 1}};
            }
            int[][] e = new int[n][];
            for (int i = 0; i < n; i++) {
                e[i] = new int[] {Math.min(i, (i + 1) % n), Math.max(i, (i + 1) % n)};
            }
            return e;
        }

        double a(int i) {
            return 1 + i / (double) (n - 1);
        }

        void gradient(int i, double[] x, double[] out) {
            for (int k = 0; k < DIM; k++) {
                out[k] = a(i) * (x[k] - centers[i][k]);
            }
        }

        /** A fresh run from X = 0 (each node its own copy: it touches only its node's state). */
        Dadao dadao() {
            return new Dadao(constants, graph, this::gradient, new double[n][DIM], 1, graph.lambdaMix(), new Rng(seed));
        }

        double distanceToOptimum(double[] x) {
            double s = 0;
            for (int k = 0; k < DIM; k++) {
                s += (x[k] - optimum[k]) * (x[k] - optimum[k]);
            }
            return s;
        }
    }

    /** Entry of a cluster node for {@code --method dadao}; 0 when the node reached the horizon. */
    public static int run(NodeOptions o, PrintStream out) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), o.name(), o.settings().toConfig());
        Duration timeout = Duration.ofSeconds(o.timeoutSeconds());
        try {
            Job job = new Job(o.workers(), o.seed());
            if (o.seedNodes().isEmpty()) {
                Cluster.get(system).manager().tell(org.apache.pekko.cluster.typed.Join.create(
                        Cluster.get(system).selfMember().address()));
            }
            LocalCluster.awaitUp(List.of(system), o.workers(), timeout);
            out.printf("worker %d: cluster %s up at %s; members %s%n", o.rank(), o.name(), system.address(), ClusterNode.members(system));
            DadaoNode.Report r = runNode(system, job, o.rank(), o.rounds(), UNIT, timeout, (t, state) -> out.printf(
                    "worker %d: round %d/%d (virtual time %.0f) distance² to x* %.4e%n", o.rank(), Math.round(t), o.rounds(), t,
                    job.distanceToOptimum(state[Dadao.X])));
            out.printf("worker %d: dadao done at virtual time %d: %d gradient events, %d gossip events, distance² to x* %.4e,"
                    + " max lag %.2f units%n", o.rank(), o.rounds(), r.gradientEvents(), r.gossipEvents(),
                    job.distanceToOptimum(r.state()[Dadao.X]), r.maxLagUnits());
            return 0;
        } catch (RuntimeException e) {
            out.printf("worker %d: failed: %s%n", o.rank(), e.getMessage());
            return 1;
        } finally {
            ClusterNode.shutdown(system);
        }
    }

    /**
     * Runs node {@code rank} of {@code job} on {@code system} to virtual time {@code horizon}: starts its
     * actor, waits for its neighbours, starts the clocks, waits for its report, then for every node's
     * (the closing barrier).
     *
     * @throws IllegalStateException when a step does not finish within {@code timeout}
     */
    static DadaoNode.Report runNode(ActorSystem<?> system, Job job, int rank, double horizon, Duration unit,
            Duration timeout, DadaoNode.Progress progress) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<DadaoNode.Report> done = new CompletableFuture<>();
        String name = "cluster";
        try (PekkoEndpoint barrier = PekkoEndpoint.start(system, "dadao-barrier", rank, job.n)) {
            ActorRef<PekkoEndpoint.Command> actor = system.systemActorOf(DadaoNode.create(name, rank, job.dadao(),
                    job.graph.edges(), 1, job.graph.lambdaMix(), job.seed, horizon, unit.toNanos(), ready, done, 1.0, progress),
                    "vecgrad-dadao-" + name + "-" + rank, Props.empty());
            try {
                ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                actor.tell(new DadaoNode.Start(System.nanoTime() + Duration.ofMillis(20).toNanos()));
                long budget = timeout.toMillis() + Math.round(horizon * unit.toMillis()) * 4;
                DadaoNode.Report r = done.get(budget, TimeUnit.MILLISECONDS);
                barrier.awaitPeers(timeout);
                for (int p = 0; p < job.n; p++) {
                    if (p != rank) {
                        barrier.send(p, MessageKind.CONTROL, 0, 0, new double[] {rank});
                    }
                }
                for (int p = 0; p < job.n; p++) {
                    if (p != rank) {
                        barrier.receiveDoubles(p, MessageKind.CONTROL, 0, 0, timeout);
                    }
                }
                return r;
            } finally {
                actor.tell(new AsyncClient.Stop());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cluster dadao: node " + rank + " of " + job.n + " did not reach virtual time "
                    + horizon + " (or its neighbours were not found) within the timeout", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cluster dadao: interrupted", e);
        }
    }
}

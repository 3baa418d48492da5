package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One worker JVM of a cluster job: starts a cluster ActorSystem, waits for all workers to be Up,
 * prints the membership, then runs a round method ({@link FedAvgJob}'s tolerant FedAvg by default, or
 * one of the core's methods, see {@link #method}, or a method with its own problem, see {@link #ownJob}) on the job's workers — with the server step on a
 * Cluster Singleton ({@link SingletonNode}) where {@link NodeOptions#server} says so (the default
 * for methods with a server), otherwise replicated over a {@link PekkoRoundEngine} — printing
 * one line per round (test loss and accuracy, participants, departures, bytes) and writing the
 * model after each round to {@code worker-<rank>.safetensors} (atomically: a killed JVM leaves its
 * previous checkpoint whole). {@code vecgrad cluster} starts K of these; on machines each runs
 * {@code vecgrad cluster node --config cluster.conf --rank R --workers K}.
 *
 * <pre>{@code
 * int code = ClusterNode.run(NodeOptions.parse("--rank", "0", "--workers", "1", "--rounds", "3"), System.out);
 * }</pre>
 */
public final class ClusterNode {
    private ClusterNode() {}

    /** Entry point of a child JVM: {@link NodeOptions#parse} arguments; exit code 0 when the job finished. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(NodeOptions.parse(args), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("vecgrad cluster node: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs one node to the end of the job; returns 0 when it finished, 1 when it failed. */
    public static int run(NodeOptions o, PrintStream out) {
        if (AsyncClusterNode.METHODS.contains(o.method())) {
            return AsyncClusterNode.run(o, out);   // asynchronous methods: actors and timers, no rounds
        }
        if (DadaoClusterNode.METHOD.equals(o.method())) {
            return DadaoClusterNode.run(o, out);   // P46: Poisson clocks on timers, gossip between neighbours' JVMs
        }
        List<String> seeds = o.seedNodes();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), o.name(), o.settings().toConfig());
        Duration timeout = Duration.ofSeconds(o.timeoutSeconds());
        try {
            if (seeds.isEmpty()) {
                // A single node (or the first node of a cluster formed programmatically) joins itself.
                Cluster.get(system).manager().tell(org.apache.pekko.cluster.typed.Join.create(
                        Cluster.get(system).selfMember().address()));
            }
            LocalCluster.awaitUp(List.of(system), o.workers(), timeout);
            out.printf("worker %d: cluster %s up at %s; members %s%n", o.rank(), o.name(), system.address(),
                    members(system));
            FedAvgJob job = new FedAvgJob(o.workers(), o.seed());
            io.vecgrad.distributed.zoo.MethodJob own = ownJob(o);
            Worker w = own != null ? own.worker(o.rank()) : job.worker(o.rank());
            if (o.server() == ServerPlacement.SINGLETON) {
                SingletonNode.run(o, system, job, w, timeout, out);
                return 0;
            }
            try (PekkoEndpoint ep = PekkoEndpoint.start(system, "fedavg", o.rank(), o.workers());
                    PekkoRoundEngine engine = PekkoRoundEngine.builder(ep, w).seed(o.seed()).timeout(timeout).build()) {
                ep.awaitPeers(timeout);
                io.vecgrad.distributed.RoundMethod m = own != null ? own.method() : method(o, job);
                m.setUp(engine);
                Set<Integer> reported = new TreeSet<>();
                for (int r = 0; r < o.rounds(); r++) {
                    m.round(engine, r);
                    ParamVector model = m.model(engine);
                    int[] alive = engine.participants(r + 1);
                    for (PekkoRoundEngine.Departure d : engine.departures()) {
                        if (reported.add(d.worker())) {
                            out.printf("worker %d: worker %d left the cluster (noticed in round %d); going on with %s%n",
                                    o.rank(), d.worker(), d.round() + 1, java.util.Arrays.toString(alive));
                        }
                    }
                    String figures = own != null ? own.metrics(model)
                            : String.format("test loss %.4f accuracy %.3f", job.testLoss(model), job.testAccuracy(model));
                    out.printf("worker %d: round %d/%d %s participants %s bytes %d%n",
                            o.rank(), r + 1, o.rounds(), figures, java.util.Arrays.toString(alive), engine.bytes().totalBytes());
                    if (o.checkpointDir() != null) {
                        checkpoint(o, r + 1, model, engine.departures());
                    }
                    if (o.roundDelayMillis() > 0) {
                        Thread.sleep(o.roundDelayMillis());
                    }
                }
                out.printf("worker %d: %s done after %d rounds; departed %s%n", o.rank(), o.method(), o.rounds(),
                        departed(engine));
            }
            return 0;
        } catch (RuntimeException | IOException e) {
            out.printf("worker %d: failed: %s%n", o.rank(), e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            shutdown(system);
        }
    }

    /** Terminates a node's system and waits (up to 20 s) for it: the JVM exits next. */
    static void shutdown(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The JVM is about to exit anyway.
        }
    }

    /**
     * The round method named by {@code o.method()}: {@code fedavg} is the job's own FedAvg (tolerant
     * of departures, with the node's local steps and learning rate); a method with its own problem
     * comes from its {@link #ownJob}; every other name is built by the core's {@code MethodFactories}
     * with its default hyper-parameters.
     */
    static io.vecgrad.distributed.RoundMethod method(NodeOptions o, FedAvgJob job) {
        if (o.method().equals("fedavg")) {
            return job.method(o.localSteps(), o.lr());
        }
        io.vecgrad.distributed.zoo.MethodJob own = ownJob(o);
        if (own != null) {
            return own.method();
        }
        return io.vecgrad.distributed.zoo.MethodFactories.create(o.method(), job.workers());
    }

    /**
     * The job of a method that brings its own problem ({@code MethodJobs}: ADMM's least-squares
     * clients, curriculum FedAvg's paced shards, gradient coding's partitions), or null for the
     * methods that run on {@link FedAvgJob}'s shards.
     */
    static io.vecgrad.distributed.zoo.MethodJob ownJob(NodeOptions o) {
        return io.vecgrad.distributed.zoo.MethodJobs.names().contains(o.method())
                ? io.vecgrad.distributed.zoo.MethodJobs.create(o.method(), o.workers(), o.seed(), Math.max(1, o.rounds()))
                : null;
    }

    private static List<String> departed(PekkoRoundEngine engine) {
        List<String> out = new ArrayList<>();
        for (PekkoRoundEngine.Departure d : engine.departures()) {
            out.add("worker " + d.worker() + " (round " + (d.round() + 1) + ")");
        }
        return out;
    }

    /** The cluster's members as {@code address status}. */
    static List<String> members(ActorSystem<?> system) {
        List<String> out = new ArrayList<>();
        for (Member m : Cluster.get(system).state().getMembers()) {
            out.add(m.address() + " " + m.status());
        }
        return out;
    }

    /** Writes the model with its round and departures; the file is replaced atomically. */
    static void checkpoint(NodeOptions o, int round, ParamVector model, List<PekkoRoundEngine.Departure> gone)
            throws IOException {
        Files.createDirectories(o.checkpointDir());
        Path file = o.checkpointDir().resolve("worker-" + o.rank() + ".safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vecgrad.distributed.checkpoint", "1");
        meta.put("method", o.method());
        meta.put("round", Integer.toString(round));
        meta.put("worker", Integer.toString(o.rank()));
        meta.put("departed", gone.toString());
        Map<String, Tensor> tensors = Map.of("model", Tensor.of(model.data()));
        SafeTensors.write(file, tensors, meta);
    }
}

package io.vecgrad.distributed.pekko;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * This JVM's membership in a cluster on loopback: one ActorSystem joined through the given seed
 * nodes, for code outside this package that needs a cluster node without touching Pekko (the
 * layering rule keeps Pekko imports here). Closing it leaves the cluster and waits up to 20 s
 * for the system to terminate.
 *
 * <pre>{@code
 * try (ClusterMember me = ClusterMember.joinLoopback("vecgrad-train", 0, List.of("127.0.0.1:25520"))) {
 *     me.awaitUp(3, Duration.ofSeconds(60));
 *     try (PekkoEndpoint ep = me.endpoint("train", 1, 3)) { ... }
 * }
 * }</pre>
 */
public final class ClusterMember implements AutoCloseable {
    private final ActorSystem<Void> system;

    private ClusterMember(ActorSystem<Void> system) {
        this.system = system;
    }

    /** Starts the ActorSystem {@code name} on 127.0.0.1:{@code port} (0: a free port), joining {@code seedNodes} ("host:port"). */
    public static ClusterMember joinLoopback(String name, int port, List<String> seedNodes) {
        return new ClusterMember(ActorSystem.create(Behaviors.empty(), name,
                ClusterSettings.loopback(name, port, seedNodes).toConfig()));
    }

    /** Waits until {@code members} nodes are up, as {@link LocalCluster#awaitUp}. */
    public void awaitUp(int members, Duration timeout) {
        LocalCluster.awaitUp(List.of(system), members, timeout);
    }

    /** This node's endpoint for {@code job} as {@code rank} of {@code size}. */
    public PekkoEndpoint endpoint(String job, int rank, int size) {
        return PekkoEndpoint.start(system, job, rank, size);
    }

    /** Leaves the cluster; waits up to 20 s for the system to stop (best effort). */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Best effort: the process usually exits next.
        }
    }
}

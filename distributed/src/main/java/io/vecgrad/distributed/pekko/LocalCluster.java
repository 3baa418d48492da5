package io.vecgrad.distributed.pekko;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;

/**
 * K cluster-enabled {@link ActorSystem}s in this JVM, on 127.0.0.1 with free ports: the first is
 * the seed and the others join it through the {@code Cluster} extension's manager. Used by tests
 * (with {@code serialize-messages = on}) and by {@code vecgrad train --workers K}. Closing
 * terminates every system and waits for it.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
 *     ActorSystem<Void> second = cluster.system(1);
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
    private final List<ActorSystem<Void>> systems;

    private LocalCluster(List<ActorSystem<Void>> systems) {
        this.systems = systems;
    }

    /**
     * Starts {@code k} systems and waits until all are members with status Up.
     *
     * @throws IllegalStateException when the cluster does not form within {@code timeout} (the
     *     systems started so far are terminated)
     */
    public static LocalCluster start(String name, int k, boolean serializeMessages, Duration timeout) {
        if (k < 1) {
            throw new IllegalArgumentException("local cluster: " + k + " systems, need at least 1");
        }
        ClusterSettings settings = ClusterSettings.loopback(name, 0, List.of()).serializeMessages(serializeMessages);
        List<ActorSystem<Void>> systems = new ArrayList<>();
        LocalCluster cluster = new LocalCluster(systems);
        try {
            for (int i = 0; i < k; i++) {
                systems.add(ActorSystem.create(Behaviors.empty(), name, settings.toConfig()));
            }
            Address seed = Cluster.get(systems.get(0)).selfMember().address();
            for (ActorSystem<Void> s : systems) {
                Cluster.get(s).manager().tell(Join.create(seed));
            }
            awaitUp(systems, k, timeout);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Waits until {@code system}'s view holds {@code expected} members with status Up. */
    public static void awaitUp(List<? extends ActorSystem<?>> views, int expected, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        for (ActorSystem<?> s : views) {
            while (true) {
                int up = 0;
                for (org.apache.pekko.cluster.Member m : Cluster.get(s).state().getMembers()) {
                    if (m.status() == MemberStatus.up()) {
                        up++;
                    }
                }
                if (up >= expected) {
                    break;
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cluster " + s.name() + ": " + up + " of " + expected
                            + " members up after " + timeout.toMillis() + " ms (seen from " + s.address() + ")");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("cluster " + s.name() + ": interrupted while forming", e);
                }
            }
        }
    }

    /** The i-th system (0 is the seed). */
    public ActorSystem<Void> system(int i) {
        return systems.get(i);
    }

    /** How many systems. */
    public int size() {
        return systems.size();
    }

    /** Leaves the cluster and terminates every system, waiting up to 20 s for each. */
    @Override
    public void close() {
        for (ActorSystem<Void> s : systems) {
            try {
                Cluster.get(s).manager().tell(Leave.create(Cluster.get(s).selfMember().address()));
            } catch (RuntimeException ignored) {
                // A system that never finished starting has nothing to leave.
            }
        }
        for (ActorSystem<Void> s : systems) {
            s.terminate();
        }
        for (ActorSystem<Void> s : systems) {
            try {
                s.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Termination is best effort; a stuck system must not hide the test's own failure.
            }
        }
    }
}

package io.vecgrad.distributed.pekko;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The last {@link FailoverCheckpoint} of one singleton job that reached this node: the worker's
 * {@link SingletonRoundEngine} puts what the server replicates, and a {@link SingletonServer}
 * started on this node after the host left resumes from it. One store per (node, job), found
 * by the node and job name, or by the job's singleton proxy on that node ({@link SingletonServer#init}
 * binds them); it is dropped when the node's ActorSystem terminates.
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.forJob(system, "fedavg");   // SingletonServer.init binds it to the proxy
 * CheckpointStore same = CheckpointStore.of(proxy);
 * store.put(checkpoint);
 * FailoverCheckpoint last = store.latest();   // null before the first
 * }</pre>
 */
final class CheckpointStore {
    private static final Map<ActorRef<?>, CheckpointStore> BY_PROXY = new ConcurrentHashMap<>();
    private volatile FailoverCheckpoint latest;

    private CheckpointStore() {}

    private static final Map<ActorSystem<?>, Map<String, CheckpointStore>> BY_NODE = new ConcurrentHashMap<>();

    /** The store of job {@code job} on {@code system}'s node, created on first use and dropped with the system. */
    static CheckpointStore forJob(ActorSystem<?> system, String job) {
        Map<String, CheckpointStore> jobs = BY_NODE.get(system);
        if (jobs == null) {
            Map<String, CheckpointStore> fresh = new ConcurrentHashMap<>();
            jobs = BY_NODE.putIfAbsent(system, fresh);
            if (jobs == null) {
                jobs = fresh;
                system.getWhenTerminated().thenRun(() -> {
                    Map<String, CheckpointStore> gone = BY_NODE.remove(system);
                    if (gone != null) {
                        BY_PROXY.values().removeAll(gone.values());
                    }
                });
            }
        }
        return jobs.computeIfAbsent(job, j -> new CheckpointStore());
    }

    /** Makes {@code store} the one {@link #of} finds for the workers holding {@code proxy}. */
    static void bind(ActorRef<?> proxy, CheckpointStore store) {
        BY_PROXY.putIfAbsent(proxy, store);
    }

    /** The store of {@code proxy}'s node and job (a fresh, unregistered one for an unknown proxy). */
    static CheckpointStore of(ActorRef<?> proxy) {
        CheckpointStore s = BY_PROXY.get(proxy);
        return s != null ? s : new CheckpointStore();
    }

    /** Keeps {@code c} as the latest (arrival order: the current server's checkpoints replace older servers'). */
    void put(FailoverCheckpoint c) {
        latest = c;
    }

    /** The latest checkpoint, or null. */
    FailoverCheckpoint latest() {
        return latest;
    }
}

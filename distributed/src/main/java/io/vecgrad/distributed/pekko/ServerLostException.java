package io.vecgrad.distributed.pekko;

/**
 * The node hosting a {@link SingletonServer} left the cluster and no other node could take over:
 * the job was built with {@code failover(false)}, the method's server state cannot be checkpointed
 * (it does not implement {@link io.vecgrad.distributed.ServerCheckpoint}), or no new server
 * appeared within the timeout. The run stops, naming the lost node, the round in flight and the
 * reason (when the server can take over, the run goes on instead: see {@link SingletonServer}).
 *
 * <pre>{@code
 * try {
 *     engine.runWorker(method, rounds);   // a SingletonRoundEngine
 * } catch (ServerLostException e) {
 *     System.err.println(e.getMessage());   // names the host, the round in flight and why no node took over
 * }
 * }</pre>
 */
public final class ServerLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int hostWorker;
    private final long round;

    /** The server hosted with worker {@code hostWorker} was lost while round {@code round} was in flight. */
    public ServerLostException(int hostWorker, long round, String message) {
        super(message);
        this.hostWorker = hostWorker;
        this.round = round;
    }

    /** The worker whose node hosted the server that was lost. */
    public int hostWorker() {
        return hostWorker;
    }

    /** The round in flight when the loss was noticed. */
    public long round() {
        return round;
    }
}

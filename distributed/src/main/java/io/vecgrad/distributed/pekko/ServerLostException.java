package io.vecgrad.distributed.pekko;

/**
 * The node hosting a {@link SingletonServer} left the cluster while workers were waiting for it.
 * Fail-over is not supported: the server's state (the method's global model, momentum, control
 * variates, error memory) lives only on its host, so a singleton restarted elsewhere would start
 * from round 0; the run stops instead, naming the lost node and the round in flight.
 *
 * <pre>{@code
 * try {
 *     SingletonRoundEngine.runWorker(method, engine, rounds);
 * } catch (ServerLostException e) {
 *     System.err.println("server on worker " + e.hostWorker() + "'s node lost in round " + e.round());
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

    /** The worker whose node hosted the server. */
    public int hostWorker() {
        return hostWorker;
    }

    /** The round in flight when the loss was noticed. */
    public long round() {
        return round;
    }
}

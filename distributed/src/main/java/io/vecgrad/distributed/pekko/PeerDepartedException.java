package io.vecgrad.distributed.pekko;

/**
 * A peer left the cluster (its JVM died or it was downed) while a message from or to it was
 * awaited. Fault-tolerant methods catch it and go on with the survivors.
 *
 * <pre>{@code
 * try {
 *     endpoint.receive(2, MessageKind.GRADIENT, round, 0, timeout);
 * } catch (PeerDepartedException e) {
 *     survivors.remove(e.rank());
 * }
 * }</pre>
 */
public final class PeerDepartedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int rank;

    /** @param rank the departed worker */
    public PeerDepartedException(int rank, String message) {
        super(message);
        this.rank = rank;
    }

    /** The departed worker's rank. */
    public int rank() {
        return rank;
    }
}

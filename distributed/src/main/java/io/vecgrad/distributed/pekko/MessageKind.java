package io.vecgrad.distributed.pekko;

/**
 * What a {@link FloatChunk} carries; one byte in the wire header.
 *
 * <pre>{@code
 * MessageKind k = MessageKind.fromCode((byte) 1);   // REDUCE
 * }</pre>
 */
public enum MessageKind {
    /** A worker's parameters or model (server broadcast, gossip, FedAvg upload). */
    PARAMETERS(0),
    /** A partial sum travelling along the all-reduce chain. */
    REDUCE(1),
    /** A finished sum travelling back around the ring. */
    BROADCAST(2),
    /** A gradient or update sent to a server. */
    GRADIENT(3),
    /** Scalars of a protocol step (losses, counts, votes): small, never applied to a model. */
    CONTROL(4);

    private final byte code;

    MessageKind(int code) {
        this.code = (byte) code;
    }

    /** The header byte. */
    public byte code() {
        return code;
    }

    /**
     * The kind of a header byte.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static MessageKind fromCode(byte code) {
        for (MessageKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("message kind: unknown code " + code);
    }
}

package io.vecgrad.distributed.pekko;

/**
 * A payload that failed its checks on arrival (truncated, wrong magic or version, checksum
 * mismatch, inconsistent chunk figures). It is thrown by {@link PayloadCodec#decode} before any
 * value reaches a model; Pekko's remoting logs it and drops the message.
 *
 * <pre>{@code
 * try {
 *     PayloadCodec.decode(bytes);
 * } catch (CorruptPayloadException e) {
 *     System.err.println(e.getMessage());   // names the sender and the message
 * }
 * }</pre>
 */
public final class CorruptPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message names the sender, the message and the figures that did not match */
    public CorruptPayloadException(String message) {
        super(message);
    }
}

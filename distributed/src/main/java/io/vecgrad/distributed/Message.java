package io.vecgrad.distributed;

/**
 * One message between two nodes: sender, receiver, round, a tag naming what it carries, the
 * payload and its cost on the wire. Node ids are worker indices; {@link #SERVER} is the server.
 * {@code bytes} is the analytic wire cost of the payload (e.g. {@code 8·d} for a dense float64
 * vector, {@code k·(8 + 4)} for k kept entries with int indices, {@code ⌈d/8⌉} for signs),
 * set by the {@link Channel} that encoded it; headers are not counted. {@code delay} is the
 * latency a channel added (used by the event engine; the round engine treats it as zero unless
 * a deadline is set).
 *
 * <pre>{@code
 * Message m = Message.dense(3, Message.SERVER, 12, "grad", ParamVector.of(1, 2));
 * long b = m.bytes();                       // 16
 * Message late = m.withDelay(0.5);
 * }</pre>
 */
public record Message(int from, int to, long round, String tag, ParamVector payload, long bytes, double delay) {
    /** Node id of the server. */
    public static final int SERVER = -1;
    /** Receiver id meaning "every worker" (a broadcast). */
    public static final int ALL = -2;
    /** Bytes of one float64 value on the wire. */
    public static final int VALUE_BYTES = 8;

    public Message {
        if (payload == null) throw new IllegalArgumentException("Message: null payload from " + from + " to " + to + " (" + tag + ")");
        if (bytes < 0) throw new IllegalArgumentException("Message: negative byte count " + bytes + " from " + from + " (" + tag + ")");
        if (!(delay >= 0)) throw new IllegalArgumentException("Message: delay must be ≥ 0, got " + delay + " from " + from + " (" + tag + ")");
    }

    /** A dense float64 message: {@code 8·d} bytes, no delay. */
    public static Message dense(int from, int to, long round, String tag, ParamVector payload) {
        return new Message(from, to, round, tag, payload, denseBytes(payload.dim()), 0);
    }

    /** Wire bytes of a dense d-vector. */
    public static long denseBytes(int d) {
        return (long) VALUE_BYTES * d;
    }

    /** The same message with another payload and byte cost. */
    public Message withPayload(ParamVector p, long newBytes) {
        return new Message(from, to, round, tag, p, newBytes, delay);
    }

    /** The same message with {@code extra} added to its delay. */
    public Message withDelay(double extra) {
        return new Message(from, to, round, tag, payload, bytes, delay + extra);
    }

    /** The same message addressed to another receiver (a broadcast fanned out). */
    public Message to(int receiver) {
        return new Message(from, receiver, round, tag, payload, bytes, delay);
    }
}

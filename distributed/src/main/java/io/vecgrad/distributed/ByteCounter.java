package io.vecgrad.distributed;

import java.util.Arrays;

/**
 * Bytes and messages sent, per sender (workers 0..n−1 and the server). The {@link Channel}
 * chain records every message it delivers or drops (a dropped message was still sent).
 * Thread-safe.
 *
 * <pre>{@code
 * ByteCounter c = new ByteCounter(4);
 * c.record(Message.dense(2, Message.SERVER, 0, "grad", ParamVector.zeros(10)));
 * long w2 = c.bytesSent(2);          // 80
 * long all = c.totalBytes();         // 80
 * }</pre>
 */
public final class ByteCounter {
    private final long[] bytes;
    private final long[] messages;

    /** A counter for n workers plus the server. */
    public ByteCounter(int workers) {
        if (workers < 1) throw new IllegalArgumentException("ByteCounter: need ≥ 1 worker, got " + workers);
        bytes = new long[workers + 1];
        messages = new long[workers + 1];
    }

    private int slot(int node) {
        if (node == Message.SERVER) return bytes.length - 1;
        if (node < 0 || node >= bytes.length - 1) {
            throw new IllegalArgumentException("ByteCounter: node " + node + " outside 0.." + (bytes.length - 2));
        }
        return node;
    }

    /** Counts one message for its sender. */
    public synchronized void record(Message m) {
        int s = slot(m.from());
        bytes[s] += m.bytes();
        messages[s]++;
    }

    /** Bytes sent by a node ({@link Message#SERVER} for the server). */
    public synchronized long bytesSent(int node) {
        return bytes[slot(node)];
    }

    /** Messages sent by a node. */
    public synchronized long messagesSent(int node) {
        return messages[slot(node)];
    }

    /** Bytes sent by all workers (not the server). */
    public synchronized long workerBytes() {
        long s = 0;
        for (int i = 0; i < bytes.length - 1; i++) s += bytes[i];
        return s;
    }

    /** Bytes sent by every node including the server. */
    public synchronized long totalBytes() {
        return Arrays.stream(bytes).sum();
    }

    /** Forgets every count. */
    public synchronized void reset() {
        Arrays.fill(bytes, 0);
        Arrays.fill(messages, 0);
    }
}

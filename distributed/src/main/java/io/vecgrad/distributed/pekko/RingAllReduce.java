package io.vecgrad.distributed.pekko;

import java.time.Duration;

/**
 * All-reduce of a float vector over {@link PekkoEndpoint}s, arranged as a ring: a pipelined chain
 * reduce 0 → 1 → … → K−1 followed by a pipelined broadcast K−1 → 0 → 1 → … → K−2, one segment
 * (one chunk) at a time. Every link carries the vector once in each phase, as in the classic ring
 * all-reduce (Patarasuk and Yuan 2009), but unlike that algorithm every coordinate is summed in
 * the same order, {@code ((x₀ + x₁) + x₂) + …}: the result is bit-identical on every worker and
 * to a sequential sum in worker-index order, which is what the simulator computes.
 *
 * <pre>{@code
 * float[] sum = RingAllReduce.sum(endpoint, step, gradient, Duration.ofSeconds(30));
 * float[] mean = RingAllReduce.mean(endpoint, step, gradient, Duration.ofSeconds(30));
 * }</pre>
 */
public final class RingAllReduce {
    private RingAllReduce() {}

    /**
     * The element-wise sum over all workers of their {@code x}, summed in rank order. Every worker
     * calls it with the same {@code round} and length.
     *
     * @throws PeerDepartedException when a worker leaves during the reduction
     */
    public static float[] sum(PekkoEndpoint ep, long round, float[] x, Duration timeout) {
        int k = ep.size();
        int r = ep.rank();
        if (k == 1) {
            return x.clone();
        }
        int seg = Chunking.DEFAULT_FLOATS;
        int segments = Math.max(1, (x.length + seg - 1) / seg);
        float[] out = new float[x.length];
        for (int s = 0; s < segments; s++) {
            int from = s * seg;
            int to = Math.min(x.length, from + seg);
            float[] acc;
            if (r == 0) {
                acc = java.util.Arrays.copyOfRange(x, from, to);
            } else {
                acc = ep.receive(r - 1, MessageKind.REDUCE, round, s, timeout);
                AllReduce.checkLength("ring", acc, to - from, r - 1, round, s);
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += x[from + i];
                }
            }
            if (r < k - 1) {
                ep.send(r + 1, MessageKind.REDUCE, round, s, acc);
            } else {
                System.arraycopy(acc, 0, out, from, acc.length);
                ep.send(0, MessageKind.BROADCAST, round, s, acc);
            }
        }
        if (r == k - 1) {
            return out;
        }
        int left = r == 0 ? k - 1 : r - 1;
        for (int s = 0; s < segments; s++) {
            int from = s * seg;
            int to = Math.min(x.length, from + seg);
            float[] done = ep.receive(left, MessageKind.BROADCAST, round, s, timeout);
            AllReduce.checkLength("ring", done, to - from, left, round, s);
            System.arraycopy(done, 0, out, from, done.length);
            if (r < k - 2) {
                ep.send(r + 1, MessageKind.BROADCAST, round, s, done);
            }
        }
        return out;
    }

    /** {@link #sum} divided by the number of workers ({@code sum[i] / K} in float32). */
    public static float[] mean(PekkoEndpoint ep, long round, float[] x, Duration timeout) {
        return AllReduce.divide(sum(ep, round, x, timeout), ep.size());
    }
}

package io.vecgrad.distributed.pekko;

import java.time.Duration;
import java.util.Locale;

/**
 * Which all-reduce a data-parallel run uses: {@link #RING} ({@link RingAllReduce}, the rank-order sum
 * {@code ((x₀ + x₁) + x₂) + …}) or {@link #TREE} ({@link TreeAllReduce}, the binomial-tree sum
 * {@code (x₀ + x₁) + (x₂ + x₃) + …}). Both leave every worker with the same bits; the two agree
 * with each other only for K ≤ 3. Each has a one-thread {@link #referenceSum} in its order, which
 * {@link InMemoryCollective} uses, so an in-memory run is the oracle of a Pekko run with the same
 * all-reduce.
 *
 * <pre>{@code
 * AllReduce a = AllReduce.parse("tree");
 * float[] sum = a.sum(endpoint, step, gradient, Duration.ofSeconds(30));
 * long bytes = a.vectorsSent(endpoint.rank(), endpoint.size()) * AllReduce.vectorBytes(gradient.length, Chunking.DEFAULT_FLOATS);
 * }</pre>
 */
public enum AllReduce {
    /** Pipelined chain reduce 0 → … → K−1 and broadcast around the ring; rank-order sum. */
    RING,
    /** Binomial-tree reduce to worker 0 and broadcast from it; tree-order sum. */
    TREE;

    /** The all-reduce named {@code ring} or {@code tree} (any case). */
    public static AllReduce parse(String name) {
        for (AllReduce a : values()) {
            if (a.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("all-reduce: unknown algorithm '" + name + "'; known: ring, tree");
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The element-wise sum of every worker's {@code x} over {@code ep}, in this all-reduce's order. */
    public float[] sum(PekkoEndpoint ep, long round, float[] x, Duration timeout) {
        return this == RING ? RingAllReduce.sum(ep, round, x, timeout) : TreeAllReduce.sum(ep, round, x, timeout);
    }

    /** The same sum computed in one thread from the workers' vectors (rank order): the oracle. */
    public float[] referenceSum(float[][] xs) {
        if (this == TREE) {
            return TreeAllReduce.referenceSum(xs);
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("ring all-reduce reference: no vectors");
        }
        float[] s = xs[0].clone();
        for (int r = 1; r < xs.length; r++) {
            if (xs[r].length != s.length) {
                throw new IllegalArgumentException("ring all-reduce reference: vector " + r + " has " + xs[r].length
                        + " values, vector 0 has " + s.length);
            }
            for (int i = 0; i < s.length; i++) {
                s[i] += xs[r][i];
            }
        }
        return s;
    }

    /**
     * How many whole vectors worker {@code rank} of {@code k} sends in one all-reduce. Ring: one
     * reduce message from every worker but K−1, and the broadcast K−1 → 0 → … → K−2 (so 2 for
     * ranks 0..K−3, 1 for K−2 and K−1; 0 when K = 1). Tree: 1 reduce message from every worker but
     * 0, plus one per broadcast child. Summed over the workers both give {@code 2(K − 1)}.
     */
    public int vectorsSent(int rank, int k) {
        if (k < 1 || rank < 0 || rank >= k) {
            throw new IllegalArgumentException(label() + " all-reduce: rank " + rank + " of " + k + " workers");
        }
        if (k == 1) {
            return 0;
        }
        if (this == RING) {
            return rank < k - 2 ? 2 : 1;
        }
        return (rank == 0 ? 0 : 1) + TreeAllReduce.children(rank, k).length;
    }

    /**
     * Bytes one vector of {@code n} floats takes on the wire: it travels in segments of
     * {@link Chunking#DEFAULT_FLOATS}, each cut into chunks of at most {@code chunkFloats} values,
     * each chunk carrying a {@link PayloadCodec#HEADER_BYTES}-byte header and 4 bytes per value.
     */
    public static long vectorBytes(int n, int chunkFloats) {
        int seg = Chunking.DEFAULT_FLOATS;
        int segments = Math.max(1, (n + seg - 1) / seg);
        long bytes = 4L * n;
        for (int s = 0; s < segments; s++) {
            int len = Math.min(n, (s + 1) * seg) - s * seg;
            bytes += (long) PayloadCodec.HEADER_BYTES * Math.max(1, (len + chunkFloats - 1) / chunkFloats);
        }
        return bytes;
    }

    /** {@code sum[i] / k} in float32, in place: the mean every collective returns. */
    static float[] divide(float[] sum, int k) {
        float kk = k;
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= kk;
        }
        return sum;
    }

    /** Rejects a segment whose length is not the one this worker expects (workers disagree on the vector). */
    static void checkLength(String what, float[] got, int want, int from, long round, int segment) {
        if (got.length != want) {
            throw new CorruptPayloadException(String.format(
                    "%s all-reduce: segment %d of round %d from worker %d has %d floats, expected %d"
                            + " (workers disagree on the vector length)", what, segment, round, from, got.length, want));
        }
    }
}

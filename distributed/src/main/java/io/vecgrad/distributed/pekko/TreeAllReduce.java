package io.vecgrad.distributed.pekko;

import java.time.Duration;
import java.util.Arrays;

/**
 * All-reduce of a float vector over {@link PekkoEndpoint}s as a binomial tree: a reduce to worker 0
 * followed by a broadcast from worker 0 along the same tree, one segment (one chunk) at a time, so
 * the segments pipeline through the tree (Thakur, Rabenseifner and Gropp 2005, "Optimization of
 * Collective Communication Operations in MPICH", section 4's binomial-tree reduce and broadcast).
 *
 * <p><b>Reduction order.</b> In step {@code d = 1, 2, 4, …} (while {@code d < K}) worker {@code r}
 * with {@code r mod 2d = 0} adds the partial sum of worker {@code r + d} (if it exists) to the
 * right of its own, {@code acc = acc + recv}; worker {@code r} with {@code r mod 2d = d} sends its
 * partial sum to {@code r − d} and leaves the reduce. So every coordinate is the fixed
 * parenthesisation {@code T(0, P)} with {@code P} the smallest power of two ≥ K and
 * {@code T(r, w) = T(r, w/2) + T(r + w/2, w/2)} (just {@code T(r, w/2)} when {@code r + w/2 ≥ K};
 * {@code T(r, 1) = x_r}): K = 4 gives {@code (x₀ + x₁) + (x₂ + x₃)}, K = 5 gives
 * {@code ((x₀ + x₁) + (x₂ + x₃)) + x₄}, K = 3 gives the ring's {@code (x₀ + x₁) + x₂}. Worker 0
 * computes it once and broadcasts the bits, so every worker ends with the same bits, equal to
 * {@link #referenceSum} over the workers' vectors in rank order. The order differs from
 * {@link RingAllReduce}'s for K ≥ 4, so a run with one all-reduce is compared only with runs (and
 * an {@link InMemoryCollective}) of the same one.
 *
 * <p><b>Traffic.</b> Worker {@code r ≠ 0} sends its partial sum once (reduce) and the result once
 * to each of its broadcast children ({@code r + d} for {@code d = 1, 2, 4, …} below the lowest set
 * bit of {@code r}, while {@code r + d < K}); worker 0 sends the result to {@code 1, 2, 4, …} below
 * K. In all {@code 2(K − 1)} vectors cross the network per all-reduce, as for the ring, but worker 0
 * sends ⌈log₂ K⌉ of them: the tree needs fewer sequential hops (2⌈log₂ K⌉ instead of the ring's
 * 2K − 3), the ring spreads the volume evenly over the links. See {@link AllReduce#vectorsSent}.
 *
 * <pre>{@code
 * float[] sum = TreeAllReduce.sum(endpoint, step, gradient, Duration.ofSeconds(30));
 * float[] same = TreeAllReduce.referenceSum(new float[][] {g0, g1, g2, g3}); // bit for bit
 * }</pre>
 */
public final class TreeAllReduce {
    private TreeAllReduce() {}

    /**
     * The element-wise sum over all workers of their {@code x}, summed in the tree order above.
     * Every worker calls it with the same {@code round} and length.
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
            float[] acc = Arrays.copyOfRange(x, from, to);
            boolean sent = false;
            for (int d = 1; d < k && !sent; d <<= 1) {
                if (r % (2 * d) == 0) {
                    if (r + d < k) {
                        float[] child = ep.receive(r + d, MessageKind.REDUCE, round, s, timeout);
                        AllReduce.checkLength("tree", child, acc.length, r + d, round, s);
                        for (int i = 0; i < acc.length; i++) {
                            acc[i] += child[i];
                        }
                    }
                } else {
                    ep.send(r - d, MessageKind.REDUCE, round, s, acc);
                    sent = true;
                }
            }
            if (r == 0) {
                // The root starts broadcasting each segment as soon as it is reduced.
                System.arraycopy(acc, 0, out, from, acc.length);
                sendToChildren(ep, 0, k, round, s, acc);
            }
        }
        if (r == 0) {
            return out;
        }
        int parent = r - Integer.lowestOneBit(r);
        for (int s = 0; s < segments; s++) {
            int from = s * seg;
            int to = Math.min(x.length, from + seg);
            float[] done = ep.receive(parent, MessageKind.BROADCAST, round, s, timeout);
            AllReduce.checkLength("tree", done, to - from, parent, round, s);
            System.arraycopy(done, 0, out, from, done.length);
            sendToChildren(ep, r, k, round, s, done);
        }
        return out;
    }

    /** {@link #sum} divided by the number of workers ({@code sum[i] / K} in float32). */
    public static float[] mean(PekkoEndpoint ep, long round, float[] x, Duration timeout) {
        return AllReduce.divide(sum(ep, round, x, timeout), ep.size());
    }

    /** The broadcast children of worker {@code r} of {@code k}, largest subtree first. */
    static int[] children(int r, int k) {
        int limit = r == 0 ? Integer.highestOneBit(Math.max(1, k - 1)) << 1 : Integer.lowestOneBit(r);
        int[] tmp = new int[32];
        int n = 0;
        for (int d = limit >> 1; d >= 1; d >>= 1) {
            if (r + d < k) {
                tmp[n++] = r + d;
            }
        }
        return Arrays.copyOf(tmp, n);
    }

    private static void sendToChildren(PekkoEndpoint ep, int r, int k, long round, int segment, float[] values) {
        for (int c : children(r, k)) {
            ep.send(c, MessageKind.BROADCAST, round, segment, values);
        }
    }

    /**
     * The tree-order sum of {@code xs} (one vector per worker, in rank order) computed in one thread:
     * the scalar reference every worker's {@link #sum} must equal bit for bit.
     */
    public static float[] referenceSum(float[][] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("tree all-reduce reference: no vectors");
        }
        int n = xs[0].length;
        for (int r = 1; r < xs.length; r++) {
            if (xs[r].length != n) {
                throw new IllegalArgumentException("tree all-reduce reference: vector " + r + " has " + xs[r].length
                        + " values, vector 0 has " + n);
            }
        }
        int width = Integer.highestOneBit(xs.length);
        if (width < xs.length) {
            width <<= 1;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = subtree(xs, i, 0, width);
        }
        return out;
    }

    private static float subtree(float[][] xs, int i, int lo, int width) {
        if (width == 1) {
            return xs[lo][i];
        }
        int half = width / 2;
        float left = subtree(xs, i, lo, half);
        return lo + half >= xs.length ? left : left + subtree(xs, i, lo + half, half);
    }
}

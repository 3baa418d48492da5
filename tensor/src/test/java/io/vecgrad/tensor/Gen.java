package io.vecgrad.tensor;

import java.util.Random;

/**
 * Random shapes, values and layouts for property tests. Everything derives from one seed that
 * jqwik generates, so a failing case is reproducible from the reported seed.
 */
public final class Gen {
    private Gen() {}

    /** Sizes that matter for kernels: 0, 1, primes, around vector widths, past unroll factors. */
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 32, 33, 63, 64, 65, 127, 257};

    public static int interestingSize(Random r) {
        return SIZES[r.nextInt(SIZES.length)];
    }

    /** A shape of rank 0..maxRank with small sizes (0 and 1 included). */
    public static int[] shape(Random r, int maxRank, int maxSize) {
        int[] s = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = r.nextInt(8) == 0 ? r.nextInt(2) : 1 + r.nextInt(maxSize);
        return s;
    }

    /** A shape that broadcasts with {@code s}: some axes set to 1, some leading axes dropped. */
    public static int[] broadcastPartner(Random r, int[] s) {
        int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
        int[] p = new int[s.length - drop];
        for (int i = 0; i < p.length; i++) p[i] = r.nextInt(3) == 0 ? 1 : s[i + drop];
        return p;
    }

    /** Normal(0,1) values of the given dtype, laid out as a random non-contiguous view when {@code strided}. */
    public static Tensor tensor(Random r, DType dtype, int[] shape, boolean strided) {
        if (!strided || shape.length == 0) return fill(r, Tensor.zeros(dtype, shape));
        switch (r.nextInt(3)) {
            case 0: { // every other element of a wider tensor along the last axis
                int[] wide = shape.clone();
                wide[wide.length - 1] = wide[wide.length - 1] * 2;
                return fill(r, Tensor.zeros(dtype, wide)).slice(-1, 0, wide[wide.length - 1], 2);
            }
            case 1: { // a transposed contiguous tensor
                int[] rev = reversed(shape);
                Tensor base = fill(r, Tensor.zeros(dtype, rev));
                int[] order = new int[shape.length];
                for (int i = 0; i < order.length; i++) order[i] = shape.length - 1 - i;
                return base.permute(order);
            }
            default: { // an offset window
                int[] big = shape.clone();
                big[0] += 2;
                return fill(r, Tensor.zeros(dtype, big)).slice(0, 1, 1 + shape[0]);
            }
        }
    }

    private static int[] reversed(int[] s) {
        int[] o = new int[s.length];
        for (int i = 0; i < s.length; i++) o[i] = s[s.length - 1 - i];
        return o;
    }

    private static Tensor fill(Random r, Tensor t) {
        int n = t.numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = t.dtype().isFloating() ? r.nextGaussian() : r.nextInt(19) - 9;
        }
        return t.copyFrom(Tensor.wrap(v, t.shape()));
    }

    /** Visits every multi-index of {@code shape} in row-major order. */
    public static void forEachIndex(int[] shape, java.util.function.Consumer<int[]> body) {
        int n = Shape.numel(shape);
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            int rem = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            body.accept(idx);
        }
    }

    /** The index into a broadcast operand of shape {@code s} for output index {@code idx}. */
    public static int[] broadcastIndex(int[] idx, int[] s) {
        int[] o = new int[s.length];
        int lead = idx.length - s.length;
        for (int i = 0; i < s.length; i++) o[i] = s[i] == 1 ? 0 : idx[i + lead];
        return o;
    }
}

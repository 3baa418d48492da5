package io.vecgrad.optim.compress;

import io.vecgrad.tensor.random.Rng;

/**
 * A compressor of one flat {@code double[]} message, with the number of bits the message costs on
 * the wire: what simulated distributed methods (P67 MASHA in {@code optim.minmax}) send between
 * devices and server. The same index selection as the tensor-level {@link Compressors} ({@code
 * Sparsify}). A compressed message of k kept entries out of d costs {@code k·(64 + ⌈log2 d⌉)}
 * bits (float64 values plus their indices); a dense one {@code 64·d}.
 *
 * <pre>{@code
 * VectorCompressor q = VectorCompressor.randK(10);
 * double[] c = q.compress(x, new Rng(7).split(step));   // E c = x, 10 non-zeros
 * long bits = q.bits(x.length);
 * }</pre>
 */
public interface VectorCompressor {
    /** Bits of one float64 value. */
    int VALUE_BITS = 64;

    /** The compressed vector C(x) (a new array; {@code x} is not modified). */
    double[] compress(double[] x, Rng rng);

    /** Bits of one compressed message of a d-vector. */
    long bits(int d);

    /** {@code ω} with {@code E‖C(x) − x‖² = ω‖x‖²} for unbiased compressors, NaN for biased ones. */
    double omega(int d);

    /** The name shown in tables, e.g. {@code rand-10}. */
    String name();

    /** Bits of a dense d-vector of float64 values. */
    static long denseBits(int d) {
        return (long) VALUE_BITS * d;
    }

    /** Bits of a sparse message with k of d entries: values plus indices. */
    static long sparseBits(int k, int d) {
        int indexBits = d <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(d - 1L);
        return (long) k * (VALUE_BITS + indexBits);
    }

    /** The identity: sends the dense vector; ω = 0. */
    static VectorCompressor identity() {
        return new VectorCompressor() {
            @Override
            public double[] compress(double[] x, Rng rng) {
                return x.clone();
            }

            @Override
            public long bits(int d) {
                return denseBits(d);
            }

            @Override
            public double omega(int d) {
                return 0;
            }

            @Override
            public String name() {
                return "identity";
            }
        };
    }

    /**
     * Rand-k: a uniformly random k-subset S, {@code C(x) = (d/k)·x_S}. Unbiased, {@code E C(x) = x},
     * with {@code E‖C(x) − x‖² = (d/k − 1)‖x‖²}. k is a count (≥ 1) or a fraction of d.
     */
    static VectorCompressor randK(double k) {
        return new VectorCompressor() {
            @Override
            public double[] compress(double[] x, Rng rng) {
                int kk = Sparsify.resolveK(k, x.length);
                int[] all = new int[x.length];
                for (int i = 0; i < all.length; i++) all[i] = i;
                return Sparsify.keep(x, Sparsify.randomSubset(all, kk, rng), (double) x.length / kk);
            }

            @Override
            public long bits(int d) {
                return sparseBits(Sparsify.resolveK(k, d), d);
            }

            @Override
            public double omega(int d) {
                return (double) d / Sparsify.resolveK(k, d) - 1;
            }

            @Override
            public String name() {
                return "rand-" + fmt(k);
            }
        };
    }

    /** Top-k: the k largest |x_i| (ties: lower index). Contractive: {@code ‖C(x) − x‖² ≤ (1 − k/d)‖x‖²}; biased. */
    static VectorCompressor topK(double k) {
        return new VectorCompressor() {
            @Override
            public double[] compress(double[] x, Rng rng) {
                return Sparsify.keep(x, Sparsify.topK(x, Sparsify.resolveK(k, x.length)), 1);
            }

            @Override
            public long bits(int d) {
                return sparseBits(Sparsify.resolveK(k, d), d);
            }

            @Override
            public double omega(int d) {
                return Double.NaN;
            }

            @Override
            public String name() {
                return "top-" + fmt(k);
            }
        };
    }

    private static String fmt(double k) {
        return k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k);
    }
}

package io.vecgrad.tensor.random;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Shape;
import io.vecgrad.tensor.Tensor;
import java.nio.charset.StandardCharsets;

/**
 * A seeded, splittable, counter-based random number generator.
 *
 * <p>The n-th draw of a stream is a SplitMix64 finalizer applied to {@code key + n·γ}, so a
 * draw depends only on (key, n): results never depend on thread count, and
 * {@link #split(String)} derives an independent child stream from a purpose without advancing
 * this one. Adding a random call in one place therefore does not shift any other stream.
 * The state is two longs ({@link #state()}), which checkpoints store.
 *
 * <pre>{@code
 * Rng root = new Rng(42);
 * Tensor w = root.split("init/layer1").normal(DType.FLOAT32, 0, 0.1, 784, 256);
 * Tensor order = root.split("shuffle/epoch3").permutation(60000);
 * }</pre>
 */
public final class Rng {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private final long key;
    private long counter;

    /** A stream from a user seed. */
    public Rng(long seed) {
        this(mix(seed ^ 0x5DEECE66DL), 0);
    }

    private Rng(long key, long counter) {
        this.key = key;
        this.counter = counter;
    }

    /** Restores a stream saved with {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state.length != 2) throw new IllegalArgumentException("Rng.fromState: expected 2 longs, got " + state.length);
        return new Rng(state[0], state[1]);
    }

    /** {key, counter}: everything needed to continue this stream. */
    public long[] state() {
        return new long[] {key, counter};
    }

    /** An independent child stream named by {@code purpose}; this stream is not advanced. */
    public Rng split(String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) h = (h ^ b) * 0x100000001b3L;
        return split(h);
    }

    /** An independent child stream numbered {@code index}; this stream is not advanced. */
    public Rng split(long index) {
        return new Rng(mix(key ^ mix(index + GAMMA)), 0);
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        return mix(key + (++counter) * GAMMA);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * The value the {@code (index + 1)}-th {@link #nextDouble()} from now would return, without
     * advancing the stream: a kernel can draw element {@code i} of a mask on its own (in any
     * order, on any thread) and get exactly what a sequential draw gives.
     */
    public double doubleAt(long index) {
        return (mix(key + (counter + index + 1) * GAMMA) >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        return (int) nextLong((long) bound);
    }

    /** Uniform long in [0, bound) by rejection, so every value is equally likely. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextLong: bound must be positive, got " + bound);
        long limit = (Long.MAX_VALUE / bound) * bound;
        while (true) {
            long x = nextLong() >>> 1;
            if (x < limit) return x % bound;
        }
    }

    /** Standard normal by the Box–Muller transform (two uniforms per draw). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();   // in (0, 1], so log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Uniform values in [lo, hi). */
    public Tensor uniform(DType dtype, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * nextDouble();
        return t.copyFrom(Tensor.wrap(v, shape));
    }

    /** Normal values with the given mean and standard deviation. */
    public Tensor normal(DType dtype, double mean, double std, int... shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = mean + std * nextGaussian();
        return Tensor.zeros(dtype, shape).copyFrom(Tensor.wrap(v, shape));
    }

    /** 1 with probability p, else 0, in the given dtype. */
    public Tensor bernoulli(DType dtype, double p, int... shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = nextDouble() < p ? 1 : 0;
        return Tensor.zeros(dtype, shape).copyFrom(Tensor.wrap(v, shape));
    }

    /** ±1 with equal probability. */
    public Tensor rademacher(DType dtype, int... shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (nextLong() & 1) == 0 ? -1 : 1;
        return Tensor.zeros(dtype, shape).copyFrom(Tensor.wrap(v, shape));
    }

    /** Uniform integers in [lo, hi) as INT64. */
    public Tensor randint(long lo, long hi, int... shape) {
        if (hi <= lo) throw new IllegalArgumentException("randint: empty range [" + lo + ", " + hi + ")");
        long[] v = new long[Shape.numel(shape)];
        long span = hi - lo;
        for (int i = 0; i < v.length; i++) v[i] = lo + nextLong(span);
        return Tensor.wrap(v, shape);
    }

    /** A uniformly random permutation of 0..n-1 as INT64 (Fisher–Yates). */
    public Tensor permutation(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return Tensor.wrap(p, n);
    }

    /** The SplitMix64 finalizer: a bijective 64-bit mix with full avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

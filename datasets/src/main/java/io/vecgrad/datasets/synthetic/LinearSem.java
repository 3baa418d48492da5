package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Linear structural equation models on random DAGs, for the DAG-learning papers P39 (Deng,
 * Bello, Aragam, Ravikumar, ICML 2023, TOPO) and P61 (Saboksayr, Mateos, Tepper, ICLR 2024,
 * CoLiDE): an Erdős–Rényi DAG with {@code s0} expected edges over a random topological order,
 * edge weights uniform in {@code ±[0.5, 2]}, and samples {@code X = X W + N} generated in
 * topological order. Noise is Gaussian, exponential or Gumbel, with equal variance or (for
 * CoLiDE's heteroscedastic setting) per-variable scales uniform in [0.5, 2].
 *
 * <pre>{@code
 * LinearSem sem = LinearSem.generate(1000, 30, 120, LinearSem.Noise.GAUSSIAN, true, 4);
 * Tensor x = sem.x();          // [1000, 30]
 * Tensor w = sem.weights();    // [30, 30], W[i][j] != 0 iff edge i → j
 * }</pre>
 */
public final class LinearSem {
    /** Noise distributions, each centred (mean 0) with unit scale before per-variable scaling. */
    public enum Noise { GAUSSIAN, EXPONENTIAL, GUMBEL }

    private final Tensor x;
    private final Tensor w;
    private final int[] order;
    private final double[] scales;

    private LinearSem(Tensor x, Tensor w, int[] order, double[] scales) {
        this.x = x;
        this.w = w;
        this.order = order;
        this.scales = scales;
    }

    /**
     * @param n             samples
     * @param d             variables
     * @param expectedEdges {@code s0}; each of the {@code d(d−1)/2} order-respecting pairs is an edge with probability {@code s0 / (d(d−1)/2)}
     * @param equalVariance all noise scales 1 (else uniform in [0.5, 2])
     */
    public static LinearSem generate(int n, int d, int expectedEdges, Noise noise, boolean equalVariance, long seed) {
        if (d < 1 || n < 0) throw new IllegalArgumentException("LinearSem: need d >= 1, n >= 0; got d=" + d + ", n=" + n);
        double pairs = d * (d - 1) / 2.0;
        double p = pairs == 0 ? 0 : Math.min(1, expectedEdges / pairs);
        Rng rng = new Rng(seed).split("linear-sem");
        long[] perm = rng.split("order").permutation(d).toLongArray();
        int[] order = new int[d];
        for (int i = 0; i < d; i++) order[i] = (int) perm[i];
        double[] w = new double[d * d];
        Rng g = rng.split("graph");
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                if (g.nextDouble() >= p) continue;
                double mag = 0.5 + 1.5 * g.nextDouble();
                w[order[a] * d + order[b]] = (g.nextLong() & 1) == 0 ? mag : -mag;
            }
        }
        double[] scale = new double[d];
        Rng rs = rng.split("scales");
        for (int j = 0; j < d; j++) scale[j] = equalVariance ? 1 : 0.5 + 1.5 * rs.nextDouble();
        double[] xs = new double[n * d];
        Rng rn = rng.split("noise");
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                int j = order[t];
                double v = scale[j] * draw(noise, rn);
                for (int s = 0; s < t; s++) v += xs[i * d + order[s]] * w[order[s] * d + j];
                xs[i * d + j] = v;
            }
        }
        return new LinearSem(Tensor.wrap(xs, n, d), Tensor.wrap(w, d, d), order, scale);
    }

    private static double draw(Noise noise, Rng rng) {
        switch (noise) {
            case EXPONENTIAL: return -Math.log(1 - rng.nextDouble()) - 1;
            case GUMBEL: {
                double u = 1e-16 + rng.nextDouble() * (1 - 2e-16);   // keep both logs finite
                return -Math.log(-Math.log(u)) - 0.5772156649015329;
            }
            default: return rng.nextGaussian();
        }
    }

    /** Samples [n, d]. */
    public Tensor x() { return x; }

    /** Weighted adjacency [d, d]: {@code W[i][j] ≠ 0} iff edge i → j. */
    public Tensor weights() { return w; }

    /** A topological order of the variables (parents first). */
    public int[] order() { return order.clone(); }

    /** Noise scales per variable. */
    public double[] noiseScales() { return scales.clone(); }

    /** Number of edges. */
    public int edges() {
        int e = 0;
        for (double v : w.toDoubleArray()) if (v != 0) e++;
        return e;
    }
}

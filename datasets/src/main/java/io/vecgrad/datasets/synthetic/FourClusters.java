package io.vecgrad.datasets.synthetic;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Four-cluster XOR data of paper P04 (Chatterji, Long, Bartlett, JMLR 2021, "When does gradient
 * descent with logistic loss find interpolating two-layer networks?"): class +1 around
 * {@code ±μ₁}, class −1 around {@code ±μ₂}, with {@code μ₁ = s·e₁ ⊥ μ₂ = s·e₂} and isotropic
 * Gaussian noise of expected norm {@code radius}. Not linearly separable, yet a wide two-layer
 * network interpolates it. Labels are ±1 (FLOAT64); the cluster of each point is kept.
 *
 * <p>The cluster geometry (orthogonal means of equal norm, isotropic Gaussian noise) and the
 * separation/radius conditions under which the paper's result holds are [reconstructed] in the
 * spec (solvers.md § P04): they match the paper's setup as far as known, the exact conditions
 * are not confirmed.
 *
 * <pre>{@code
 * FourClusters data = FourClusters.generate(200, 10, 4.0, 0.5, 42);
 * TensorDataset d = data.dataset();       // x: [200, 10], y: ±1
 * }</pre>
 */
public final class FourClusters {
    private final Tensor x;
    private final Tensor y;
    private final int[] cluster;

    private FourClusters(Tensor x, Tensor y, int[] cluster) {
        this.x = x;
        this.y = y;
        this.cluster = cluster;
    }

    /**
     * @param n          points, assigned to the four clusters in turn (cluster {@code i % 4})
     * @param d          dimension, at least 2
     * @param separation the norm {@code s} of the cluster means
     * @param radius     expected noise norm (noise std {@code radius/√d} per coordinate)
     */
    public static FourClusters generate(int n, int d, double separation, double radius, long seed) {
        if (d < 2 || n < 0) throw new IllegalArgumentException("FourClusters: need d >= 2 and n >= 0, got n=" + n + ", d=" + d);
        Rng rng = new Rng(seed).split("four-clusters");
        double[] xs = Gaussian.normal(rng, n * d, radius / Math.sqrt(d));
        double[] ys = new double[n];
        int[] cl = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 4;                      // 0: +μ₁, 1: −μ₁ (class +1); 2: +μ₂, 3: −μ₂ (class −1)
            double sign = c % 2 == 0 ? 1 : -1;
            xs[i * d + (c < 2 ? 0 : 1)] += sign * separation;
            ys[i] = c < 2 ? 1 : -1;
            cl[i] = c;
        }
        return new FourClusters(Tensor.wrap(xs, n, d), Tensor.wrap(ys, n), cl);
    }

    public Tensor x() { return x; }

    /** ±1 labels. */
    public Tensor y() { return y; }

    /** Cluster 0..3 of each point (0, 1 → class +1; 2, 3 → class −1). */
    public int[] clusters() { return cluster.clone(); }

    public TensorDataset dataset() { return new TensorDataset(x, y); }
}

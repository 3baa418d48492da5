package io.vecgrad.optim.particles;

/**
 * An unnormalized target density p on R^d for particle samplers: its log-density (up to a
 * constant) and its score {@code ∇ log p}, which is all SVGD and NVGD need.
 *
 * <pre>{@code
 * Target t = GaussianMixture.isotropic(new double[] {0.5, 0.5}, new double[][] {{-3}, {3}}, 1);
 * double[] s = t.score(new double[] {0.2});
 * }</pre>
 */
public interface Target {
    /** The dimension d. */
    int dim();

    /** {@code log p(x)} up to an additive constant. */
    double logDensity(double[] x);

    /** {@code ∇ log p(x)}. */
    double[] score(double[] x);

    /** The scores of all particles ({@code x[i]} is particle i); override to batch. */
    default double[][] scores(double[][] x) {
        double[][] s = new double[x.length][];
        for (int i = 0; i < x.length; i++) s[i] = score(x[i]);
        return s;
    }
}

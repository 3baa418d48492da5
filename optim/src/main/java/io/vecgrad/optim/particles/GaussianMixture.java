package io.vecgrad.optim.particles;

import io.vecgrad.tensor.random.Rng;

/**
 * A mixture of Gaussians with diagonal covariances, {@code p(x) = Σ_k π_k N(x; μ_k, diag(σ_k²))}:
 * the multimodal target of the annealed-SVGD experiments. Gives exact samples (reference samples
 * for MMD), the score (by log-sum-exp over the components) and the mode-coverage metric: the share
 * of particles whose most responsible component is k.
 *
 * <pre>{@code
 * GaussianMixture m = GaussianMixture.isotropic(new double[] {1 / 3.0, 2 / 3.0}, new double[][] {{-2}, {2}}, 1);
 * double[][] ref = m.sample(500, new Rng(0));
 * double[] share = m.modeShares(ref);       // ≈ {1/3, 2/3}
 * }</pre>
 */
public final class GaussianMixture implements Target {
    private final double[] weights;
    private final double[][] means, stds;
    private final int d;

    /** Components with weights {@code weights} (normalized here), means {@code means[k]} and per-coordinate standard deviations {@code stds[k]}. */
    public GaussianMixture(double[] weights, double[][] means, double[][] stds) {
        int k = weights.length;
        if (k == 0 || means.length != k || stds.length != k) {
            throw new IllegalArgumentException("GaussianMixture: " + k + " weights, " + means.length + " means, " + stds.length + " std vectors");
        }
        d = means[0].length;
        double total = 0;
        for (int j = 0; j < k; j++) {
            if (means[j].length != d || stds[j].length != d) throw new IllegalArgumentException("GaussianMixture: component " + j + " is not of dimension " + d);
            if (!(weights[j] > 0)) throw new IllegalArgumentException("GaussianMixture: weight " + j + " must be > 0, got " + weights[j]);
            for (double s : stds[j]) if (!(s > 0)) throw new IllegalArgumentException("GaussianMixture: standard deviations must be > 0, got " + s);
            total += weights[j];
        }
        this.weights = new double[k];
        this.means = new double[k][];
        this.stds = new double[k][];
        for (int j = 0; j < k; j++) {
            this.weights[j] = weights[j] / total;
            this.means[j] = means[j].clone();
            this.stds[j] = stds[j].clone();
        }
    }

    /** All components with the same isotropic standard deviation. */
    public static GaussianMixture isotropic(double[] weights, double[][] means, double std) {
        double[][] s = new double[means.length][means[0].length];
        for (double[] row : s) java.util.Arrays.fill(row, std);
        return new GaussianMixture(weights, means, s);
    }

    @Override
    public int dim() {
        return d;
    }

    /** The number of components. */
    public int components() {
        return weights.length;
    }

    /** The normalized mixture weights. */
    public double[] weights() {
        return weights.clone();
    }

    /** Mean of component k. */
    public double[] mean(int k) {
        return means[k].clone();
    }

    /** {@code log π_k + log N(x; μ_k, σ_k²)} for every k (normalized densities). */
    private double[] componentLogs(double[] x) {
        if (x.length != d) throw new IllegalArgumentException("GaussianMixture: point of dimension " + x.length + ", mixture of dimension " + d);
        double[] l = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double s = Math.log(weights[k]);
            for (int j = 0; j < d; j++) {
                double z = (x[j] - means[k][j]) / stds[k][j];
                s += -0.5 * z * z - Math.log(stds[k][j]) - 0.5 * Math.log(2 * Math.PI);
            }
            l[k] = s;
        }
        return l;
    }

    /** Responsibilities {@code P(component k | x)}. */
    public double[] responsibilities(double[] x) {
        double[] l = componentLogs(x);
        double m = Double.NEGATIVE_INFINITY;
        for (double v : l) m = Math.max(m, v);
        double sum = 0;
        for (int k = 0; k < l.length; k++) {
            l[k] = Math.exp(l[k] - m);
            sum += l[k];
        }
        for (int k = 0; k < l.length; k++) l[k] /= sum;
        return l;
    }

    @Override
    public double logDensity(double[] x) {
        double[] l = componentLogs(x);
        double m = Double.NEGATIVE_INFINITY;
        for (double v : l) m = Math.max(m, v);
        double sum = 0;
        for (double v : l) sum += Math.exp(v - m);
        return m + Math.log(sum);
    }

    @Override
    public double[] score(double[] x) {
        double[] r = responsibilities(x), s = new double[d];
        for (int k = 0; k < r.length; k++) {
            for (int j = 0; j < d; j++) s[j] -= r[k] * (x[j] - means[k][j]) / (stds[k][j] * stds[k][j]);
        }
        return s;
    }

    /** {@code n} exact samples. */
    public double[][] sample(int n, Rng rng) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble(), c = 0;
            int k = 0;
            while (k < weights.length - 1 && u >= (c += weights[k])) k++;
            for (int j = 0; j < d; j++) out[i][j] = means[k][j] + stds[k][j] * rng.nextGaussian();
        }
        return out;
    }

    /** The share of particles whose most responsible component is k, for each k (mode coverage and mass allocation). */
    public double[] modeShares(double[][] particles) {
        double[] share = new double[weights.length];
        for (double[] x : particles) {
            double[] r = responsibilities(x);
            int best = 0;
            for (int k = 1; k < r.length; k++) if (r[k] > r[best]) best = k;
            share[best] += 1.0 / particles.length;
        }
        return share;
    }

    /** The number of components holding at least {@code minShare} of the particles. */
    public int modesCovered(double[][] particles, double minShare) {
        int c = 0;
        for (double s : modeShares(particles)) c += s >= minShare ? 1 : 0;
        return c;
    }
}

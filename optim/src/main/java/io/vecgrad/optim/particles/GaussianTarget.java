package io.vecgrad.optim.particles;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * A Gaussian target {@code N(μ, Σ)} with a full covariance: score {@code −Σ⁻¹(x − μ)}. The oracle
 * for "SVGD's stationary distribution has the right mean and covariance".
 *
 * <pre>{@code
 * GaussianTarget g = new GaussianTarget(new double[] {1, -1}, new double[][] {{1, 0.5}, {0.5, 2}});
 * }</pre>
 */
public final class GaussianTarget implements Target {
    private final double[] mean;
    private final double[][] precision;

    public GaussianTarget(double[] mean, double[][] covariance) {
        int d = mean.length;
        if (covariance.length != d) throw new IllegalArgumentException("GaussianTarget: mean of dimension " + d + ", covariance with " + covariance.length + " rows");
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) throw new IllegalArgumentException("GaussianTarget: covariance row " + i + " has " + covariance[i].length + " entries, expected " + d);
            System.arraycopy(covariance[i], 0, flat, i * d, d);
        }
        double[] inv = Linalg.inv(Tensor.of(flat, d, d)).toDoubleArray();
        this.mean = mean.clone();
        this.precision = new double[d][d];
        for (int i = 0; i < d; i++) System.arraycopy(inv, i * d, precision[i], 0, d);
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public double logDensity(double[] x) {
        double[] s = score(x);
        double q = 0;
        for (int i = 0; i < x.length; i++) q += s[i] * (x[i] - mean[i]);
        return 0.5 * q; // −½ (x−μ)ᵀ Σ⁻¹ (x−μ)
    }

    @Override
    public double[] score(double[] x) {
        int d = mean.length;
        if (x.length != d) throw new IllegalArgumentException("GaussianTarget: point of dimension " + x.length + ", target of dimension " + d);
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            double v = 0;
            for (int j = 0; j < d; j++) v -= precision[i][j] * (x[j] - mean[j]);
            s[i] = v;
        }
        return s;
    }
}

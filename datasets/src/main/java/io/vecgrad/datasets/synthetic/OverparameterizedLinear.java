package io.vecgrad.datasets.synthetic;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Over-parameterized (interpolating) linear regression for paper P11 (Liu, Belkin, ICLR 2020,
 * "Accelerating SGD with momentum for over-parameterized learning", MaSS): {@code n ≤ d}
 * Gaussian features with covariance {@code diag(λ₁..λ_d)}, {@code λⱼ = j^{−decay}}
 * (so the condition number is controlled), and noiseless labels {@code y = X w*}, so a zero
 * training loss is attainable.
 *
 * <pre>{@code
 * OverparameterizedLinear p = OverparameterizedLinear.generate(256, 1024, 1.0, 3);
 * TensorDataset d = p.dataset();          // y = X w* exactly
 * }</pre>
 */
public final class OverparameterizedLinear {
    private final Tensor x;
    private final Tensor y;
    private final Tensor wStar;
    private final double[] spectrum;

    private OverparameterizedLinear(Tensor x, Tensor y, Tensor wStar, double[] spectrum) {
        this.x = x;
        this.y = y;
        this.wStar = wStar;
        this.spectrum = spectrum;
    }

    /** @param decay exponent of the feature-variance power law (0 = isotropic) */
    public static OverparameterizedLinear generate(int n, int d, double decay, long seed) {
        if (n <= 0 || d < n) throw new IllegalArgumentException("OverparameterizedLinear: need 0 < n <= d, got n=" + n + ", d=" + d);
        Rng rng = new Rng(seed).split("overparameterized-linear");
        double[] lambda = new double[d];
        for (int j = 0; j < d; j++) lambda[j] = Math.pow(j + 1, -decay);
        double[] xs = Gaussian.normal(rng.split("x"), n * d, 1);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) xs[i * d + j] *= Math.sqrt(lambda[j]);
        double[] w = Gaussian.normal(rng.split("w"), d, 1 / Math.sqrt(d));
        double[] ys = Gaussian.matmul(xs, w, n, d, 1);
        return new OverparameterizedLinear(Tensor.wrap(xs, n, d), Tensor.wrap(ys, n), Tensor.wrap(w, d), lambda);
    }

    public Tensor x() { return x; }

    public Tensor y() { return y; }

    /** The generating weights (one of infinitely many interpolants). */
    public Tensor wStar() { return wStar; }

    /** Feature variances {@code λⱼ}. */
    public double[] spectrum() { return spectrum.clone(); }

    public TensorDataset dataset() { return new TensorDataset(x, y); }
}

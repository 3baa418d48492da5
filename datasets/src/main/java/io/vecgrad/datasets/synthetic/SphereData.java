package io.vecgrad.datasets.synthetic;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Inputs uniform on the sphere {@code S^{d−1}} with a polynomial target, for paper P12 (Su,
 * Yang, NeurIPS 2019, "On learning over-parameterized neural networks: a functional
 * approximation perspective"). The target {@code f*(x) = Σ_{p=1..degree} cₚ (uₚ·x)^p} with
 * random unit {@code uₚ} and {@code cₚ = 1} is a low-degree polynomial, hence spanned by few top
 * eigenfunctions of the kernel {@link #kernel}. Optional Gaussian label noise.
 *
 * <pre>{@code
 * SphereData s = SphereData.generate(500, 5, 3, 0.0, 11);
 * TensorDataset d = s.dataset();                     // ‖x‖ = 1, y = f*(x)
 * double k = SphereData.kernel(xi, xj);              // xᵀx' (π − arccos xᵀx') / 2π
 * }</pre>
 */
public final class SphereData {
    private final Tensor x;
    private final Tensor y;
    private final Tensor directions;

    private SphereData(Tensor x, Tensor y, Tensor directions) {
        this.x = x;
        this.y = y;
        this.directions = directions;
    }

    public static SphereData generate(int n, int d, int degree, double noiseStd, long seed) {
        if (d < 1 || degree < 1) throw new IllegalArgumentException("SphereData: need d >= 1 and degree >= 1, got " + d + ", " + degree);
        Rng rng = new Rng(seed).split("sphere");
        double[] xs = Gaussian.unitRows(rng.split("x"), n, d);
        double[] u = Gaussian.unitRows(rng.split("u"), degree, d);
        double[] noise = Gaussian.normal(rng.split("noise"), n, noiseStd);
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int p = 0; p < degree; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u[p * d + j] * xs[i * d + j];
                f += Math.pow(dot, p + 1);
            }
            ys[i] = f + noise[i];
        }
        return new SphereData(Tensor.wrap(xs, n, d), Tensor.wrap(ys, n), Tensor.wrap(u, degree, d));
    }

    public Tensor x() { return x; }

    public Tensor y() { return y; }

    /** The unit vectors {@code uₚ} of the target, [degree, d]. */
    public Tensor targetDirections() { return directions; }

    public TensorDataset dataset() { return new TensorDataset(x, y); }

    /**
     * The infinite-width kernel of a two-layer ReLU net with trained first layer on unit inputs,
     * {@code E_w[xᵀx' 1{wᵀx ≥ 0} 1{wᵀx' ≥ 0}] = xᵀx' (π − arccos xᵀx') / (2π)}.
     */
    public static double kernel(double[] x, double[] xp) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) dot += x[i] * xp[i];
        double c = Math.max(-1, Math.min(1, dot));
        return dot * (Math.PI - Math.acos(c)) / (2 * Math.PI);
    }
}

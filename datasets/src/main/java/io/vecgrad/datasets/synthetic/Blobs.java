package io.vecgrad.datasets.synthetic;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * A toy classification set: {@code k} Gaussian blobs with unit variance in {@code d} dimensions,
 * class {@code c} centred at {@code +spread} on axis {@code c} for {@code c < d} and at
 * {@code -spread} on axis {@code c mod d} after that (scikit-learn's {@code make_blobs} with
 * fixed axis-aligned centres, so the classes are well separated for spread ≳ 3). Example
 * {@code i} has class {@code i mod k}; features float64 {@code [n, d]}, labels int64 {@code [n]}.
 *
 * <pre>{@code
 * TensorDataset blobs = Blobs.generate(200, 4, 3, 3.0, new Rng(7));
 * TensorDataset[] trainTest = blobs.split(160);
 * }</pre>
 */
public final class Blobs {
    private Blobs() {}

    public static TensorDataset generate(int n, int d, int k, double spread, Rng rng) {
        if (n < 1 || d < 1 || k < 1 || k > 2 * d) {
            throw new IllegalArgumentException("Blobs.generate: need n, d, k >= 1 and k <= 2d, got n=" + n + ", d=" + d + ", k=" + k);
        }
        double[] x = new double[n * d];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y[i] = c;
            for (int j = 0; j < d; j++) {
                double center = j == c % d ? (c < d ? spread : -spread) : 0;
                x[i * d + j] = center + rng.nextGaussian();
            }
        }
        return new TensorDataset(Tensor.of(x, n, d), Tensor.of(y, n));
    }
}

package io.vecgrad.tensor.kernel;

/**
 * Layer normalization over contiguous rows of length {@code d} (biased variance, two passes
 * like the composed form), forward and backward in one kernel each, saving only the per-row
 * mean and reciprocal standard deviation. Sums go through {@link SoftmaxF64#sum}'s float twin
 * order rules (lane-wise on the vector path). The float twin {@code LayerNormF32} is generated
 * from this file.
 */
public final class LayerNormF64 {
    private LayerNormF64() {}

    /**
     * {@code y = (x − mean)·rstd·w + b} per row; {@code w}/{@code b} may be null (no affine map).
     * {@code stats} receives {@code mean, rstd} per row; {@code scratch} holds one row.
     */
    public static void forward(double[] x, int xo, int rows, int d, double[] w, int wo, double[] b, int bo, double eps,
                               double[] y, int yo, double[] stats, double[] scratch) {
        for (int r = 0; r < rows; r++) {
            int a = xo + r * d, c = yo + r * d;
            double mean = SoftmaxF64.sum(x, a, d) / d;
            for (int i = 0; i < d; i++) {
                double t = x[a + i] - mean;
                scratch[i] = t * t;
            }
            double rstd = 1 / (double) Math.sqrt(SoftmaxF64.sum(scratch, 0, d) / d + eps);
            stats[2 * r] = mean;
            stats[2 * r + 1] = rstd;
            if (w == null) {
                for (int i = 0; i < d; i++) y[c + i] = (x[a + i] - mean) * rstd;
            } else {
                for (int i = 0; i < d; i++) y[c + i] = (x[a + i] - mean) * rstd * w[wo + i] + b[bo + i];
            }
        }
    }

    /**
     * Cotangents of {@link #forward}: {@code dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))} with
     * {@code ĝ = g·w}; {@code dw += Σ_rows g·x̂}, {@code db += Σ_rows g} (either may be null).
     * {@code scratch} holds two rows.
     */
    public static void backward(double[] x, int xo, int rows, int d, double[] w, int wo, double[] stats,
                                double[] g, int go, double[] dx, int dxo, double[] dw, double[] db, double[] scratch) {
        for (int r = 0; r < rows; r++) {
            int a = xo + r * d, gr = go + r * d, c = dxo + r * d;
            double mean = stats[2 * r], rstd = stats[2 * r + 1];
            for (int i = 0; i < d; i++) {
                double xh = (x[a + i] - mean) * rstd;
                double gh = w == null ? g[gr + i] : g[gr + i] * w[wo + i];
                scratch[i] = gh;
                scratch[d + i] = gh * xh;
                if (dw != null) dw[i] += g[gr + i] * xh;
                if (db != null) db[i] += g[gr + i];
            }
            double m1 = SoftmaxF64.sum(scratch, 0, d) / d;
            double m2 = SoftmaxF64.sum(scratch, d, d) / d;
            if (dx == null) continue;
            for (int i = 0; i < d; i++) {
                double xh = (x[a + i] - mean) * rstd;
                dx[c + i] = rstd * (scratch[i] - m1 - xh * m2);
            }
        }
    }
}

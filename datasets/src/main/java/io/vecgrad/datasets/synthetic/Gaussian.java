package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.random.Rng;

/** Small dense helpers on row-major double arrays shared by the generators. */
final class Gaussian {
    private Gaussian() {}

    static double[] normal(Rng rng, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = std * rng.nextGaussian();
        return v;
    }

    /**
     * A rows×cols matrix (rows ≥ cols) with orthonormal columns: modified Gram–Schmidt on a
     * Gaussian matrix, which gives a Haar-distributed frame.
     */
    static double[] orthonormalColumns(Rng rng, int rows, int cols) {
        if (cols > rows) throw new IllegalArgumentException("orthonormalColumns: " + cols + " columns exceed dimension " + rows);
        double[] q = normal(rng, rows * cols, 1);
        for (int j = 0; j < cols; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) dot += q[i * cols + j] * q[i * cols + k];
                for (int i = 0; i < rows; i++) q[i * cols + j] -= dot * q[i * cols + k];
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) norm += q[i * cols + j] * q[i * cols + j];
            norm = Math.sqrt(norm);
            for (int i = 0; i < rows; i++) q[i * cols + j] /= norm;
        }
        return q;
    }

    /** Unit vectors as rows of a k×d matrix. */
    static double[] unitRows(Rng rng, int k, int d) {
        double[] w = normal(rng, k * d, 1);
        for (int r = 0; r < k; r++) {
            double n = 0;
            for (int j = 0; j < d; j++) n += w[r * d + j] * w[r * d + j];
            n = Math.sqrt(n);
            for (int j = 0; j < d; j++) w[r * d + j] /= n;
        }
        return w;
    }

    /** C = A·B for row-major A (m×k) and B (k×n). */
    static double[] matmul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double av = a[i * k + p];
                if (av == 0) continue;
                for (int j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
            }
        }
        return c;
    }

    /** The transpose of a row-major m×n matrix. */
    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }
}

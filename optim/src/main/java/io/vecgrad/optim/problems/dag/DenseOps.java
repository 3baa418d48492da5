package io.vecgrad.optim.problems.dag;

import io.vecgrad.tensor.Tensor;

/**
 * Row-major {@code double[]} matrix helpers shared by the DAG solvers: products go through
 * {@link Tensor#matmul} (the SIMD GEMM, fixed accumulation order), the rest are plain loops.
 */
public final class DenseOps {
    private DenseOps() {}

    /** {@code A·B} with A m×k and B k×n. */
    public static double[] matmul(double[] a, double[] b, int m, int k, int n) {
        return Tensor.wrap(a, m, k).matmul(Tensor.wrap(b, k, n)).toDoubleArray();
    }

    /** {@code scale·XᵀX} for X n×d (the covariance {@code XᵀX/n} with {@code scale = 1/n} and centred X). */
    public static double[] gram(double[] x, int n, int d, double scale) {
        Tensor t = Tensor.wrap(x, n, d);
        double[] g = t.mT().matmul(t).toDoubleArray();
        for (int i = 0; i < g.length; i++) g[i] *= scale;
        return g;
    }

    /** Subtracts each column's mean (a copy). */
    public static double[] centerColumns(double[] x, int n, int d) {
        double[] c = x.clone();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += x[i * d + j];
            mean /= n;
            for (int i = 0; i < n; i++) c[i * d + j] -= mean;
        }
        return c;
    }

    /** The d×d identity minus W. */
    public static double[] identityMinus(double[] w, int d) {
        double[] r = new double[d * d];
        for (int i = 0; i < d * d; i++) r[i] = -w[i];
        for (int i = 0; i < d; i++) r[i * d + i] += 1;
        return r;
    }

    /** Transpose of an m×n matrix. */
    public static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[a.length];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }
}

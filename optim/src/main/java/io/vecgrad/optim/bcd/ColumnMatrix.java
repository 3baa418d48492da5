package io.vecgrad.optim.bcd;

import io.vecgrad.tensor.kernel.Level1F64;

/**
 * A dense {@code n×p} matrix stored column by column, with its squared column norms, for
 * coordinate methods: a coordinate update reads one column ({@link #dot}) and writes a residual
 * ({@link #axpy}), both contiguous SIMD runs through {@link Level1F64}. Build it once per design
 * matrix and reuse it across solves (regularization paths, benchmarks): a solve then allocates
 * only O(n + p).
 *
 * <pre>{@code
 * ColumnMatrix cols = ColumnMatrix.ofRowMajor(a, n, p);   // one transposition
 * double c = cols.dot(j, r);                               // A_jᵀ r
 * cols.axpy(j, -delta, r);                                 // r −= delta·A_j
 * }</pre>
 */
public final class ColumnMatrix {
    private static final int TILE = 32;
    private final int n, p;
    private final double[] data;      // column j at [j·n, (j+1)·n)
    private final double[] colNorm2;  // ‖A_j‖²

    private ColumnMatrix(double[] data, int n, int p) {
        this.n = n;
        this.p = p;
        this.data = data;
        colNorm2 = new double[p];
        for (int j = 0; j < p; j++) colNorm2[j] = Level1F64.dot(n, data, j * n, data, j * n);
    }

    /**
     * Copies a row-major {@code n×p} array (tiled transposition).
     *
     * @throws IllegalArgumentException when the sizes disagree or an entry is not finite
     */
    public static ColumnMatrix ofRowMajor(double[] a, int n, int p) {
        check(a, n, p);
        double[] t = new double[a.length];
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = 0; j0 < p; j0 += TILE) {
                int j1 = Math.min(p, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) t[j * n + i] = a[i * p + j];
                }
            }
        }
        return new ColumnMatrix(t, n, p);
    }

    /**
     * Copies a column-major {@code n×p} array (column j at {@code [j·n, (j+1)·n)}).
     *
     * @throws IllegalArgumentException when the sizes disagree or an entry is not finite
     */
    public static ColumnMatrix ofColumnMajor(double[] a, int n, int p) {
        check(a, n, p);
        return new ColumnMatrix(a.clone(), n, p);
    }

    private static void check(double[] a, int n, int p) {
        if (n < 1 || p < 1 || (long) n * p != a.length) {
            throw new IllegalArgumentException("ColumnMatrix: A has " + a.length + " elements, not n×p = " + n + "×" + p);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) throw new IllegalArgumentException("ColumnMatrix: A[" + i + "] is " + a[i]);
        }
    }

    public int rows() {
        return n;
    }

    public int cols() {
        return p;
    }

    /** A_ij. */
    public double get(int i, int j) {
        return data[j * n + i];
    }

    /** ‖A_j‖². */
    public double colNorm2(int j) {
        return colNorm2[j];
    }

    /** A_jᵀ v for a length-n vector v. */
    public double dot(int j, double[] v) {
        return Level1F64.dot(n, data, j * n, v, 0);
    }

    /** A_iᵀ A_j. */
    public double colDot(int i, int j) {
        return Level1F64.dot(n, data, i * n, data, j * n);
    }

    /** {@code v += alpha·A_j} for a length-n vector v. */
    public void axpy(int j, double alpha, double[] v) {
        Level1F64.axpy(n, alpha, data, j * n, v, 0);
    }

    /** {@code out = A x} (length n). */
    public void times(double[] x, double[] out) {
        java.util.Arrays.fill(out, 0, n, 0.0);
        for (int j = 0; j < p; j++) if (x[j] != 0) axpy(j, x[j], out);
    }

    /** {@code out = Aᵀ v} (length p). */
    public void timesTransposed(double[] v, double[] out) {
        for (int j = 0; j < p; j++) out[j] = dot(j, v);
    }
}

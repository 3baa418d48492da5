package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

import io.vecgrad.tensor.kernel.GemmF64;

/**
 * LU factorization with partial pivoting, {@code P·A = L·U}, on a row-major n×n
 * {@code double[]}, the kernel behind {@link Linalg#lu}, {@link Linalg#solve},
 * {@link Linalg#inv} and {@link Linalg#det}. Right-looking and blocked like LAPACK's
 * {@code dgetrf}: a panel of {@link #BLOCK} columns is factored with row swaps, the block row
 * to its right is solved with the unit lower factor, and the trailing matrix is updated by
 * {@link GemmF64} ({@code A22 -= L21·U12}).
 *
 * <p>Pivots follow LAPACK: {@code piv[j]} is the row swapped with row j at step j, the
 * largest |entry| of the column (the first one on ties). A zero pivot does not stop the
 * factorization (its column is left as is), as in LAPACK; the first one is returned.
 */
final class Lu {
    private Lu() {}

    static final int BLOCK = 64;

    /** Overwrites A with L (unit diagonal, strictly below) and U; returns -1 or the first zero pivot. */
    static int factor(double[] a, int off, int n, int[] piv) {
        return factor(a, off, n, piv, BLOCK);
    }

    static int factor(double[] a, int off, int n, int[] piv, int nb) {
        int firstZero = -1;
        double[] neg = n > nb ? new double[(n - nb) * nb] : null;
        for (int k0 = 0; k0 < n; k0 += nb) {
            int kb = Math.min(nb, n - k0), s = k0 + kb, m = n - s;
            int z = panel(a, off, n, k0, kb, piv);
            if (z >= 0 && firstZero < 0) firstZero = z;
            if (m == 0) break;
            // U12 = L11⁻¹·A12 (unit lower, rows k0..s, columns s..n)
            for (int i = k0 + 1; i < s; i++) {
                int ri = off + i * n;
                for (int p = k0; p < i; p++) {
                    double c = a[ri + p];
                    if (c == 0) continue;
                    Level1F64.axpy(n - s, -c, a, off + p * n + s, a, ri + s);
                }
            }
            // A22 += (-L21)·U12
            for (int i = 0; i < m; i++) {
                int src = off + (s + i) * n + k0;
                for (int p = 0; p < kb; p++) neg[i * kb + p] = -a[src + p];
            }
            GemmF64.gemm(m, m, kb, neg, 0, kb, 1, a, off + k0 * n + s, n, 1, a, off + s * n + s, n, true);
        }
        return firstZero;
    }

    /** Unblocked factorization of columns k0..k0+kb over rows k0..n, swapping whole rows. */
    private static int panel(double[] a, int off, int n, int k0, int kb, int[] piv) {
        int firstZero = -1;
        int end = k0 + kb;
        for (int j = k0; j < end; j++) {
            int p = j;
            double best = Math.abs(a[off + j * n + j]);
            for (int i = j + 1; i < n; i++) {
                double v = Math.abs(a[off + i * n + j]);
                if (v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                    best = v;
                    p = i;
                }
            }
            piv[j] = p;
            if (p != j) swapRows(a, off, n, j, p);
            double d = a[off + j * n + j];
            if (d == 0) {
                if (firstZero < 0) firstZero = j;
                continue;
            }
            int rj = off + j * n;
            for (int i = j + 1; i < n; i++) {
                int ri = off + i * n;
                double l = a[ri + j] / d;
                a[ri + j] = l;
                if (l == 0) continue;
                Level1F64.axpy(end - j - 1, -l, a, rj + j + 1, a, ri + j + 1);
            }
        }
        return firstZero;
    }

    static void swapRows(double[] a, int off, int n, int i, int j) {
        int ri = off + i * n, rj = off + j * n;
        for (int c = 0; c < n; c++) {
            double t = a[ri + c];
            a[ri + c] = a[rj + c];
            a[rj + c] = t;
        }
    }

    /** Solves {@code A·X = B} from the factors; B is n×k row-major, overwritten by X. */
    static void solve(double[] lu, int off, int n, int[] piv, double[] b, int bOff, int k) {
        for (int j = 0; j < n; j++) {
            if (piv[j] != j) {
                int rj = bOff + j * k, rp = bOff + piv[j] * k;
                for (int c = 0; c < k; c++) {
                    double t = b[rj + c];
                    b[rj + c] = b[rp + c];
                    b[rp + c] = t;
                }
            }
        }
        Triangular.solve(n, k, lu, off, n, 1, true, true, b, bOff, k);
        Triangular.solve(n, k, lu, off, n, 1, false, false, b, bOff, k);
    }
}

package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

import io.vecgrad.tensor.kernel.GemmF64;

/**
 * Cholesky factor {@code A = L·Lᵀ} of a symmetric positive definite matrix on a row-major
 * {@code double[]}; only the lower triangle of A is read. Right-looking and blocked: a
 * diagonal block is factored by the unblocked loop, the panel below it by a triangular solve,
 * and the trailing matrix is updated by {@link GemmF64} ({@code A22 -= L21·L21ᵀ}), which does
 * all but O(n²·nb) of the n³/3 flops.
 *
 * <p>Users call {@link Linalg#cholesky}; this class is the kernel behind it.
 */
final class Cholesky {
    private Cholesky() {}

    /** Panel width; the trailing update is done in column blocks of the same width. */
    static final int BLOCK = 64;

    /**
     * Overwrites the n×n matrix at {@code off} (row stride n) with L, zeroing the strict upper
     * triangle. Returns -1, or the index of the first pivot that is not positive (or NaN), in
     * which case the contents are partially overwritten.
     */
    static int factor(double[] a, int off, int n) {
        return factor(a, off, n, BLOCK);
    }

    static int factor(double[] a, int off, int n, int nb) {
        double[] panel = n > nb ? new double[(n - nb) * nb] : null;
        for (int k0 = 0; k0 < n; k0 += nb) {
            int kb = Math.min(nb, n - k0);
            int fail = unblocked(a, off + k0 * n + k0, n, kb);
            if (fail >= 0) return k0 + fail;
            int s = k0 + kb, m = n - s;
            if (m == 0) break;
            solvePanel(a, off, n, k0, kb, s);
            // panel = -L21 (m × kb, contiguous), then A22[j0.., j0..j0+jb] += panel·L21[j0.., :]ᵀ
            for (int i = 0; i < m; i++) {
                int src = off + (s + i) * n + k0;
                for (int p = 0; p < kb; p++) panel[i * kb + p] = -a[src + p];
            }
            for (int j0 = s; j0 < n; j0 += nb) {
                int jb = Math.min(nb, n - j0);
                GemmF64.gemm(n - j0, jb, kb, panel, (j0 - s) * kb, kb, 1,
                        a, off + j0 * n + k0, 1, n, a, off + j0 * n + j0, n, true);
            }
        }
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[off + i * n + j] = 0;
        return -1;
    }

    /** Rows s..n of the panel: {@code L21 = A21·L11⁻ᵀ}, row by row (forward substitution). */
    private static void solvePanel(double[] a, int off, int n, int k0, int kb, int s) {
        for (int i = s; i < n; i++) {
            int ri = off + i * n + k0;
            for (int j = 0; j < kb; j++) {
                int rj = off + (k0 + j) * n + k0;
                a[ri + j] = (a[ri + j] - Level1F64.dot(j, a, ri, a, rj)) / a[rj + j];
            }
        }
    }

    /** Unblocked Cholesky of the kb×kb block at {@code o} with row stride {@code lda}. */
    static int unblocked(double[] a, int o, int lda, int kb) {
        for (int j = 0; j < kb; j++) {
            int rj = o + j * lda;
            double d = a[rj + j] - Level1F64.dot(j, a, rj, a, rj);
            if (!(d > 0)) {
                a[rj + j] = d;
                return j;
            }
            double l = Math.sqrt(d);
            a[rj + j] = l;
            for (int i = j + 1; i < kb; i++) {
                int ri = o + i * lda;
                a[ri + j] = (a[ri + j] - Level1F64.dot(j, a, ri, a, rj)) / l;
            }
        }
        return -1;
    }
}

package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

import io.vecgrad.tensor.kernel.GemmF64;

/**
 * Triangular solve {@code op(T)·X = B} in place, the kernel behind
 * {@link Linalg#solveTriangular}. T is addressed through strides, so a transposed factor costs
 * no copy (upper↔lower swap meaning with the strides); B is row-major with row stride
 * {@code ldb}. Blocked: each diagonal block is solved by substitution, and the rows below (or
 * above) are updated by one {@link GemmF64} call per block, so inversions and many right-hand
 * sides run near GEMM speed.
 */
final class Triangular {
    private Triangular() {}

    static final int BLOCK = 64;

    /**
     * Solves in place. {@code lower} says whether the matrix as addressed by the strides is
     * lower triangular (forward substitution) or upper (backward); the other triangle is never
     * read. Returns -1, or the index of the first zero diagonal entry (B then untouched).
     */
    static int solve(int n, int k, double[] t, int tOff, int tRs, int tCs, boolean lower, boolean unit,
                     double[] b, int bOff, int ldb) {
        if (!unit) {
            for (int i = 0; i < n; i++) if (t[tOff + i * (tRs + tCs)] == 0) return i;
        }
        if (n == 0 || k == 0) return -1;
        double[] x = n > BLOCK ? new double[BLOCK * k] : null;
        if (lower) {
            for (int i0 = 0; i0 < n; i0 += BLOCK) {
                int ib = Math.min(BLOCK, n - i0);
                substitute(i0, ib, k, t, tOff, tRs, tCs, true, unit, b, bOff, ldb);
                int rest = n - i0 - ib;
                if (rest > 0) update(rest, ib, k, t, tOff + (i0 + ib) * tRs + i0 * tCs, tRs, tCs,
                        b, bOff + i0 * ldb, bOff + (i0 + ib) * ldb, ldb, x);
            }
        } else {
            for (int i1 = n; i1 > 0; i1 -= BLOCK) {
                int i0 = Math.max(0, i1 - BLOCK), ib = i1 - i0;
                substitute(i0, ib, k, t, tOff, tRs, tCs, false, unit, b, bOff, ldb);
                if (i0 > 0) update(i0, ib, k, t, tOff + i0 * tCs, tRs, tCs, b, bOff + i0 * ldb, bOff, ldb, x);
            }
        }
        return -1;
    }

    /** {@code B[dst rows] -= T(rows × ib)·X(ib × k)} through a negated copy of X. */
    private static void update(int rows, int ib, int k, double[] t, int tOff, int tRs, int tCs,
                               double[] b, int xOff, int dstOff, int ldb, double[] x) {
        for (int p = 0; p < ib; p++) for (int j = 0; j < k; j++) x[p * k + j] = -b[xOff + p * ldb + j];
        GemmF64.gemm(rows, k, ib, t, tOff, tRs, tCs, x, 0, k, 1, b, dstOff, ldb, true);
    }

    /** Substitution inside the diagonal block of rows i0..i0+ib. */
    private static void substitute(int i0, int ib, int k, double[] t, int tOff, int tRs, int tCs, boolean lower,
                                   boolean unit, double[] b, int bOff, int ldb) {
        for (int s = 0; s < ib; s++) {
            int i = lower ? i0 + s : i0 + ib - 1 - s;
            int ri = bOff + i * ldb;
            int pFrom = lower ? i0 : i + 1, pTo = lower ? i : i0 + ib;
            for (int p = pFrom; p < pTo; p++) {
                double c = t[tOff + i * tRs + p * tCs];
                if (c == 0) continue;
                Level1F64.axpy(k, -c, b, bOff + p * ldb, b, ri);
            }
            if (!unit) {
                double d = t[tOff + i * (tRs + tCs)];
                for (int j = 0; j < k; j++) b[ri + j] /= d;
            }
        }
    }
}

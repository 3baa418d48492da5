package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

import io.vecgrad.tensor.kernel.GemmF64;

/**
 * Householder QR {@code A = Q·R} of a row-major m×n {@code double[]}, the kernel behind
 * {@link Linalg#qr} and {@link Linalg#lstsq}. Reflectors follow LAPACK's {@code dlarfg}
 * ({@code H = I − τ·v·vᵀ}, {@code v₀ = 1}, {@code β = −sign(α)·‖x‖}), so R's diagonal has the
 * signs NumPy's {@code qr} shows. Blocked with the compact WY form {@code H₀…H_{b−1} = I − V·T·Vᵀ}
 * (Schreiber–Van Loan, LAPACK {@code dlarft}/{@code dlarfb}): a panel is factored column by
 * column and the trailing columns get two {@link GemmF64} products, so the bulk of the 2mn² −
 * 2n³/3 flops run at GEMM speed. Q is accumulated from the reflectors the same way.
 */
final class Householder {
    private Householder() {}

    static final int BLOCK = 32;

    /** Overwrites A with R (upper part) and the reflectors (below the diagonal); fills tau[min(m,n)]. */
    static void factor(double[] a, int off, int m, int n, double[] tau) {
        factor(a, off, m, n, tau, BLOCK);
    }

    static void factor(double[] a, int off, int m, int n, double[] tau, int nb) {
        int k = Math.min(m, n);
        for (int j0 = 0; j0 < k; j0 += nb) {
            int kb = Math.min(nb, k - j0);
            for (int j = j0; j < j0 + kb; j++) {
                reflector(a, off, m, n, j, tau);
                applyReflector(a, off, n, m, j, j + 1, j0 + kb, tau[j], a, off + j * n + j, n);
            }
            if (j0 + kb < n) {
                double[] v = panelVectors(a, off, m, n, j0, kb);
                double[] t = triangularFactor(v, m - j0, kb, tau, j0);
                applyBlock(v, t, m - j0, kb, a, off + j0 * n + j0 + kb, n, n - j0 - kb, true);
            }
        }
    }

    /** LAPACK dlarfg on column j (rows j..m): stores β at (j,j), v below, returns τ in tau[j]. */
    private static void reflector(double[] a, int off, int m, int n, int j, double[] tau) {
        int d = off + j * n + j;
        double alpha = a[d];
        double scale = 0, ssq = 1;
        for (int i = j + 1; i < m; i++) {
            double x = a[off + i * n + j];
            if (x != 0) {
                double ax = Math.abs(x);
                if (scale < ax) {
                    ssq = 1 + ssq * (scale / ax) * (scale / ax);
                    scale = ax;
                } else {
                    ssq += (ax / scale) * (ax / scale);
                }
            }
        }
        double xnorm = scale * Math.sqrt(ssq);
        if (xnorm == 0) {
            tau[j] = 0;
            return;
        }
        double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
        tau[j] = (beta - alpha) / beta;
        double s = 1 / (alpha - beta);
        for (int i = j + 1; i < m; i++) a[off + i * n + j] *= s;
        a[d] = beta;
    }

    /**
     * Applies {@code I − τ·v·vᵀ} (v = column j of {@code vs} from row j, unit first entry) to
     * columns c0..c1 of rows j..m of C (row stride ldc).
     */
    private static void applyReflector(double[] c, int cOff, int ldc, int m, int j, int c0, int c1, double tau,
                                       double[] vs, int vOff, int ldv) {
        if (tau == 0 || c0 >= c1) return;
        int w = c1 - c0;
        double[] acc = new double[w];
        int rj = cOff + j * ldc + c0;
        System.arraycopy(c, rj, acc, 0, w);
        for (int i = j + 1; i < m; i++) {
            double vi = vs[vOff + (i - j) * ldv];
            if (vi == 0) continue;
            Level1F64.axpy(w, vi, c, cOff + i * ldc + c0, acc, 0);
        }
        Level1F64.axpy(w, -tau, acc, 0, c, rj);
        for (int i = j + 1; i < m; i++) {
            double f = tau * vs[vOff + (i - j) * ldv];
            if (f == 0) continue;
            Level1F64.axpy(w, -f, acc, 0, c, cOff + i * ldc + c0);
        }
    }

    /** The panel's reflectors as a contiguous (m−j0)×kb unit lower trapezoidal V. */
    private static double[] panelVectors(double[] a, int off, int m, int n, int j0, int kb) {
        int rows = m - j0;
        double[] v = new double[rows * kb];
        for (int i = 0; i < rows; i++) {
            int src = off + (j0 + i) * n + j0;
            for (int p = 0; p < kb; p++) v[i * kb + p] = p < i ? a[src + p] : p == i ? 1 : 0;
        }
        return v;
    }

    /** LAPACK dlarft (forward, columnwise): upper T with {@code H_0…H_{kb−1} = I − V·T·Vᵀ}. */
    private static double[] triangularFactor(double[] v, int rows, int kb, double[] tau, int j0) {
        double[] t = new double[kb * kb];
        double[] g = new double[kb * kb]; // Vᵀ·V
        GemmF64.gemm(kb, kb, rows, v, 0, 1, kb, v, 0, kb, 1, g, 0, kb, false);
        for (int i = 0; i < kb; i++) {
            double ti = tau[j0 + i];
            t[i * kb + i] = ti;
            // T[0:i, i] = −τ_i · T[0:i, 0:i] · (Vᵀ v_i)[0:i]
            for (int r = 0; r < i; r++) {
                double s = 0;
                for (int q = r; q < i; q++) s += t[r * kb + q] * g[q * kb + i];
                t[r * kb + i] = -ti * s;
            }
        }
        return t;
    }

    /**
     * C ← (I − V·T·Vᵀ)ᵀ·C when {@code transpose}, else (I − V·T·Vᵀ)·C, for C rows×w at cOff
     * (row stride ldc) and V rows×kb contiguous.
     */
    private static void applyBlock(double[] v, double[] t, int rows, int kb, double[] c, int cOff, int ldc, int w,
                                   boolean transpose) {
        if (w == 0 || rows == 0) return;
        double[] wk = new double[kb * w];
        GemmF64.gemm(kb, w, rows, v, 0, 1, kb, c, cOff, ldc, 1, wk, 0, w, false);
        if (transpose) {
            for (int p = kb - 1; p >= 0; p--) scaleRow(t, kb, p, wk, w, 0, p, true);
        } else {
            for (int p = 0; p < kb; p++) scaleRow(t, kb, p, wk, w, p + 1, kb, false);
        }
        for (int q = 0; q < wk.length; q++) wk[q] = -wk[q];
        GemmF64.gemm(rows, w, kb, v, 0, kb, 1, wk, 0, w, 1, c, cOff, ldc, true);
    }

    /** Row p of Tᵀ·W (transpose: uses rows q &lt; p) or of T·W (rows q &gt; p), in place. */
    private static void scaleRow(double[] t, int kb, int p, double[] wk, int w, int q0, int q1, boolean transpose) {
        int rp = p * w;
        double d = t[p * kb + p];
        for (int c = 0; c < w; c++) wk[rp + c] *= d;
        for (int q = q0; q < q1; q++) {
            double f = transpose ? t[q * kb + p] : t[p * kb + q];
            if (f == 0) continue;
            int rq = q * w;
            for (int c = 0; c < w; c++) wk[rp + c] += f * wk[rq + c];
        }
    }

    /**
     * The first {@code cols} columns of {@code Q = H₀·H₁…H_{k−1}} (m×cols, row-major), from
     * the factored A and tau; {@code cols} is min(m, n) for the thin Q and m for the full one.
     */
    static double[] formQ(double[] a, int off, int m, int n, double[] tau, int cols) {
        int k = Math.min(m, n);
        double[] q = new double[m * cols];
        for (int i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
        int nb = BLOCK;
        int last = k == 0 ? 0 : ((k - 1) / nb) * nb;
        for (int j0 = last; j0 >= 0 && k > 0; j0 -= nb) {
            int kb = Math.min(nb, k - j0);
            double[] v = panelVectors(a, off, m, n, j0, kb);
            double[] t = triangularFactor(v, m - j0, kb, tau, j0);
            applyBlock(v, t, m - j0, kb, q, j0 * cols + j0, cols, cols - j0, false);
        }
        return q;
    }

    /** Overwrites the m×k row-major B with Qᵀ·B (k right-hand sides), from the factored A. */
    static void applyQt(double[] a, int off, int m, int n, double[] tau, double[] b, int k) {
        int kmin = Math.min(m, n);
        for (int j0 = 0; j0 < kmin; j0 += BLOCK) {
            int kb = Math.min(BLOCK, kmin - j0);
            double[] v = panelVectors(a, off, m, n, j0, kb);
            double[] t = triangularFactor(v, m - j0, kb, tau, j0);
            applyBlock(v, t, m - j0, kb, b, j0 * k, k, k, true);
        }
    }
}

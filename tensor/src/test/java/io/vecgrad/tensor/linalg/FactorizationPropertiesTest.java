package io.vecgrad.tensor.linalg;

import static io.vecgrad.tensor.linalg.Mat.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Each factorization by its defining identities over generated shapes (0–80), well- and
 * ill-conditioned. Bounds are {@code C·n·ε·‖A‖_F} with the constant C = 10 unless a comment
 * says otherwise (backward-stable algorithms have error a small multiple of n·ε·‖A‖; C = 10
 * leaves room for the norm inequalities while still failing on any real defect, which shows
 * up as O(1) or O(√ε) residuals). Blocked kernels are also compared with the textbook
 * references of {@link Mat}, using block sizes of 3–8 so blocking is exercised at small n.
 */
class FactorizationPropertiesTest {
    private static final double C = 10;

    private static double bound(int n, double norm) {
        return C * Math.max(n, 1) * EPS * Math.max(norm, Double.MIN_NORMAL);
    }

    @Property(tries = 40)
    void choleskyReconstructs(@ForAll @IntRange(min = 0, max = 80) int n, @ForAll @IntRange(min = 0, max = 10) int logCond,
                              @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.spd(r, n, Math.pow(10, logCond));
        double[] l = Linalg.cholesky(Mat.t(a, n, n)).toDoubleArray();
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) assertEquals(0, l[i * n + j]);
        double res = Mat.diffFro(Mat.multiply(l, Mat.transpose(l, n, n), n, n, n), a);
        assertTrue(res <= bound(n, Mat.fro(a)), "‖A − LLᵀ‖ = " + res);
    }

    @Property(tries = 30)
    void blockedCholeskyMatchesReference(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 2, max = 8) int nb,
                                         @ForAll long seed) {
        double[] a = Mat.spd(new Random(seed), n, 100);
        double[] ref = Mat.choleskyReference(a, n);
        double[] l = a.clone();
        assertEquals(-1, Cholesky.factor(l, 0, n, nb));
        assertArrayEquals(ref, l, bound(n, Mat.fro(a)) * 100);
    }

    @Property(tries = 30)
    void blockedLuMatchesReference(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 2, max = 8) int nb,
                                   @ForAll long seed) {
        double[] a = Mat.normal(new Random(seed), n, n);
        int[] pr = new int[n], pb = new int[n];
        double[] ref = Mat.luReference(a, n, pr);
        double[] lu = a.clone();
        Lu.factor(lu, 0, n, pb, nb);
        assertArrayEquals(pr, pb, "pivots");
        assertArrayEquals(ref, lu, 1e-9);
    }

    @Property(tries = 40)
    void luReconstructsAndSolves(@ForAll @IntRange(min = 0, max = 80) int n, @ForAll @IntRange(min = 1, max = 5) int k,
                                 @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n), b = Mat.normal(r, n, k);
        Linalg.LuFactors f = Linalg.lu(Mat.t(a, n, n));
        double[] lu = f.lu().toDoubleArray();
        int[] piv = f.pivots().toIntArray();
        double[] l = new double[n * n], u = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            if (j < i) l[i * n + j] = lu[i * n + j];
            else u[i * n + j] = lu[i * n + j];
            if (i == j) l[i * n + i] = 1;
        }
        double[] pa = a.clone();
        for (int j = 0; j < n; j++) for (int c = 0; c < n; c++) {
            double t = pa[j * n + c];
            pa[j * n + c] = pa[piv[j] * n + c];
            pa[piv[j] * n + c] = t;
        }
        double res = Mat.diffFro(Mat.multiply(l, u, n, n, n), pa);
        assertTrue(res <= bound(n, Mat.fro(a)) * 4, "‖PA − LU‖ = " + res); // growth factor of random matrices ~ n^(2/3)
        double[] x = Linalg.solve(Mat.t(a, n, n), Mat.t(b, n, k)).toDoubleArray();
        double rs = Mat.diffFro(Mat.multiply(a, x, n, n, k), b);
        assertTrue(rs <= bound(n, Mat.fro(a) * Mat.fro(x)) * 4, "‖Ax − b‖ = " + rs);
    }

    @Property(tries = 64)
    void triangularSolvesEveryVariant(@ForAll @IntRange(min = 0, max = 80) int n, @ForAll @IntRange(min = 1, max = 4) int k,
                                      @ForAll boolean upper, @ForAll boolean left, @ForAll boolean transpose,
                                      @ForAll boolean unit, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n);
        for (int i = 0; i < n; i++) a[i * n + i] = 2 + Math.abs(a[i * n + i]) + Math.sqrt(n);
        int br = left ? n : k, bc = left ? k : n;
        double[] b = Mat.normal(r, br, bc);
        double[] x = Linalg.solveTriangular(Mat.t(a, n, n), Mat.t(b, br, bc), upper, left, transpose, unit).toDoubleArray();
        double[] t = new double[n * n]; // the triangle actually used, with op applied
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            boolean keep = upper ? j >= i : j <= i;
            double v = i == j && unit ? 1 : keep ? a[i * n + j] : 0;
            if (transpose) t[j * n + i] = v;
            else t[i * n + j] = v;
        }
        double[] back = left ? Mat.multiply(t, x, n, n, k) : Mat.multiply(x, t, k, n, n);
        double res = Mat.diffFro(back, b);
        assertTrue(res <= bound(n, Mat.fro(t) * Mat.fro(x)), "‖op(T)X − B‖ = " + res);
    }

    @Property(tries = 40)
    void qrIsOrthogonalTimesTriangular(@ForAll @IntRange(min = 0, max = 80) int m, @ForAll @IntRange(min = 0, max = 80) int n,
                                       @ForAll boolean complete, @ForAll boolean rankDeficient, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, m, n);
        if (rankDeficient && m > 1 && n > 1) a = Mat.multiply(Mat.normal(r, m, 1), Mat.normal(r, 1, n), m, 1, n);
        Linalg.QR f = Linalg.qr(Mat.t(a, m, n), complete);
        int k = Math.min(m, n), qc = complete ? m : k;
        assertArrayEquals(new int[] {m, qc}, f.q().shape());
        assertArrayEquals(new int[] {complete ? m : k, n}, f.r().shape());
        double[] q = f.q().toDoubleArray(), rr = f.r().toDoubleArray();
        for (int i = 0; i < f.r().size(0); i++) for (int j = 0; j < Math.min(i, n); j++) assertEquals(0, rr[i * n + j]);
        double res = Mat.diffFro(Mat.multiply(q, rr, m, qc, n), a);
        assertTrue(res <= bound(Math.max(m, n), Mat.fro(a)), "‖A − QR‖ = " + res);
        double orth = Mat.orthogonality(q, m, qc);
        assertTrue(orth <= bound(Math.max(m, n), Math.sqrt(qc)), "‖QᵀQ − I‖ = " + orth);
    }

    @Property(tries = 40)
    void eighDiagonalises(@ForAll @IntRange(min = 0, max = 80) int n, @ForAll boolean clustered, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        if (clustered) a = Mat.spd(r, n, 1e12); // eigenvalues down to 1e-12: graded
        Linalg.Eigh e = Linalg.eigh(Mat.t(a, n, n));
        double[] w = e.values().toDoubleArray(), v = e.vectors().toDoubleArray();
        for (int i = 1; i < n; i++) assertTrue(w[i - 1] <= w[i], "ascending");
        double[] vw = v.clone();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) vw[i * n + j] *= w[j];
        double res = Mat.diffFro(Mat.multiply(a, v, n, n, n), vw);
        assertTrue(res <= bound(n, Mat.fro(a)), "‖AV − VΛ‖ = " + res);
        double orth = Mat.orthogonality(v, n, n);
        assertTrue(orth <= bound(n, Math.sqrt(n)), "‖VᵀV − I‖ = " + orth);
        for (int j = 0; j < n; j++) { // sign convention: the largest-magnitude entry is positive
            int big = 0;
            for (int i = 1; i < n; i++) if (Math.abs(v[i * n + j]) > Math.abs(v[big * n + j])) big = i;
            assertTrue(v[big * n + j] > 0);
        }
    }

    @Property(tries = 40)
    void svdReconstructs(@ForAll @IntRange(min = 0, max = 60) int m, @ForAll @IntRange(min = 0, max = 60) int n,
                         @ForAll boolean full, @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, m, n);
        int k = Math.min(m, n);
        if (kind == 1 && k > 2) a = Mat.multiply(Mat.normal(r, m, 2), Mat.normal(r, 2, n), m, 2, n); // rank 2
        if (kind == 2 && m == n) a = Mat.spd(r, n, 1e10); // ill-conditioned
        Linalg.Svd f = Linalg.svd(Mat.t(a, m, n), full);
        int uc = full ? m : k, vr = full ? n : k;
        double[] u = f.u().toDoubleArray(), s = f.s().toDoubleArray(), vh = f.vh().toDoubleArray();
        assertArrayEquals(new int[] {m, uc}, f.u().shape());
        assertArrayEquals(new int[] {vr, n}, f.vh().shape());
        for (int i = 1; i < k; i++) assertTrue(s[i - 1] >= s[i], "descending");
        double[] us = new double[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] = u[i * uc + j] * s[j];
        double[] vhk = java.util.Arrays.copyOf(vh, k * n);
        double res = Mat.diffFro(Mat.multiply(us, vhk, m, k, n), a);
        assertTrue(res <= bound(Math.max(m, n), Mat.fro(a)), "‖A − UΣVᵀ‖ = " + res);
        assertTrue(Mat.orthogonality(u, m, uc) <= bound(Math.max(m, n), Math.sqrt(uc)), "UᵀU = I");
        double[] v = Mat.transpose(vh, vr, n);
        assertTrue(Mat.orthogonality(v, n, vr) <= bound(Math.max(m, n), Math.sqrt(vr)), "VᵀV = I");
    }

    @Property(tries = 30)
    void inverseDeterminantAndPinv(@ForAll @IntRange(min = 0, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n);
        for (int i = 0; i < n; i++) a[i * n + i] += Math.sqrt(n) + 1;
        Tensor at = Mat.t(a, n, n);
        double[] ai = Linalg.inv(at).toDoubleArray();
        double res = Mat.diffFro(Mat.multiply(a, ai, n, n, n), Mat.identity(n));
        assertTrue(res <= bound(n, Mat.fro(a) * Mat.fro(ai)), "‖A·A⁻¹ − I‖ = " + res);
        // det(A)·det(A⁻¹) = 1 and slogdet agrees with det
        double d = Linalg.det(at).item();
        assertEquals(1, d * Linalg.det(Linalg.inv(at)).item(), 1e-9);
        Linalg.Slogdet s = Linalg.slogdet(at);
        assertEquals(Math.signum(d), s.sign().item());
        assertEquals(Math.log(Math.abs(d)), s.logAbsDet().item(), 1e-9 * Math.max(1, Math.abs(s.logAbsDet().item())));
        // Penrose: A·A⁺·A = A for the pseudo-inverse, here of a rank-deficient tall matrix
        int m = n + 3, rank = Math.max(1, n / 2);
        double[] b = Mat.multiply(Mat.normal(r, m, rank), Mat.normal(r, rank, n), m, rank, n);
        double[] bp = Linalg.pinv(Mat.t(b, m, n)).toDoubleArray();
        double pr = Mat.diffFro(Mat.multiply(Mat.multiply(b, bp, m, n, m), b, m, m, n), b);
        assertTrue(pr <= 1e-10 * Math.max(1, Mat.fro(b)), "‖A·A⁺·A − A‖ = " + pr);
    }

    @Property(tries = 30)
    void lstsqNormalEquations(@ForAll @IntRange(min = 1, max = 60) int m, @ForAll @IntRange(min = 1, max = 60) int n,
                              @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, m, n), b = Mat.normal(r, m, 1);
        double[] x = Linalg.lstsq(Mat.t(a, m, n), Mat.t(b, m)).toDoubleArray();
        double[] resid = Mat.multiply(a, x, m, n, 1);
        for (int i = 0; i < m; i++) resid[i] -= b[i];
        if (m >= n) { // Aᵀ(Ax − b) = 0
            double ne = Mat.fro(Mat.multiply(Mat.transpose(a, m, n), resid, n, m, 1));
            assertTrue(ne <= 1e-9 * Mat.fro(a) * Mat.fro(b), "‖Aᵀr‖ = " + ne);
        } else { // consistent: Ax = b, and x is the minimum-norm solution (x = pinv(A)·b)
            assertTrue(Mat.fro(resid) <= 1e-9 * Mat.fro(b), "‖Ax − b‖");
            double[] xp = Mat.multiply(Linalg.pinv(Mat.t(a, m, n)).toDoubleArray(), b, n, m, 1);
            assertArrayEquals(xp, x, 1e-8);
        }
    }

    /** Blocked WY QR (block 2–8) against the same reflectors applied one at a time (block ≥ n). */
    @Property(tries = 30)
    void blockedQrMatchesUnblocked(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                                   @ForAll @IntRange(min = 2, max = 8) int nb, @ForAll long seed) {
        double[] a = Mat.normal(new Random(seed), m, n);
        int k = Math.min(m, n);
        double[] blocked = a.clone(), single = a.clone(), tb = new double[k], ts = new double[k];
        Householder.factor(blocked, 0, m, n, tb, nb);
        Householder.factor(single, 0, m, n, ts, Math.max(m, n) + 1);
        assertArrayEquals(ts, tb, 1e-12);
        assertArrayEquals(single, blocked, 1e-11 * Math.max(1, Mat.fro(a)));
    }

    /** Eigenvalues against the cyclic Jacobi reference ({@link SymmetricEigen}). */
    @Property(tries = 30)
    void eigenvaluesMatchJacobiReference(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n);
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) rows[i][j] = rows[j][i] = a[i * n + j];
        double[] ref = SymmetricEigen.values(rows);
        double[] w = Linalg.eigvalsh(Mat.t(a, n, n)).toDoubleArray();
        assertArrayEquals(ref, w, bound(n, Mat.fro(a)));
    }

    /** Singular values against √eig(AᵀA) by the Jacobi reference, for well-conditioned A (where squaring loses little). */
    @Property(tries = 30)
    void singularValuesMatchGramReference(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll @IntRange(min = 0, max = 10) int extra,
                                          @ForAll long seed) {
        Random r = new Random(seed);
        int m = n + extra;
        double[] a = Mat.normal(r, m, n);
        for (int i = 0; i < n; i++) a[i * n + i] += 3 * Math.sqrt(m); // σ_min ≳ √m: cond(AᵀA) small
        double[] g = Mat.multiply(Mat.transpose(a, m, n), a, n, m, n);
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rows[i][j] = g[i * n + j];
        double[] ev = SymmetricEigen.values(rows);
        double[] s = Linalg.svdvals(Mat.t(a, m, n)).toDoubleArray();
        for (int i = 0; i < n; i++) assertEquals(Math.sqrt(ev[n - 1 - i]), s[i], 1e-12 * s[0] * n);
    }
}

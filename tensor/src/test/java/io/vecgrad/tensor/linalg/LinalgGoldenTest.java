package io.vecgrad.tensor.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Npz;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with NumPy/SciPy (LAPACK) on the inputs of {@code linalg/make_golden.py}. The
 * generator puts eigenvectors and singular vectors in our sign convention (largest-magnitude
 * entry of each eigenvector / column of U positive), so they are compared entry by entry.
 * Tolerance 1e-12 absolute on O(1) entries (the matrices have condition numbers below 1e3).
 */
class LinalgGoldenTest {
    private static Map<String, Tensor> g;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LinalgGoldenTest.class.getResourceAsStream("/linalg/linalg.npz")) {
            g = Npz.fromBytes(in.readAllBytes(), "linalg.npz");
        }
    }

    private static void close(String expected, Tensor actual, double tol) {
        Tensor e = g.get(expected);
        assertArrayEquals(e.shape(), actual.shape(), expected + " shape");
        assertArrayEquals(e.toDoubleArray(), actual.toDoubleArray(), tol, expected);
    }

    private static void close(String expected, Tensor actual) {
        close(expected, actual, 1e-12);
    }

    @Test
    void cholesky() {
        close("chol_l", Linalg.cholesky(g.get("chol_a")));
        close("chol_batch_l", Linalg.cholesky(g.get("chol_batch_a")));
    }

    @Test
    void luSolveInvDet() {
        Tensor a = g.get("solve_a");
        close("solve_x", Linalg.solve(a, g.get("solve_b")));
        close("inv", Linalg.inv(a));
        close("det", Linalg.det(a));
        Linalg.Slogdet s = Linalg.slogdet(a);
        close("slogdet_sign", s.sign());
        close("slogdet_log", s.logAbsDet());
        Linalg.LuFactors f = Linalg.lu(a);
        close("lu", f.lu());
        assertArrayEquals(g.get("lu_piv").toIntArray(), f.pivots().toIntArray());
    }

    @Test
    void triangular() {
        Tensor t = g.get("tri_a"), b = g.get("tri_b");
        close("tri_lower", Linalg.solveTriangular(t, b, false));
        close("tri_upper_trans", Linalg.solveTriangular(t.mT(), b, true, true, true, false));
    }

    @Test
    void qr() {
        Linalg.QR f = Linalg.qr(g.get("qr_a"));
        close("qr_q", f.q());
        close("qr_r", f.r());
        Linalg.QR full = Linalg.qr(g.get("qr_a"), true);
        close("qr_full_q", full.q());
        close("qr_full_r", full.r());
    }

    @Test
    void eigh() {
        Linalg.Eigh e = Linalg.eigh(g.get("eigh_a"));
        close("eigh_w", e.values());
        close("eigh_v", e.vectors());
    }

    @Test
    void svd() {
        for (String name : new String[] {"svd", "svd_wide"}) {
            Linalg.Svd f = Linalg.svd(g.get(name + "_a"), false);
            close(name + "_u", f.u());
            close(name + "_s", f.s());
            close(name + "_vh", f.vh());
        }
    }

    @Test
    void pinvAndLstsq() {
        close("pinv", Linalg.pinv(g.get("pinv_a")));
        close("lstsq_x", Linalg.lstsq(g.get("lstsq_a"), g.get("lstsq_b")));
    }

    @Test
    void matrixFunctions() {
        close("expm", Linalg.expm(g.get("expm_a")), 1e-11);
        close("expm_small", Linalg.expm(g.get("expm_small_a")));
        close("sqrtm", Linalg.sqrtmSpd(g.get("spd_a")), 1e-11);
        close("logm", Linalg.logmSpd(g.get("spd_a")), 1e-11);
    }

    @Test
    void normsAndCond() {
        Tensor a = g.get("norm_a");
        assertEquals(g.get("norm_fro").item(), Linalg.matrixNorm(a, Linalg.Norm.FROBENIUS).item(), 1e-12);
        assertEquals(g.get("norm_2").item(), Linalg.matrixNorm(a, Linalg.Norm.SPECTRAL).item(), 1e-12);
        assertEquals(g.get("norm_nuc").item(), Linalg.matrixNorm(a, Linalg.Norm.NUCLEAR).item(), 1e-12);
        assertEquals(g.get("cond").item(), Linalg.cond(a).item(), 1e-11);
    }
}

package io.vecgrad.optim.mfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * P48 properties of the M-FAC inverse-Fisher products (float64): the dynamic and static algorithms
 * equal the naive rank-1 Woodbury loop of the reference code ({@code HInvSlow}) and a dense solve
 * with {@code λI + GᵀG/m} to 1e-10 relative; dynamic equals static; the sliding window forgets
 * exactly the oldest gradients; the span structure and the diagonal formula hold; blocks give the
 * block-diagonal inverse.
 */
class IhvpTest {
    static double[][] gradients(long seed, int m, int d) {
        Rng r = new Rng(seed);
        double[][] g = new double[m][];
        for (int i = 0; i < m; i++) g[i] = r.split(i).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        return g;
    }

    /** The reference code's HInvSlow: H = λ⁻¹I, then H −= (Hg)(Hg)ᵀ/(m + gᵀHg) for each gradient. */
    static double[][] naiveWoodbury(double[][] g, double damp, int from, int to) {
        int d = g[0].length, m = to - from;
        double[][] h = new double[d][d];
        for (int k = 0; k < d; k++) h[k][k] = 1 / damp;
        for (int i = from; i < to; i++) {
            double[] hgv = new double[d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) hgv[a] += h[a][b] * g[i][b];
            double den = m;
            for (int a = 0; a < d; a++) den += g[i][a] * hgv[a];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) h[a][b] -= hgv[a] * hgv[b] / den;
        }
        return h;
    }

    static double[] times(double[][] h, double[] x) {
        double[] y = new double[x.length];
        for (int a = 0; a < h.length; a++) for (int b = 0; b < x.length; b++) y[a] += h[a][b] * x[b];
        return y;
    }

    /** solve(λI + (1/m)Σ g gᵀ, x) with a dense LU. */
    static double[] denseSolve(double[][] g, double damp, double[] x, int lo, int hi) {
        int d = x.length, m = g.length;
        double[] f = new double[d * d];
        for (int a = 0; a < d; a++) {
            f[a * d + a] = damp;
            for (int b = 0; b < d; b++) {
                boolean sameBlock = (a >= lo && a < hi) == (b >= lo && b < hi);
                if (!sameBlock) continue;
                for (double[] gi : g) f[a * d + b] += gi[a] * gi[b] / m;
            }
        }
        return Linalg.solve(Tensor.of(f, d, d), Tensor.of(x, d)).toDoubleArray();
    }

    static double relErr(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void dynamicWindowEqualsNaiveWoodburyAndDenseSolve() {
        int m = 16, d = 40;
        for (double damp : new double[] {1e-5, 1e-2}) {
            double[][] g = gradients(1, m, d);
            double[] x = new Rng(2).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
            DynamicIhvp w = new DynamicIhvp(m, d, damp);
            for (double[] gi : g) w.update(gi);
            double[] y = w.mul(x);
            double naive = relErr(y, times(naiveWoodbury(g, damp, 0, m), x));
            assertTrue(naive < 1e-10, "damp " + damp + ": dynamic vs naive Woodbury " + naive);
            double dense = relErr(y, denseSolve(g, damp, x, 0, d));
            assertTrue(dense < 1e-10, "damp " + damp + ": dynamic vs dense solve " + dense);
        }
    }

    @Test
    void staticEqualsDynamicAndTheDenseInverse() {
        int m = 12, d = 30;
        double damp = 1e-4;
        double[][] g = gradients(3, m, d);
        double[] x = new Rng(4).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        DynamicIhvp w = new DynamicIhvp(m, d, damp);
        for (double[] gi : g) w.update(gi);
        StaticIhvp s = StaticIhvp.of(g, damp);
        double[] ys = s.mul(x);
        assertTrue(relErr(ys, w.mul(x)) < 1e-10, "static vs dynamic " + relErr(ys, w.mul(x)));
        assertTrue(relErr(ys, denseSolve(g, damp, x, 0, d)) < 1e-10, "static vs dense");
        // The update-then-multiply path of the optimizer equals update, then mul.
        DynamicIhvp w2 = new DynamicIhvp(m, d, damp);
        for (int i = 0; i < m - 1; i++) w2.update(g[i]);
        double[] u = w2.updateMul(g[m - 1]);
        assertTrue(relErr(u, w.mul(g[m - 1])) < 1e-12, "updateMul");
    }

    @Test
    void slidingWindowForgetsTheOldestGradients() {
        int m = 8, d = 25, extra = 5;
        double damp = 1e-3;
        double[][] g = gradients(5, m + extra, d);
        double[] x = new Rng(6).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        DynamicIhvp w = new DynamicIhvp(m, d, damp);
        for (double[] gi : g) w.update(gi);
        double[][] lastM = java.util.Arrays.copyOfRange(g, extra, m + extra);
        double[] fresh = StaticIhvp.of(lastM, damp).mul(x);
        assertTrue(relErr(w.mul(x), fresh) < 1e-10, "window after " + (m + extra) + " insertions vs the last " + m);
        assertTrue(relErr(w.mul(x), times(naiveWoodbury(g, damp, extra, m + extra), x)) < 1e-10);
        assertEquals(extra % m, w.last());
    }

    @Test
    void spanStructureAndDiagonal() {
        int m = 6, d = 20;
        double damp = 1e-2;
        double[][] g = gradients(7, m, d);
        StaticIhvp s = StaticIhvp.of(g, damp);
        // x orthogonal to every g_i: project a random vector off the span by Gram–Schmidt.
        double[] x = new Rng(8).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        double[][] q = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] v = g[i].clone();
            for (int j = 0; j < i; j++) axpy(-dot(q[j], v), q[j], v);
            scale(1 / Math.sqrt(dot(v, v)), v);
            q[i] = v;
        }
        for (int j = 0; j < m; j++) axpy(-dot(q[j], x), q[j], x);
        double[] y = s.mul(x);
        for (int k = 0; k < d; k++) assertEquals(x[k] / damp, y[k], 1e-9 * Math.abs(x[k] / damp) + 1e-9, "x ⊥ span: F⁻¹x = x/λ at " + k);
        double[][] h = naiveWoodbury(g, damp, 0, m);
        double[] diag = s.diag();
        for (int k = 0; k < d; k++) assertEquals(h[k][k], diag[k], 1e-10 * Math.abs(h[k][k]), "diagonal " + k);
        Rng r = new Rng(9);
        for (int t = 0; t < 20; t++) {
            double[] z = r.split(t).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
            assertTrue(dot(z, s.mul(z)) > 0, "xᵀF⁻¹x > 0");
        }
    }

    @Test
    void blocksGiveTheBlockDiagonalInverse() {
        int m = 5, d = 23, block = 10;   // blocks [0,10), [10,20), [20,23)
        double damp = 1e-3;
        double[][] g = gradients(10, m, d);
        double[] x = new Rng(11).normal(DType.FLOAT64, 0, 1, d).toDoubleArray();
        StaticIhvp s = StaticIhvp.of(g, damp, block);
        double[] y = s.mul(x);
        double[] diag = s.diag();
        for (int lo = 0; lo < d; lo += block) {
            int hi = Math.min(d, lo + block), n = hi - lo;
            double[][] gb = new double[m][];
            for (int i = 0; i < m; i++) gb[i] = java.util.Arrays.copyOfRange(g[i], lo, hi);
            double[] xb = java.util.Arrays.copyOfRange(x, lo, hi);
            double[] want = denseSolve(gb, damp, xb, 0, n);
            assertTrue(relErr(java.util.Arrays.copyOfRange(y, lo, hi), want) < 1e-10, "block at " + lo);
            double[][] h = naiveWoodbury(gb, damp, 0, m);
            for (int k = 0; k < n; k++) assertEquals(h[k][k], diag[lo + k], 1e-10 * Math.abs(h[k][k]));
        }
        assertThrows(IllegalArgumentException.class, () -> s.mul(new double[d + 1]));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) x[i] *= a;
    }
}

package io.vecgrad.tensor.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Batching, strided inputs, dtypes, empty matrices, bad input, and the matrix functions. */
class LinalgBehaviourTest {

    /** A batch gives the same result as each matrix alone; a transposed view the same as its copy. */
    @Property(tries = 15)
    void batchedAndStridedAgreeWithSingleMatrices(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a0 = Mat.spd(r, n, 50), a1 = Mat.spd(r, n, 50);
        double[] both = new double[2 * n * n];
        System.arraycopy(a0, 0, both, 0, n * n);
        System.arraycopy(a1, 0, both, n * n, n * n);
        Tensor batch = Tensor.of(both, 2, n, n);
        Tensor l = Linalg.cholesky(batch);
        assertArrayEquals(Linalg.cholesky(Mat.t(a1, n, n)).toDoubleArray(), l.select(0, 1).toDoubleArray(), 0);
        Linalg.Eigh e = Linalg.eigh(batch);
        assertArrayEquals(Linalg.eigh(Mat.t(a0, n, n)).vectors().toDoubleArray(), e.vectors().select(0, 0).toDoubleArray(), 0);
        double[] g = Mat.normal(r, n, n + 2);
        Tensor view = Mat.t(g, n, n + 2).mT(); // (n+2)×n strided view
        Tensor copy = Tensor.of(Mat.transpose(g, n, n + 2), n + 2, n);
        assertArrayEquals(Linalg.svd(copy, false).s().toDoubleArray(), Linalg.svd(view, false).s().toDoubleArray(), 0);
        assertArrayEquals(Linalg.qr(copy).r().toDoubleArray(), Linalg.qr(view).r().toDoubleArray(), 0);
        // broadcasting: one matrix against a batch of right-hand sides
        Tensor b = Tensor.of(Mat.normal(r, 3 * n, 2), 3, n, 2);
        Tensor x = Linalg.solve(Mat.t(a0, n, n), b);
        assertArrayEquals(new int[] {3, n, 2}, x.shape());
        assertArrayEquals(Linalg.solve(Mat.t(a0, n, n), b.select(0, 2)).toDoubleArray(), x.select(0, 2).toDoubleArray(), 0);
    }

    @Test
    void float32InFloat32Out() {
        Tensor a = Tensor.of(new float[] {4, 2, 2, 3}, 2, 2);
        Tensor l = Linalg.cholesky(a);
        assertEquals(DType.FLOAT32, l.dtype());
        assertEquals(2f, l.floatArray()[l.offset()], 0);
        assertEquals(DType.FLOAT32, Linalg.eigh(a).vectors().dtype());
        assertEquals(DType.FLOAT32, Linalg.solve(a, Tensor.of(new float[] {1, 2})).dtype());
        assertEquals(5, Linalg.det(Tensor.of(new float[] {2, 1, 1, 3}, 2, 2)).item(), 1e-6);
    }

    @Test
    void emptyMatricesLikeNumpy() {
        Tensor e = Tensor.zeros(DType.FLOAT64, 0, 0);
        assertEquals(1, Linalg.det(e).item());
        assertEquals(0, Linalg.slogdet(e).logAbsDet().item());
        assertArrayEquals(new int[] {0, 0}, Linalg.cholesky(e).shape());
        assertArrayEquals(new int[] {0, 0}, Linalg.inv(e).shape());
        assertArrayEquals(new int[] {0}, Linalg.eigh(e).values().shape());
        assertArrayEquals(new int[] {0, 0}, Linalg.expm(e).shape());
        Linalg.Svd s = Linalg.svd(Tensor.zeros(DType.FLOAT64, 3, 0), false);
        assertArrayEquals(new int[] {3, 0}, s.u().shape());
        assertArrayEquals(new int[] {0}, s.s().shape());
        assertArrayEquals(new int[] {0, 3}, Linalg.pinv(Tensor.zeros(DType.FLOAT64, 3, 0)).shape());
        assertArrayEquals(new int[] {0, 4, 4}, Linalg.cholesky(Tensor.zeros(DType.FLOAT64, 0, 4, 4)).shape());
        assertEquals(0, Linalg.matrixNorm(Tensor.zeros(DType.FLOAT64, 2, 0), Linalg.Norm.NUCLEAR).item());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException sq = assertThrows(IllegalArgumentException.class,
                () -> Linalg.cholesky(Tensor.zeros(DType.FLOAT64, 2, 3)));
        assertTrue(sq.getMessage().contains("cholesky") && sq.getMessage().contains("[2, 3]"), sq.getMessage());
        LinalgException notSpd = assertThrows(LinalgException.class,
                () -> Linalg.cholesky(Tensor.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}, 3, 3)));
        assertEquals(2, notSpd.index());
        assertTrue(notSpd.getMessage().contains("pivot 2") && notSpd.getMessage().contains("[3, 3]"), notSpd.getMessage());
        LinalgException singular = assertThrows(LinalgException.class,
                () -> Linalg.solve(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2), Tensor.of(new double[] {1, 1})));
        assertEquals(1, singular.index());
        assertEquals("solve", singular.op());
        assertThrows(LinalgException.class, () -> Linalg.inv(Tensor.zeros(DType.FLOAT64, 3, 3)));
        assertEquals(0, Linalg.det(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2)).item());
        assertEquals(Double.NEGATIVE_INFINITY, Linalg.slogdet(Tensor.zeros(DType.FLOAT64, 2, 2)).logAbsDet().item());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Linalg.eigh(Tensor.of(new double[] {1, Double.NaN, 0, 1}, 2, 2)));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("row 0, column 1"), nan.getMessage());
        assertThrows(LinalgException.class, () -> Linalg.logmSpd(Tensor.of(new double[] {1, 0, 0, -1}, 2, 2)));
        assertThrows(LinalgException.class, () -> Linalg.lstsq(Tensor.zeros(DType.FLOAT64, 4, 2), Tensor.ones(DType.FLOAT64, 4)));
        assertThrows(IllegalArgumentException.class, () -> Linalg.solve(Tensor.eye(DType.FLOAT64, 3), Tensor.ones(DType.FLOAT64, 4)));
    }

    @Property(tries = 20)
    void expmIdentities(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll @IntRange(min = -3, max = 3) int logScale,
                        @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.normal(r, n, n);
        double scale = Math.pow(4, logScale) / Math.sqrt(n);
        for (int i = 0; i < a.length; i++) a[i] *= scale;
        double[] neg = a.clone();
        for (int i = 0; i < a.length; i++) neg[i] = -a[i];
        double[] e = Linalg.expm(Mat.t(a, n, n)).toDoubleArray(), en = Linalg.expm(Mat.t(neg, n, n)).toDoubleArray();
        // exp(A)·exp(−A) = I; its error grows with ‖exp(A)‖·‖exp(−A)‖ (the conditioning of the pair)
        double res = Mat.diffFro(Mat.multiply(e, en, n, n, n), Mat.identity(n));
        assertTrue(res <= 1e-12 * n * Mat.fro(e) * Mat.fro(en), "‖exp(A)exp(−A) − I‖ = " + res);
        // exp of a diagonal matrix is the diagonal of exponentials
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = a[i];
        double[] ed = Linalg.expm(Mat.t(d, n, n)).toDoubleArray();
        // exp's relative condition number at a is |a|, and each of the ~log2(|a|) squarings doubles
        // the Padé error: allow 32·ε·|a| relative, never less than the flat 1e-13 (|a| up to ~80
        // here; a CI draw with a ≈ 80.5 missed the flat bound by 1%).
        for (int i = 0; i < n; i++) {
            double rel = Math.max(1e-13, 32 * Math.ulp(1.0) * Math.abs(a[i]));
            assertEquals(Math.exp(a[i]), ed[i * n + i], rel * Math.exp(Math.abs(a[i])));
        }
    }

    @Property(tries = 20)
    void sqrtmAndLogmOfSpd(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        double[] a = Mat.spd(new Random(seed), n, 1e4);
        Tensor at = Mat.t(a, n, n);
        double[] s = Linalg.sqrtmSpd(at).toDoubleArray();
        assertTrue(Mat.diffFro(Mat.multiply(s, s, n, n, n), a) <= 1e-12 * n * Mat.fro(a));
        double[] back = Linalg.expm(Linalg.logmSpd(at)).toDoubleArray();
        assertTrue(Mat.diffFro(back, a) <= 1e-10 * n * Mat.fro(a));
    }

    @Test
    void normsAgreeWithDefinitions() {
        Tensor a = Tensor.of(new double[] {3, 0, 0, 0, -4, 0}, 2, 3);
        assertEquals(5, Linalg.matrixNorm(a, Linalg.Norm.FROBENIUS).item(), 1e-15);
        assertEquals(4, Linalg.matrixNorm(a, Linalg.Norm.SPECTRAL).item(), 1e-15);
        assertEquals(7, Linalg.matrixNorm(a, Linalg.Norm.NUCLEAR).item(), 1e-15);
        assertEquals(4.0 / 3, Linalg.cond(a).item(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, Linalg.cond(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2)).item());
    }

    /** The example of tensor/README.md. */
    @Test
    void readmeExample() {
        Tensor a = Tensor.of(new double[] {4, 2, 2, 3}, 2, 2);
        Tensor l = Linalg.cholesky(a);
        assertArrayEquals(new double[] {2, 0, 1, Math.sqrt(2)}, l.toDoubleArray(), 1e-15);
        Tensor x = Linalg.solve(a, Tensor.of(new double[] {1, 2}));
        assertArrayEquals(new double[] {-0.125, 0.75}, x.toDoubleArray(), 1e-15);
        Linalg.Eigh e = Linalg.eigh(a);
        assertArrayEquals(new double[] {(7 - Math.sqrt(17)) / 2, (7 + Math.sqrt(17)) / 2}, e.values().toDoubleArray(), 1e-14);
        Linalg.Svd f = Linalg.svd(a, false);
        assertArrayEquals(e.values().toDoubleArray(), new double[] {f.s().toDoubleArray()[1], f.s().toDoubleArray()[0]}, 1e-14);
        Tensor ex = Linalg.expm(a.mul(0.1));
        assertEquals(2, ex.dim());
    }

    /** cho_solve: A·X = B from L, for a batch of SPD matrices and for one matrix with a vector. */
    @Property(tries = 15)
    void choleskySolveSolves(@ForAll @IntRange(min = 0, max = 30) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = Mat.spd(r, n, 1e3), b = Mat.normal(r, n, 3);
        Tensor l = Linalg.cholesky(Mat.t(a, n, n));
        double[] x = Linalg.choleskySolve(l, Mat.t(b, n, 3)).toDoubleArray();
        double res = Mat.diffFro(Mat.multiply(a, x, n, n, 3), b);
        assertTrue(res <= 1e-12 * Math.max(1, n) * Mat.fro(a) * Math.max(1, Mat.fro(x)), "‖AX − B‖ = " + res);
        double[] xv = Linalg.choleskySolve(l, Mat.t(java.util.Arrays.copyOf(b, n), n)).toDoubleArray();
        for (int i = 0; i < n; i++) assertEquals(Linalg.solve(Mat.t(a, n, n), Mat.t(java.util.Arrays.copyOf(b, n), n)).toDoubleArray()[i], xv[i], 1e-9);
        Tensor stacked = Tensor.of(concat(a, a), 2, n, n);
        Linalg.LuFactors f = Linalg.lu(stacked);
        assertArrayEquals(new int[] {2, n}, f.pivots().shape());
        assertArrayEquals(f.lu().select(0, 0).toDoubleArray(), f.lu().select(0, 1).toDoubleArray(), 0);
    }

    private static double[] concat(double[] x, double[] y) {
        double[] z = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        return z;
    }
}

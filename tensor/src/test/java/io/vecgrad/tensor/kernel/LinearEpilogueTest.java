package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.LinearEpilogue;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The linear epilogue (EpilogueF64/F32 through LinearEpilogue) against the composed ops it
 * replaces — {@code z.add(bias).relu()} and {@code g.mul(y.gtMask(0))} — bit for bit, over
 * widths around the vector length and with ±0, ±Inf and NaN planted; this suite also runs
 * with the scalar twins forced.
 */
@Tag("kernel")
class LinearEpilogueTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-300, -1e-300};

    private static Tensor planted(Rng r, DType dt, int... shape) {
        Tensor t = r.normal(dt, 0, 1, shape);
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) if (r.nextInt(5) == 0) v[i] = SPECIAL[r.nextInt(SPECIAL.length)];
        return Tensor.of(v, shape).to(dt);
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what + " shape");
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]), what + "[" + i + "]: want " + w[i] + " got " + g[i]);
        }
    }

    @Test
    void biasReluAndItsBackwardAreTheComposedOpsBitForBit() {
        Rng r = new Rng(21);
        for (int trial = 0; trial < 80; trial++) {
            int rows = 1 + r.nextInt(5), n = 1 + r.nextInt(70);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor z = planted(r, dt, rows, n), bias = planted(r, dt, n), g = planted(r, dt, rows, n);
                boolean withBias = trial % 4 != 0;
                Tensor want = (withBias ? z.add(bias) : z).relu();
                Tensor got = z.contiguous().mul(1); // a fresh copy the epilogue may overwrite
                assertSame(got, LinearEpilogue.biasReluInPlace(got, withBias ? bias : null, true));
                assertBits(want, got, "relu(z + b) " + dt + " n=" + n);

                Tensor addOnly = z.mul(1);
                LinearEpilogue.biasReluInPlace(addOnly, bias, false);
                assertBits(z.add(bias), addOnly, "z + b " + dt);

                assertBits(g.mul(want.gtMask(0).to(dt)), LinearEpilogue.reluBackward(g, want), "g·[y > 0] " + dt);
            }
        }
    }

    @Test
    void backwardReadsStridedCotangents() {
        Rng r = new Rng(22);
        Tensor y = r.normal(DType.FLOAT32, 0, 1, 5, 33).relu();
        Tensor g = r.normal(DType.FLOAT32, 0, 1, 33, 5).mT(); // not contiguous
        assertBits(g.mul(y.gtMask(0).to(DType.FLOAT32)), LinearEpilogue.reluBackward(g, y), "strided g");
    }

    @Test
    void badInputIsNamed() {
        Tensor z = Tensor.zeros(DType.FLOAT32, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.biasReluInPlace(z, Tensor.zeros(DType.FLOAT32, 4), true));
        assertTrue(e.getMessage().contains("linear epilogue") && e.getMessage().contains("[4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearEpilogue.biasReluInPlace(z.mT(), null, true));
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearEpilogue.reluBackward(Tensor.zeros(DType.FLOAT32, 3, 4), z));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    /**
     * x·wᵀ and gᵀ·x without views equal the view forms bit for bit (the same GEMM call), for
     * contiguous, transposed and sliced operands and shapes on every GEMM path (vector·matrix,
     * small, blocked, two K blocks); mixed dtypes and other ranks fall back; bad shapes fail with
     * matmul's message.
     */
    @Test
    void transposedProductsEqualTheViewForms() {
        Rng r = new Rng(21);
        int[][] shapes = {{1, 5, 3}, {7, 1, 9}, {32, 20, 64}, {64, 784, 256}, {300, 33, 17}, {5, 70, 1}};
        for (int[] sh : shapes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                int nb = sh[0], in = sh[1], out = sh[2];
                Tensor x = r.normal(dt, 0, 1, nb, in), w = r.normal(dt, 0, 1, out, in), g = r.normal(dt, 0, 1, nb, out);
                String what = dt + " " + java.util.Arrays.toString(sh);
                assertBits(x.matmul(w.mT()), LinearEpilogue.timesTransposed(x, w), "x·wᵀ " + what);
                assertBits(g.mT().matmul(x), LinearEpilogue.transposedTimes(g, x), "gᵀ·x " + what);
                assertTrue(LinearEpilogue.transposedTimes(g, x).isContiguous());
                Tensor xt = r.normal(dt, 0, 1, in, nb).mT();                       // a transposed input
                Tensor ws = r.normal(dt, 0, 1, out, in + 3).slice(1, 1, in + 1);    // a sliced weight
                assertBits(xt.matmul(ws.mT()), LinearEpilogue.timesTransposed(xt, ws), "strided x·wᵀ " + what);
                assertBits(g.mT().matmul(xt), LinearEpilogue.transposedTimes(g, xt), "strided gᵀ·x " + what);
            }
        }
        Tensor x = r.normal(DType.FLOAT32, 0, 1, 4, 3), w64 = r.normal(DType.FLOAT64, 0, 1, 2, 3);
        assertBits(x.matmul(w64.mT()), LinearEpilogue.timesTransposed(x, w64), "mixed dtypes");
        Tensor x3 = r.normal(DType.FLOAT64, 0, 1, 2, 4, 3), w = r.normal(DType.FLOAT64, 0, 1, 5, 3);
        assertBits(x3.matmul(w.mT()), LinearEpilogue.timesTransposed(x3, w), "rank 3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.timesTransposed(r.normal(DType.FLOAT64, 0, 1, 4, 3), r.normal(DType.FLOAT64, 0, 1, 5, 2)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
    }
}

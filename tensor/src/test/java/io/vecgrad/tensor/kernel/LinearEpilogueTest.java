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
}

package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Exp#shifted}: float rows within the stated bound of {@code Math.exp} over the whole
 * argument range (every 389th float in [−110, 0] and a dense grid near 0), the same bits in a
 * vector lane, in the scalar tail and in the scalar twin, and the special values; double rows
 * are {@code Math.exp} bit for bit.
 */
@Tag("kernel")
class ExpTest {

    /** ulps of the float result for normal results; one subnormal step (2⁻¹⁴⁹) below. */
    private static double errorUlps(float x, float got) {
        double want = Math.exp((double) x);
        if (want < Float.MIN_NORMAL) return Math.abs(got - want) / Float.MIN_VALUE;
        return Math.abs(got - want) / Math.ulp((float) want);
    }

    @Test
    void floatRowsStayWithinTwoUlpsOverTheWholeRange() {
        int hi = Float.floatToRawIntBits(110f), n = 0;
        float[] x = new float[hi / 389 + 4000 + 2];
        for (int b = hi; b >= 0; b -= 389) x[n++] = -Float.intBitsToFloat(b);        // every 389th float in [−110, −0]
        for (int i = 0; i < 4000; i++) x[n++] = -i * 1e-4f;
        double worst = 0, sum = 0;
        float[] e = new float[n];
        Exp.shifted(x, 0, 0f, e, 0, n);
        for (int i = 0; i < n; i++) {
            double err = errorUlps(x[i], e[i]);
            worst = Math.max(worst, err);
            sum += err;
            assertTrue(err <= 2, "exp(" + x[i] + "): got " + e[i] + ", Math.exp " + Math.exp(x[i]) + " (" + err + " ulps)");
        }
        System.out.printf("Exp: %d arguments, worst %.3f ulps, mean %.4f ulps%n", n, worst, sum / n);
        assertTrue(sum / n < 0.6, "mean error " + sum / n + " ulps: the polynomial is not doing its job");
        assertTrue(worst > 0, "not one element differs from Math.exp: this test would not see a wrong polynomial");
    }

    @Test
    void everyElementHasTheSameBitsInALaneInTheTailAndAlone() {
        java.util.Random r = new java.util.Random(3);
        int k = 3 * Simd.F32.length() + 5;
        float[] x = new float[k + 7];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 30);
        float m = 25f;
        for (int off = 0; off < 7; off++) {
            float[] e = new float[k + 3];
            Exp.shifted(x, off, m, e, 3, k);
            for (int i = 0; i < k; i++) {
                float a = x[off + i] - m;
                if (a > 0) continue;   // outside the domain (m is not this row's max)
                assertEquals(Float.floatToRawIntBits(Exp.exp(a)), Float.floatToRawIntBits(e[3 + i]), "element " + i + " at offset " + off);
            }
        }
    }

    @Test
    void specialValues() {
        float[] x = {0f, -0f, Float.NEGATIVE_INFINITY, Float.NaN, -110f, -200f, -87.5f, -103.5f, -1e-30f, -Float.MIN_VALUE};
        float[] e = new float[x.length];
        Exp.shifted(x, 0, 0f, e, 0, x.length);
        assertEquals(1f, e[0]);
        assertEquals(1f, e[1]);
        assertEquals(0f, e[2]);
        assertTrue(Float.isNaN(e[3]));
        assertEquals(0f, e[4]);
        assertEquals(0f, e[5]);
        assertTrue(e[6] > 0 && e[6] < Float.MIN_NORMAL && errorUlps(-87.5f, e[6]) <= 1, "subnormal result " + e[6]);
        assertTrue(e[7] > 0 && errorUlps(-103.5f, e[7]) <= 1, "smallest subnormals " + e[7]);
        assertEquals(1f, e[8]);
        assertEquals(1f, e[9]);
        float[] row = {3f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] out = new float[3];
        Exp.shifted(row, 1, Float.NEGATIVE_INFINITY, out, 0, 2);   // an all-masked row: −∞ − (−∞) is NaN, as Math.exp gives
        assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]));
    }

    @Test
    void doubleRowsAreMathExp() {
        double[] x = {-3.5, 0, -0.0, -700, Double.NaN, 1.25, -1e-300};
        double[] e = new double[x.length];
        Exp.shifted(x, 0, 0.5, e, 0, x.length);
        for (int i = 0; i < x.length; i++) assertEquals(Double.doubleToRawLongBits(Math.exp(x[i] - 0.5)), Double.doubleToRawLongBits(e[i]), "x = " + x[i]);
    }
}

package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.Tag;

/**
 * The 8×8 register transposes ({@code TransposeF64/F32.block}) against the element walk they
 * replace, with the epilogue the GEMM's write-out applies ({@code v + bias}, then
 * {@code max(v, 0)}), bit for bit: strides wider than a row, offsets, NaN, ±0 and ±Inf planted,
 * and the destination's gaps left untouched. Runs where the block is enabled (8 lanes, JDK 25 or
 * later: float under AVX2); elsewhere the GEMM keeps its scalar loops, which GemmTest covers.
 */
@Tag("kernel")
class TransposeTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @Example
    void blockIsTheElementWalkWithItsEpilogue() {
        Assume.that(TransposeF64.ENABLED || TransposeF32.ENABLED);   // skipped, not passed, where neither runs
        Random r = new Random(23);
        for (int trial = 0; trial < 300; trial++) check(r);
    }

    /**
     * {@code sixRows}: each of eight columns of six source rows lands in its 6-element slot, the
     * two zeros after the last column land at {@code d0 + 48} and {@code d0 + 49}, and nothing
     * else of the destination changes.
     */
    @Example
    void sixRowsIsTheElementWalkIntoSixRowSlots() {
        Assume.that(TransposeF64.ENABLED || TransposeF32.ENABLED);
        Random r = new Random(29);
        for (int trial = 0; trial < 300; trial++) {
            int ss = 8 + r.nextInt(20), s0 = r.nextInt(4), d0 = r.nextInt(4);
            double[] src = values(r, s0 + 5 * ss + 8), dst = values(r, d0 + 56);
            double[] want = dst.clone();
            for (int i = 0; i < 8; i++) {
                for (int row = 0; row < 6; row++) want[d0 + i * 6 + row] = src[s0 + row * ss + i];
            }
            want[d0 + 48] = 0;
            want[d0 + 49] = 0;
            String what = "ss " + ss + " s0 " + s0 + " d0 " + d0;
            if (TransposeF64.ENABLED) {
                double[] got = dst.clone();
                TransposeF64.sixRows(src, s0, ss, got, d0);
                assertSameBits(want, got, what);
            }
            if (TransposeF32.ENABLED) {
                float[] got = floats(dst);
                TransposeF32.sixRows(floats(src), s0, ss, got, d0);
                assertSameBits(want, got, what);
            }
        }
    }

    private static void check(Random r) {
        int n = 8, ss = n + r.nextInt(5), ds = n + r.nextInt(5), s0 = r.nextInt(4), d0 = r.nextInt(4), bo = r.nextInt(3);
        boolean relu = r.nextBoolean(), withBias = r.nextBoolean();
        double[] src = values(r, s0 + n * ss), bias = withBias ? values(r, bo + n) : null, dst = values(r, d0 + n * ds);
        double[] want = dst.clone();
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < n; i++) {
                double v = src[s0 + row * ss + i];
                if (bias != null) v = v + bias[bo + row];
                want[d0 + i * ds + row] = relu ? Math.max(v, 0) : v;
            }
        }
        String what = "ss " + ss + " ds " + ds + " relu " + relu + " bias " + withBias;
        if (TransposeF64.ENABLED) {
            double[] got = dst.clone();
            TransposeF64.block(src, s0, ss, got, d0, ds, bias, bo, relu);
            assertSameBits(want, got, what);
        }
        if (TransposeF32.ENABLED) {
            float[] got = floats(dst);
            TransposeF32.block(floats(src), s0, ss, got, d0, ds, bias == null ? null : floats(bias), bo, relu);
            assertSameBits(want, got, what);
        }
    }

    private static void assertSameBits(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), "double " + what + " at " + i);
        }
    }

    /** {@code want} rounded to float, element by element, against {@code got}. */
    private static void assertSameBits(double[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits((float) want[i]), Float.floatToIntBits(got[i]), "float " + what + " at " + i);
        }
    }

    /** Gaussians with about one value in six special; every float value is also a double value. */
    private static double[] values(Random r, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = r.nextInt(6) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}

package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * The index-free 2×2 max-pooling kernels (optionally fused with ReLU) against the composed
 * version, bit for bit: forward = {@link PoolReferenceF64#maxForward} of {@code relu(x)};
 * backward = the argmax scatter into zeros ({@link Pool2dF64#maxBackward}) times ReLU's mask
 * {@code x > 0 ? 1 : 0}. The data mix ties, ±0, NaNs and negatives, so every tie and NaN rule
 * and the mask's ±0 products are exercised; plane sizes cover full vectors and scalar tails.
 * Runs with the SIMD paths and again with the scalar twins forced (tag kernel).
 */
@Tag("kernel")
class Pool2dIndexFreeTest {

    /**
     * The kernels a JDK may pick, each forced on the calling thread whatever the JDK: the
     * gathers; the flat (even planes) and row (odd planes) kernels with masked ends (JDK 18 on);
     * the flat kernels with scalar ends and the gathers for odd planes' backward (JDK 17).
     */
    enum Variant {
        GATHERS(false, true), MASKED(true, true), UNMASKED(true, false);

        private final boolean rows, masked;

        Variant(boolean rows, boolean masked) {
            this.rows = rows;
            this.masked = masked;
        }

        void choose() {
            Pool2dF64.ROWS_OVERRIDE.set(rows);
            Pool2dF32.ROWS_OVERRIDE.set(rows);
            Pool2dF64.MASKED_OVERRIDE.set(masked);
            Pool2dF32.MASKED_OVERRIDE.set(masked);
        }

        static void reset() {
            Pool2dF64.ROWS_OVERRIDE.remove();
            Pool2dF32.ROWS_OVERRIDE.remove();
            Pool2dF64.MASKED_OVERRIDE.remove();
            Pool2dF32.MASKED_OVERRIDE.remove();
        }
    }

    @Provide
    Arbitrary<Pool2dGeometry> halving() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(2, 37), Arbitraries.integers().between(2, 37))
                .as((n, c, h, w) -> Pool2dGeometry.max(new int[] {n, c, h, w}, 2, 2, 0, 1));
    }

    static double[] data(Random rnd, int n) {
        double[] pick = {1, 1, -0.0, 0.0, Double.NaN, -2, 3, Double.NEGATIVE_INFINITY};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(3) == 0 ? pick[rnd.nextInt(pick.length)] : rnd.nextGaussian();
        }
        return x;
    }

    private static double[] gradient(Random rnd, int n) {
        double[] pick = {-0.0, 0.0, -1, Double.NaN, Double.POSITIVE_INFINITY};
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = rnd.nextInt(4) == 0 ? pick[rnd.nextInt(pick.length)] : rnd.nextGaussian();
        }
        return g;
    }

    @Property(tries = 150)
    void doubleMatchesComposedBitForBit(@ForAll("halving") Pool2dGeometry g, @ForAll long seed, @ForAll boolean relu) {
        Random rnd = new Random(seed);
        double[] x = data(rnd, g.inputSize());
        double[] dy = gradient(rnd, g.outputSize());
        double[] r = x.clone();
        if (relu) for (int i = 0; i < r.length; i++) r[i] = Math.max(r[i], 0);
        double[] ry = new double[g.outputSize()];
        int[] arg = new int[g.outputSize()];
        PoolReferenceF64.maxForward(g, r, ry, arg);
        double[] rdx = new double[g.inputSize()];
        Pool2dF64.maxBackward(g, dy, 0, arg, 0, rdx, 0);
        if (relu) for (int i = 0; i < rdx.length; i++) rdx[i] = rdx[i] * (x[i] > 0 ? 1.0 : 0.0);

        for (Variant v : Variant.values()) {
            v.choose();
            try {
                String path = " (" + v + ")";
                double[] y = new double[g.outputSize() + 3];
                Arrays.fill(y, 7);
                Pool2dF64.maxForwardIndexFree(g, x, 0, y, 2, relu);
                assertBits(ry, Arrays.copyOfRange(y, 2, 2 + ry.length), "forward" + path);
                assertEquals(7, y[0]);
                assertEquals(7, y[1]);
                assertEquals(7, y[y.length - 1]);
                double[] dx = new double[g.inputSize()];
                Arrays.fill(dx, Double.NaN);   // every element must be written
                Pool2dF64.maxBackwardIndexFree(g, x, 0, dy, 0, dx, 0, relu);
                assertBits(rdx, dx, "backward" + path);
            } finally {
                Variant.reset();
            }
        }
    }

    @Property(tries = 150)
    void floatMatchesComposedBitForBit(@ForAll("halving") Pool2dGeometry g, @ForAll long seed, @ForAll boolean relu) {
        Random rnd = new Random(seed);
        float[] x = toFloat(data(rnd, g.inputSize()));
        float[] dy = toFloat(gradient(rnd, g.outputSize()));
        float[] r = x.clone();
        if (relu) for (int i = 0; i < r.length; i++) r[i] = Math.max(r[i], 0f);
        float[] ry = new float[g.outputSize()];
        int[] arg = new int[g.outputSize()];
        PoolReferenceF32.maxForward(g, r, ry, arg);
        float[] rdx = new float[g.inputSize()];
        Pool2dF32.maxBackward(g, dy, 0, arg, 0, rdx, 0);
        if (relu) for (int i = 0; i < rdx.length; i++) rdx[i] = rdx[i] * (x[i] > 0 ? 1f : 0f);

        for (Variant v : Variant.values()) {
            v.choose();
            try {
                String path = " (" + v + ")";
                float[] y = new float[g.outputSize() + 2];
                Arrays.fill(y, 7f);
                Pool2dF32.maxForwardIndexFree(g, x, 0, y, 0, relu);
                assertBits(ry, Arrays.copyOfRange(y, 0, ry.length), "forward" + path);
                assertEquals(7f, y[y.length - 2]);
                assertEquals(7f, y[y.length - 1]);
                float[] dx = new float[g.inputSize() + 5];
                Arrays.fill(dx, Float.NaN);
                Pool2dF32.maxBackwardIndexFree(g, x, 0, dy, 0, dx, 5, relu);
                assertBits(rdx, Arrays.copyOfRange(dx, 5, dx.length), "backward" + path);
            } finally {
                Variant.reset();
            }
        }
    }

    @Provide
    Arbitrary<Pool2dGeometry> evenPlanes() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 20),
                        Arbitraries.integers().between(1, 18), Arbitraries.integers().between(1, 20))
                .as((n, c, h, w) -> Pool2dGeometry.max(new int[] {n, c, 2 * h, 2 * w}, 2, 2, 0, 1));
    }

    /**
     * NaNs with distinct payloads (and both signs) through the flat kernels, whose lane
     * permutations must move bit patterns, not values: every NaN that wins a window reaches y
     * with its own payload, and the backward routes dy exactly as the reference does. Even
     * planes, many per task, so the permutations cross rows and planes; both kernels.
     */
    @Property(tries = 80)
    void nanPayloadsSurviveBitForBit(@ForAll("evenPlanes") Pool2dGeometry g, @ForAll long seed, @ForAll boolean relu) {
        Random rnd = new Random(seed);
        double[] x = data(rnd, g.inputSize());
        float[] xf = toFloat(x);
        for (int i = 0; i < x.length; i++) {
            if (rnd.nextInt(6) == 0) {
                long payload = 1 + rnd.nextInt(1 << 20);
                x[i] = Double.longBitsToDouble((rnd.nextBoolean() ? 0xfff0000000000000L : 0x7ff0000000000000L) | payload);
                xf[i] = Float.intBitsToFloat((rnd.nextBoolean() ? 0xff800000 : 0x7f800000) | (int) payload);
            }
        }
        double[] dy = gradient(rnd, g.outputSize());
        float[] dyf = toFloat(dy);
        double[] r = x.clone();
        float[] rf = xf.clone();
        if (relu) {
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.max(r[i], 0);
                rf[i] = Math.max(rf[i], 0f);
            }
        }
        double[] ry = new double[g.outputSize()];
        float[] ryf = new float[g.outputSize()];
        int[] arg = new int[g.outputSize()], argf = new int[g.outputSize()];
        PoolReferenceF64.maxForward(g, r, ry, arg);
        PoolReferenceF32.maxForward(g, rf, ryf, argf);
        double[] rdx = new double[g.inputSize()];
        float[] rdxf = new float[g.inputSize()];
        Pool2dF64.maxBackward(g, dy, 0, arg, 0, rdx, 0);
        Pool2dF32.maxBackward(g, dyf, 0, argf, 0, rdxf, 0);
        if (relu) {
            for (int i = 0; i < rdx.length; i++) {
                rdx[i] = rdx[i] * (x[i] > 0 ? 1.0 : 0.0);
                rdxf[i] = rdxf[i] * (xf[i] > 0 ? 1f : 0f);
            }
        }
        for (Variant v : Variant.values()) {
            v.choose();
            try {
                String path = " (" + v + ")";
                double[] y = new double[g.outputSize()];
                Pool2dF64.maxForwardIndexFree(g, x, 0, y, 0, relu);
                assertBits(ry, y, "f64 forward" + path);
                float[] yf = new float[g.outputSize()];
                Pool2dF32.maxForwardIndexFree(g, xf, 0, yf, 0, relu);
                assertBits(ryf, yf, "f32 forward" + path);
                double[] dx = new double[g.inputSize()];
                Arrays.fill(dx, Double.NaN);
                Pool2dF64.maxBackwardIndexFree(g, x, 0, dy, 0, dx, 0, relu);
                assertBits(rdx, dx, "f64 backward" + path);
                float[] dxf = new float[g.inputSize()];
                Arrays.fill(dxf, Float.NaN);
                Pool2dF32.maxBackwardIndexFree(g, xf, 0, dyf, 0, dxf, 0, relu);
                assertBits(rdxf, dxf, "f32 backward" + path);
            } finally {
                Variant.reset();
            }
        }
    }

    /** Large enough to be split over threads: 1, 2 and 3 threads give the same bits. */
    @Example
    void sameBitsForAnyThreadCount() {
        Pool2dGeometry g = Pool2dGeometry.max(new int[] {4, 20, 60, 56}, 2, 2, 0, 1);
        Random rnd = new Random(5);
        float[] x = toFloat(data(rnd, g.inputSize()));
        float[] dy = toFloat(gradient(rnd, g.outputSize()));
        float[][] ys = new float[3][], dxs = new float[3][];
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 3; t++) {
                Parallel.setThreads(t);
                ys[t - 1] = new float[g.outputSize()];
                dxs[t - 1] = new float[g.inputSize()];
                Pool2dF32.maxForwardIndexFree(g, x, 0, ys[t - 1], 0, true);
                Pool2dF32.maxBackwardIndexFree(g, x, 0, dy, 0, dxs[t - 1], 0, true);
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int t = 1; t < 3; t++) {
            assertBits(ys[0], ys[t], "forward, " + (t + 1) + " threads");
            assertBits(dxs[0], dxs[t], "backward, " + (t + 1) + " threads");
        }
    }

    @Example
    void tiesKeepFirstNaNLastAndReluMasks() {
        Pool2dGeometry g = Pool2dGeometry.max(new int[] {1, 1, 2, 6}, 2, 2, 0, 1);
        double[] x = {-1, -0.0, Double.NaN, 1, 2, 2,
                      -3, 0.0, Double.NaN, 0, 2, 1};
        double[] y = new double[3];
        Pool2dF64.maxForwardIndexFree(g, x, 0, y, 0, true);
        assertEquals(0.0, y[0]);                          // relu makes all four +0: the first wins
        assertEquals(0, Double.doubleToRawLongBits(y[0]));
        assertTrue(Double.isNaN(y[1]));
        assertEquals(2.0, y[2]);
        double[] dx = new double[12];
        Pool2dF64.maxBackwardIndexFree(g, x, 0, new double[] {5, 6, 7}, 0, dx, 0, true);
        // window 0: winner is x[0] = -1, masked to 0; window 1: the last NaN (x[8]) wins and is masked;
        // window 2: the first 2 (x[4]) wins and passes.
        assertArrayEquals(new double[] {0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}, dx);
    }

    @Example
    void otherGeometriesAreRefusedWithTheirFigures() {
        Pool2dGeometry strided = Pool2dGeometry.max(new int[] {1, 2, 6, 6}, 3, 2, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool2dF64.maxForwardIndexFree(strided, new double[72], 0, new double[18], 0, false));
        assertTrue(e.getMessage().contains("maxpool2d index-free") && e.getMessage().contains("kernel 3x3")
                && e.getMessage().contains("[1,2,6,6]"), e.getMessage());
        Pool2dGeometry ok = Pool2dGeometry.max(new int[] {1, 2, 6, 6}, 2, 2, 0, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Pool2dF64.maxBackwardIndexFree(ok, new double[72], 0, new double[17], 0, new double[72], 0, true));
        assertTrue(e.getMessage().contains("grad output") && e.getMessage().contains("18 elements"), e.getMessage());
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static void assertBits(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            long a = Double.doubleToRawLongBits(want[i]), b = Double.doubleToRawLongBits(got[i]);
            assertEquals(a, b, what + " differs at " + i + ": " + want[i] + " vs " + got[i]);
        }
    }

    private static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    what + " differs at " + i + ": " + want[i] + " vs " + got[i]);
        }
    }
}

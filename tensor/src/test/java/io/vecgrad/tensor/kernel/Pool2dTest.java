package io.vecgrad.tensor.kernel;

import static io.vecgrad.tensor.kernel.Conv2dTest.dot;
import static io.vecgrad.tensor.kernel.Conv2dTest.gaussian;
import static io.vecgrad.tensor.kernel.Conv2dTest.toDouble;
import static io.vecgrad.tensor.kernel.Conv2dTest.toFloat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
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
 * Pool2dF64/F32 against {@link PoolReferenceF64}. Max pooling must match exactly (values and
 * argmax, in both precisions: a max is exact). Average pooling allows 2(k+2)·u relative to the
 * window's absolute sum. Backward kernels are checked by the adjoint identity
 * ⟨pool(x), g⟩ = ⟨x, poolBackward(g)⟩ in double within 1e-12 of Σ|x||g|; for max pooling
 * the forward is the linear selection fixed by argmax, so the identity holds exactly up to rounding.
 */
@Tag("kernel")
class Pool2dTest {

    @Provide
    Arbitrary<Pool2dGeometry> maxGeometries() {
        return geometries(Pool2dGeometry.MAX);
    }

    @Provide
    Arbitrary<Pool2dGeometry> avgGeometries() {
        return geometries(Pool2dGeometry.AVG);
    }

    private static Arbitrary<Pool2dGeometry> geometries(String op) {
        int maxDilation = Pool2dGeometry.MAX.equals(op) ? 2 : 1;
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 3),              // 0 batch
                Arbitraries.integers().between(1, 3),              // 1 channels
                Arbitraries.of(1, 2, 3, 5, 7, 9),                  // 2 height
                Arbitraries.of(1, 3, 4, 6, 9),                     // 3 width
                Arbitraries.integers().between(1, 4),              // 4 kernel h
                Arbitraries.integers().between(1, 4),              // 5 kernel w
                Arbitraries.integers().between(1, 3),              // 6 stride h
                Arbitraries.integers().between(1, 3),              // 7 stride w
                Arbitraries.integers().between(0, 2),              // 8 padding (both axes)
                Arbitraries.integers().between(1, maxDilation));   // 9 dilation (both axes)
        return Combinators.combine(parts)
                .filter(p -> valid(op, p))
                .as(p -> build(op, p));
    }

    private static boolean valid(String op, List<? extends Integer> p) {
        try {
            build(op, p);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Pool2dGeometry build(String op, List<? extends Integer> p) {
        int[] in = {p.get(0), p.get(1), p.get(2), p.get(3)};
        return Pool2dGeometry.MAX.equals(op)
                ? Pool2dGeometry.max(in, p.get(4), p.get(5), p.get(6), p.get(7), p.get(8), p.get(8), p.get(9), p.get(9))
                : Pool2dGeometry.avg(in, p.get(4), p.get(5), p.get(6), p.get(7), p.get(8), p.get(8));
    }

    @Property(tries = 200)
    void maxForwardMatchesReferenceExactly(@ForAll("maxGeometries") Pool2dGeometry g, @ForAll long seed) {
        double[] x = gaussian(new Random(seed), g.inputSize());
        double[] ry = new double[g.outputSize()];
        int[] rarg = new int[g.outputSize()];
        PoolReferenceF64.maxForward(g, x, ry, rarg);

        double[] y = new double[g.outputSize()];
        int[] arg = new int[g.outputSize()];
        Pool2dF64.maxForward(g, x, 0, y, 0, arg, 0);
        assertArrayEquals(ry, y);
        assertArrayEquals(rarg, arg);

        float[] y32 = new float[g.outputSize()];
        int[] arg32 = new int[g.outputSize()];
        Pool2dF32.maxForward(g, toFloat(x), 0, y32, 0, arg32, 0);
        PoolReferenceF64.maxForward(g, toDouble(toFloat(x)), ry, rarg);
        assertArrayEquals(ry, toDouble(y32));
        assertArrayEquals(rarg, arg32);
    }

    @Property(tries = 200)
    void maxBackwardIsAdjointOfSelection(@ForAll("maxGeometries") Pool2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] gy = gaussian(rnd, g.outputSize());
        double[] y = new double[g.outputSize()];
        int[] arg = new int[g.outputSize()];
        Pool2dF64.maxForward(g, x, 0, y, 0, arg, 0);
        double[] dx = new double[g.inputSize()];
        Pool2dF64.maxBackward(g, gy, 0, arg, 0, dx, 0);
        assertEquals(dot(y, gy), dot(x, dx), 1e-12 * (dot(Conv2dTest.abs(y), Conv2dTest.abs(gy)) + 1e-300));

        float[] dx32 = new float[g.inputSize()];
        Pool2dF32.maxBackward(g, toFloat(gy), 0, arg, 0, dx32, 0);
        for (int i = 0; i < dx.length; i++) {
            assertEquals(dx[i], dx32[i], 1e-5 * (1 + Math.abs(dx[i])), "maxpool backward f32 at " + i);
        }
    }

    @Property(tries = 200)
    void avgForwardMatchesReference(@ForAll("avgGeometries") Pool2dGeometry g, @ForAll long seed) {
        double[] x = gaussian(new Random(seed), g.inputSize());
        double[] ry = new double[g.outputSize()];
        double[] ay = new double[g.outputSize()];
        PoolReferenceF64.avgForward(g, x, ry);
        PoolReferenceF64.avgForward(g, Conv2dTest.abs(x), ay);
        int terms = g.kernelHeight() * g.kernelWidth();

        double[] y = new double[g.outputSize()];
        Pool2dF64.avgForward(g, x, 0, y, 0);
        Conv2dTest.assertClose(y, ry, ay, terms, Math.ulp(1.0) / 2, "avgpool f64");

        float[] y32 = new float[g.outputSize()];
        Pool2dF32.avgForward(g, toFloat(x), 0, y32, 0);
        PoolReferenceF64.avgForward(g, toDouble(toFloat(x)), ry);
        Conv2dTest.assertClose(toDouble(y32), ry, ay, terms, Math.ulp(1.0f) / 2, "avgpool f32");
    }

    @Property(tries = 200)
    void avgBackwardIsAdjointOfForward(@ForAll("avgGeometries") Pool2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] gy = gaussian(rnd, g.outputSize());
        double[] y = new double[g.outputSize()];
        double[] ay = new double[g.outputSize()];
        Pool2dF64.avgForward(g, x, 0, y, 0);
        Pool2dF64.avgForward(g, Conv2dTest.abs(x), 0, ay, 0);
        double[] dx = new double[g.inputSize()];
        Pool2dF64.avgBackward(g, gy, 0, dx, 0);
        assertEquals(dot(y, gy), dot(x, dx), 1e-12 * (dot(ay, Conv2dTest.abs(gy)) + 1e-300));
    }

    @Provide
    Arbitrary<Pool2dGeometry> halving() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(2, 13), Arbitraries.integers().between(2, 13))
                .as((n, c, h, w) -> Pool2dGeometry.max(new int[] {n, c, h, w}, 2, 2, 0, 1));
    }

    /** The 2×2 stride-2 fast path against the nested loops, with ties, signed zeros and NaNs in the data. */
    @Property(tries = 100)
    void halvingPathMatchesReferenceExactly(@ForAll("halving") Pool2dGeometry g, @ForAll long seed) {
        assertTrue(Pool2dF64.isHalving(g));
        Random rnd = new Random(seed);
        double[] pick = {1, 1, -0.0, 0.0, Double.NaN, -2, 3};
        double[] x = new double[g.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(3) == 0 ? pick[rnd.nextInt(pick.length)] : rnd.nextGaussian();
        }
        double[] ry = new double[g.outputSize()];
        int[] rarg = new int[g.outputSize()];
        PoolReferenceF64.maxForward(g, x, ry, rarg);
        double[] y = new double[g.outputSize()];
        int[] arg = new int[g.outputSize()];
        Pool2dF64.maxForward(g, x, 0, y, 0, arg, 0);
        assertArrayEquals(ry, y);
        assertArrayEquals(rarg, arg);

        Pool2dGeometry a = Pool2dGeometry.avg(g.inputShape(), 2, 2, 0);
        double[] gx = gaussian(rnd, g.inputSize());
        double[] ay = new double[a.outputSize()];
        PoolReferenceF64.avgForward(a, gx, ry);
        Pool2dF64.avgForward(a, gx, 0, ay, 0);
        assertArrayEquals(ry, ay, "same sum order as the reference: bitwise");

        double[] gy = gaussian(rnd, a.outputSize());
        gy[0] = -0.0;
        double[] dx = new double[a.inputSize()];
        Arrays.fill(dx, Double.NaN);   // must be overwritten everywhere
        Pool2dF64.avgBackward(a, gy, 0, dx, 0);
        double[] expected = new double[a.inputSize()];
        for (int pl = 0, o = 0; pl < a.batch() * a.channels(); pl++) {
            for (int oh = 0; oh < a.outHeight(); oh++) {
                for (int ow = 0; ow < a.outWidth(); ow++, o++) {
                    for (int r = 0; r < 2; r++) {
                        for (int q = 0; q < 2; q++) {
                            expected[pl * a.inputPlane() + (2 * oh + r) * a.inWidth() + 2 * ow + q] += gy[o] / 4;
                        }
                    }
                }
            }
        }
        assertArrayEquals(expected, dx);
    }

    @Example
    void maxTiesKeepFirstAndNaNWins() {
        Pool2dGeometry g = Pool2dGeometry.max(new int[] {1, 1, 2, 4}, 2, 2, 0, 1);
        double[] x = {1, 1, 0, Double.NaN,
                      1, 0, 2, 5};
        double[] y = new double[2];
        int[] arg = new int[2];
        Pool2dF64.maxForward(g, x, 0, y, 0, arg, 0);
        assertEquals(1.0, y[0]);
        assertEquals(0, arg[0]);
        assertTrue(Double.isNaN(y[1]));
        assertEquals(3, arg[1]);
    }

    @Example
    void avgCountsPaddingInDivisor() {
        Pool2dGeometry g = Pool2dGeometry.avg(new int[] {1, 1, 2, 2}, 2, 1, 1);
        double[] y = new double[g.outputSize()];
        Pool2dF64.avgForward(g, new double[] {4, 4, 4, 4}, 0, y, 0);
        assertEquals(3 * 3, y.length);
        assertEquals(1.0, y[0]);    // corner window: one input of four taps
        assertEquals(4.0, y[4]);    // centre window: all four inputs
    }

    @Example
    void badGeometryNamesOpAndShape() {
        assertMessage(() -> Pool2dGeometry.max(new int[] {1, 1, 3, 3}, 2, 2, 2, 1),
                "maxpool2d", "[1,1,3,3]", "at most half the kernel");
        assertMessage(() -> Pool2dGeometry.max(new int[] {1, 1, 1, 1}, 3, 1, 0, 1),
                "maxpool2d", "[1,1,1,1]", "non-positive output size");
        assertMessage(() -> Pool2dGeometry.avg(new int[] {1, 1, 4}, 2, 2, 0), "avgpool2d", "[1,1,4]", "4 dimensions");
        assertMessage(() -> Pool2dGeometry.avg(new int[] {1, 1, 4, 4}, 0, 2, 0), "avgpool2d", "positive");
        Pool2dGeometry avg = Pool2dGeometry.avg(new int[] {1, 1, 4, 4}, 2, 2, 0);
        assertMessage(() -> Pool2dF64.maxForward(avg, new double[16], 0, new double[4], 0, new int[4], 0),
                "maxpool2d", "avgpool2d");
        Pool2dGeometry max = Pool2dGeometry.max(new int[] {1, 1, 4, 4}, 2, 2, 0, 1);
        assertMessage(() -> Pool2dF64.maxForward(max, new double[15], 0, new double[4], 0, new int[4], 0),
                "maxpool2d", "[1,1,4,4]", "16 elements");
    }

    private static void assertMessage(Runnable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}

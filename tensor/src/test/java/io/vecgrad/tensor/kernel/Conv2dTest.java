package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Conv2dF64/F32 against the nested-loop {@link ConvReferenceF64}.
 *
 * <p>Tolerances follow the standard dot-product error bound |err| <= n·u·Σ|a·b| with n the
 * number of terms and u the unit roundoff (2^-53 for double, 2^-24 for float); we allow
 * {@code 2(n+2)·u·Σ|a·b|} per element, where Σ|a·b| is the same operation run on |x| and |w|.
 * The adjoint identities ⟨conv(x,w), g⟩ = ⟨x, dX(g,w)⟩ = ⟨w, dW(x,g)⟩ are checked in double
 * within 1e-12 of the sum of absolute products.
 */
@Tag("kernel")
class Conv2dTest {
    private static final double U64 = Math.ulp(1.0) / 2;
    private static final double U32 = Math.ulp(1.0f) / 2;

    @Provide
    Arbitrary<Conv2dGeometry> geometries() {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 3),    // 0 batch
                Arbitraries.integers().between(1, 3),    // 1 groups
                Arbitraries.integers().between(1, 3),    // 2 in channels per group
                Arbitraries.integers().between(1, 3),    // 3 out channels per group
                Arbitraries.of(1, 2, 3, 5, 7, 9),        // 4 height (odd, incl. 1)
                Arbitraries.of(1, 3, 5, 9, 11, 13),      // 5 width (wide enough for vector rows)
                Arbitraries.integers().between(1, 5),    // 6 kernel height
                Arbitraries.integers().between(1, 5),    // 7 kernel width
                Arbitraries.integers().between(1, 3),    // 8 stride h
                Arbitraries.integers().between(1, 3),    // 9 stride w
                Arbitraries.integers().between(0, 2),    // 10 padding h
                Arbitraries.integers().between(0, 2),    // 11 padding w
                Arbitraries.integers().between(1, 2),    // 12 dilation h
                Arbitraries.integers().between(1, 2));   // 13 dilation w
        return Combinators.combine(parts)
                .filter(p -> Conv2dGeometry.outputSize(p.get(4), p.get(6), p.get(8), p.get(10), p.get(12)) > 0
                        && Conv2dGeometry.outputSize(p.get(5), p.get(7), p.get(9), p.get(11), p.get(13)) > 0)
                .as(p -> Conv2dGeometry.of(
                        new int[] {p.get(0), p.get(1) * p.get(2), p.get(4), p.get(5)},
                        new int[] {p.get(1) * p.get(3), p.get(2), p.get(6), p.get(7)},
                        p.get(8), p.get(9), p.get(10), p.get(11), p.get(12), p.get(13), p.get(1)));
    }

    @Property(tries = 200)
    void forwardF64MatchesReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        double[] y = new double[g.outputSize()];
        Conv2dF64.forward(g, x, 0, w, 0, bias, 0, y, 0);
        assertClose(y, reference(g, x, w, bias), referenceAbs(g, x, w, bias), g.patchSize(), U64, "forward f64");
    }

    @Property(tries = 200)
    void forwardF32MatchesReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = toFloat(gaussian(rnd, g.inputSize()));
        float[] w = toFloat(gaussian(rnd, g.weightSize()));
        float[] bias = rnd.nextBoolean() ? toFloat(gaussian(rnd, g.outChannels())) : null;
        float[] y = new float[g.outputSize()];
        Conv2dF32.forward(g, x, 0, w, 0, bias, 0, y, 0);
        double[] bd = bias == null ? null : toDouble(bias);
        assertClose(toDouble(y), reference(g, toDouble(x), toDouble(w), bd),
                referenceAbs(g, toDouble(x), toDouble(w), bd), g.patchSize(), U32, "forward f32");
    }

    @Property(tries = 100)
    void backwardF64MatchesReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] dy = gaussian(rnd, g.outputSize());
        double[] dx = new double[g.inputSize()];
        double[] dw = new double[g.weightSize()];
        double[] db = new double[g.outChannels()];
        Conv2dF64.backwardInput(g, dy, 0, w, 0, dx, 0);
        Conv2dF64.backwardWeight(g, x, 0, dy, 0, dw, 0);
        Conv2dF64.backwardBias(g, dy, 0, db, 0);

        double[] rdx = new double[g.inputSize()];
        double[] rdw = new double[g.weightSize()];
        double[] rdb = new double[g.outChannels()];
        ConvReferenceF64.backwardInput(g, dy, w, rdx);
        ConvReferenceF64.backwardWeight(g, x, dy, rdw);
        ConvReferenceF64.backwardBias(g, dy, rdb);
        double[] adx = new double[g.inputSize()];
        double[] adw = new double[g.weightSize()];
        ConvReferenceF64.backwardInput(g, abs(dy), abs(w), adx);
        ConvReferenceF64.backwardWeight(g, abs(x), abs(dy), adw);
        int terms = g.outChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        assertClose(dx, rdx, adx, terms, U64, "backward input f64");
        assertClose(dw, rdw, adw, g.batch() * g.outputPlane(), U64, "backward weight f64");
        double[] adb = new double[g.outChannels()];
        ConvReferenceF64.backwardBias(g, abs(dy), adb);
        assertClose(db, rdb, adb, g.batch() * g.outputPlane(), U64, "backward bias f64");
    }

    @Property(tries = 100)
    void backwardF32MatchesReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = toFloat(gaussian(rnd, g.inputSize()));
        float[] w = toFloat(gaussian(rnd, g.weightSize()));
        float[] dy = toFloat(gaussian(rnd, g.outputSize()));
        float[] dx = new float[g.inputSize()];
        float[] dw = new float[g.weightSize()];
        Conv2dF32.backwardInput(g, dy, 0, w, 0, dx, 0);
        Conv2dF32.backwardWeight(g, x, 0, dy, 0, dw, 0);

        double[] rdx = new double[g.inputSize()];
        double[] rdw = new double[g.weightSize()];
        double[] adx = new double[g.inputSize()];
        double[] adw = new double[g.weightSize()];
        ConvReferenceF64.backwardInput(g, toDouble(dy), toDouble(w), rdx);
        ConvReferenceF64.backwardWeight(g, toDouble(x), toDouble(dy), rdw);
        ConvReferenceF64.backwardInput(g, abs(toDouble(dy)), abs(toDouble(w)), adx);
        ConvReferenceF64.backwardWeight(g, abs(toDouble(x)), abs(toDouble(dy)), adw);
        int terms = g.outChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        assertClose(toDouble(dx), rdx, adx, terms, U32, "backward input f32");
        assertClose(toDouble(dw), rdw, adw, g.batch() * g.outputPlane(), U32, "backward weight f32");
    }

    @Property(tries = 100)
    void gradientsAreAdjointsOfForward(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] gy = gaussian(rnd, g.outputSize());
        double[] y = new double[g.outputSize()];
        double[] dx = new double[g.inputSize()];
        double[] dw = new double[g.weightSize()];
        Conv2dF64.forward(g, x, 0, w, 0, null, 0, y, 0);
        Conv2dF64.backwardInput(g, gy, 0, w, 0, dx, 0);
        Conv2dF64.backwardWeight(g, x, 0, gy, 0, dw, 0);

        double scale = dot(referenceAbs(g, x, w, null), abs(gy)) + 1e-300;
        double yg = dot(y, gy);
        assertEquals(yg, dot(x, dx), 1e-12 * scale, "<conv(x,w), g> vs <x, dX(g,w)>");
        assertEquals(yg, dot(w, dw), 1e-12 * scale, "<conv(x,w), g> vs <w, dW(x,g)>");
    }

    @Example
    void lenetLayersMatchReference() {
        Conv2dGeometry[] layers = {
            Conv2dGeometry.of(new int[] {2, 1, 28, 28}, new int[] {16, 1, 5, 5}, 1, 2, 1, 1),
            Conv2dGeometry.of(new int[] {2, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1),
        };
        Random rnd = new Random(7);
        for (Conv2dGeometry g : layers) {
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] bias = toFloat(gaussian(rnd, g.outChannels()));
            float[] y = new float[g.outputSize()];
            Conv2dF32.forward(g, x, 0, w, 0, bias, 0, y, 0);
            double[] bd = toDouble(bias);
            assertClose(toDouble(y), reference(g, toDouble(x), toDouble(w), bd),
                    referenceAbs(g, toDouble(x), toDouble(w), bd), g.patchSize(), U32, "lenet f32");
        }
    }

    @Example
    void offsetsAreHonoured() {
        Conv2dGeometry g = Conv2dGeometry.of(new int[] {2, 2, 5, 6}, new int[] {3, 2, 3, 3}, 1, 1, 1, 1);
        Random rnd = new Random(3);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] b = gaussian(rnd, g.outChannels());
        double[] y = new double[g.outputSize()];
        Conv2dF64.forward(g, x, 0, w, 0, b, 0, y, 0);
        double[] y2 = new double[g.outputSize() + 7];
        Conv2dF64.forward(g, shifted(x, 5), 5, shifted(w, 2), 2, shifted(b, 1), 1, y2, 7);
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], y2[i + 7], 0.0);
        }
    }

    @Example
    void badGeometryNamesOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Conv2dGeometry.of(new int[] {64, 3, 28, 28}, new int[] {16, 1, 5, 5}, 1, 0, 1, 1));
        assertEquals("conv2d: input [64,3,28,28] has 3 channels but weight [16,1,5,5] expects 1 (groups=1)",
                e.getMessage());
        assertMessage(() -> Conv2dGeometry.of(new int[] {1, 1, 3, 3}, new int[] {1, 1, 5, 5}, 1, 0, 1, 1),
                "conv2d", "[1,1,3,3]", "non-positive output size -1x-1");
        assertMessage(() -> Conv2dGeometry.of(new int[] {1, 4, 3, 3}, new int[] {3, 2, 1, 1}, 1, 0, 1, 2),
                "conv2d", "[3,2,1,1]", "groups=2");
        assertMessage(() -> Conv2dGeometry.of(new int[] {1, 1, 3}, new int[] {1, 1, 1, 1}, 1, 0, 1, 1),
                "conv2d", "[1,1,3]", "4 dimensions");
        assertMessage(() -> Conv2dGeometry.of(new int[] {1, 1, 3, 3}, new int[] {1, 1, 1, 1}, 0, 0, 1, 1),
                "conv2d", "stride");
        Conv2dGeometry g = Conv2dGeometry.of(new int[] {1, 1, 3, 3}, new int[] {1, 1, 1, 1}, 1, 0, 1, 1);
        assertMessage(() -> Conv2dF64.forward(g, new double[8], 0, new double[1], 0, null, 0, new double[9], 0),
                "conv2d", "input [1,1,3,3]", "9 elements");
    }

    private static void assertMessage(Runnable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    private static double[] reference(Conv2dGeometry g, double[] x, double[] w, double[] bias) {
        double[] y = new double[g.outputSize()];
        ConvReferenceF64.forward(g, x, w, bias, y);
        return y;
    }

    /** The same convolution on absolute values: the Σ|a·b| of the error bound. */
    private static double[] referenceAbs(Conv2dGeometry g, double[] x, double[] w, double[] bias) {
        return reference(g, abs(x), abs(w), bias == null ? null : abs(bias));
    }

    static void assertClose(double[] actual, double[] expected, double[] absSum, int terms, double u, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < actual.length; i++) {
            double tol = 2.0 * (terms + 2) * u * absSum[i] + Double.MIN_NORMAL;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected "
                        + expected[i] + " within " + tol);
            }
        }
    }

    static double[] gaussian(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    static double[] abs(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static float[] toFloat(double[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (float) a[i];
        }
        return r;
    }

    static double[] toDouble(float[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static double[] shifted(double[] a, int by) {
        double[] r = new double[a.length + by];
        System.arraycopy(a, 0, r, by, a.length);
        return r;
    }
}

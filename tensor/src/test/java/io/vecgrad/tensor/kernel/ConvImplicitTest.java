package io.vecgrad.tensor.kernel;

import static io.vecgrad.tensor.kernel.Conv2dTest.abs;
import static io.vecgrad.tensor.kernel.Conv2dTest.assertClose;
import static io.vecgrad.tensor.kernel.Conv2dTest.gaussian;
import static io.vecgrad.tensor.kernel.Conv2dTest.toDouble;
import static io.vecgrad.tensor.kernel.Conv2dTest.toFloat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The implicit-GEMM convolution ({@link ConvImplicitF64}/F32) called directly, so that it is
 * checked on every column-stride-1 geometry (also those the dispatcher gives to other kernels),
 * against the nested loops of {@link ConvReferenceF64} within the dot-product bound of
 * {@link Conv2dTest}; and bitwise the same for 1, 2 and 3 threads.
 */
@Tag("kernel")
class ConvImplicitTest {
    private static final double U64 = Math.ulp(1.0) / 2;
    private static final double U32 = Math.ulp(1.0f) / 2;

    @Provide
    Arbitrary<Conv2dGeometry> geometries() {
        return geometries(Arbitraries.integers().between(1, 10),   // batch (crosses a weight-gradient chunk)
                Arbitraries.integers().between(1, 10),               // out channels per group (partial slivers)
                Arbitraries.of(1, 3, 7, 8, 14, 17, 33));            // width: partial, full and several slots per row
    }

    /** Geometries with many output channels per group (whole vector pairs at 8 and 16 lanes), for the channel-lane forward. */
    @Provide
    Arbitrary<Conv2dGeometry> wideGeometries() {
        return geometries(Arbitraries.integers().between(1, 3), Arbitraries.of(8, 16, 32, 64),
                Arbitraries.of(1, 3, 7, 8, 13, 14, 17, 33));        // under, at and over the 7-pixel tile
    }

    /**
     * {@link #wideGeometries} with patches of at least {@link ConvImplicitF64#MIN_TAPS16} taps
     * (6 to 8 input channels per group, 5×5 kernels): the 16-register channel-lane forward
     * ({@code kernelChannels16}, tiles of 6 pixels that cross output rows) on AVX2 machines,
     * and under the avx2-width test execution on AVX-512 ones.
     */
    @Provide
    Arbitrary<Conv2dGeometry> deepGeometries() {
        return geometries(Arbitraries.integers().between(1, 2), Arbitraries.of(8, 16, 32),
                Arbitraries.integers().between(6, 8), Arbitraries.of(5),
                Arbitraries.of(1, 3, 5, 6, 7, 13, 14, 17));         // under, at and over the 6-pixel tile
    }

    /**
     * Geometries whose input gradient has whole vector pairs of channels (8 to 32 input channels
     * per group) and at least {@link ConvImplicitF64#MIN_TAPS16} taps (6 to 8 output channels per
     * group, 5×5 kernels): the input gradient through the 16-register channel lanes on AVX2.
     */
    @Provide
    Arbitrary<Conv2dGeometry> deepInputGeometries() {
        return geometries(Arbitraries.integers().between(1, 2), Arbitraries.integers().between(6, 8),
                Arbitraries.of(8, 16, 32), Arbitraries.of(5), Arbitraries.of(1, 3, 5, 6, 7, 13, 14, 17));
    }

    /** Column-stride-1 geometries with the given batch, output channels per group and input width. */
    private static Arbitrary<Conv2dGeometry> geometries(Arbitrary<Integer> batch, Arbitrary<Integer> outPerGroup,
                                                        Arbitrary<Integer> width) {
        return geometries(batch, outPerGroup, Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 5), width);
    }

    /** Column-stride-1 geometries with the given batch, channels per group, kernel size and input width. */
    private static Arbitrary<Conv2dGeometry> geometries(Arbitrary<Integer> batch, Arbitrary<Integer> outPerGroup,
                                                        Arbitrary<Integer> inPerGroup, Arbitrary<Integer> kernel,
                                                        Arbitrary<Integer> width) {
        List<Arbitrary<Integer>> parts = List.of(
                batch,                                   // 0 batch
                Arbitraries.integers().between(1, 2),    // 1 groups
                inPerGroup,                              // 2 in channels per group
                outPerGroup,                             // 3 out channels per group
                Arbitraries.integers().between(1, 9),    // 4 height
                width,                                   // 5 width
                kernel,                                  // 6 kernel height
                kernel,                                  // 7 kernel width
                Arbitraries.integers().between(1, 2),    // 8 stride h (stride w is 1)
                Arbitraries.integers().between(0, 3),    // 9 padding h
                Arbitraries.integers().between(0, 3),    // 10 padding w
                Arbitraries.integers().between(1, 2),    // 11 dilation h
                Arbitraries.integers().between(1, 2));   // 12 dilation w
        return Combinators.combine(parts)
                .filter(p -> Conv2dGeometry.outputSize(p.get(4), p.get(6), p.get(8), p.get(9), p.get(11)) > 0
                        && Conv2dGeometry.outputSize(p.get(5), p.get(7), 1, p.get(10), p.get(12)) > 0)
                .as(p -> Conv2dGeometry.of(
                        new int[] {p.get(0), p.get(1) * p.get(2), p.get(4), p.get(5)},
                        new int[] {p.get(1) * p.get(3), p.get(2), p.get(6), p.get(7)},
                        p.get(8), 1, p.get(9), p.get(10), p.get(11), p.get(12), p.get(1)));
    }

    @Property(tries = 150)
    void forwardMatchesReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        double[] y = new double[g.outputSize()];
        ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, y, 0);
        double[] ry = new double[g.outputSize()];
        double[] ay = new double[g.outputSize()];
        ConvReferenceF64.forward(g, x, w, bias, ry);
        ConvReferenceF64.forward(g, abs(x), abs(w), bias == null ? null : abs(bias), ay);
        assertClose(y, ry, ay, g.patchSize(), U64, "implicit forward f64 " + g);

        float[] yf = new float[g.outputSize()];
        ConvImplicitF32.forward(g, toFloat(x), 0, toFloat(w), 0, bias == null ? null : toFloat(bias), 0, yf, 0);
        double[] rf = new double[g.outputSize()];
        double[] bf = bias == null ? null : toDouble(toFloat(bias));
        ConvReferenceF64.forward(g, toDouble(toFloat(x)), toDouble(toFloat(w)), bf, rf);
        assertClose(toDouble(yf), rf, ay, g.patchSize(), 2 * U32, "implicit forward f32 " + g);
    }

    @Property(tries = 150)
    void gradientsMatchReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] w = gaussian(rnd, g.weightSize());
        double[] dy = gaussian(rnd, g.outputSize());
        double[] dw = new double[g.weightSize()];
        ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, dw, 0);
        double[] rdw = new double[g.weightSize()];
        double[] adw = new double[g.weightSize()];
        ConvReferenceF64.backwardWeight(g, x, dy, rdw);
        ConvReferenceF64.backwardWeight(g, abs(x), abs(dy), adw);
        assertClose(dw, rdw, adw, g.batch() * g.outputPlane(), U64, "implicit backward weight f64 " + g);

        float[] dwf = new float[g.weightSize()];
        ConvImplicitF32.backwardWeight(g, toFloat(x), 0, toFloat(dy), 0, dwf, 0);
        double[] rdwf = new double[g.weightSize()];
        ConvReferenceF64.backwardWeight(g, toDouble(toFloat(x)), toDouble(toFloat(dy)), rdwf);
        assertClose(toDouble(dwf), rdwf, adw, g.batch() * g.outputPlane(), 2 * U32, "implicit backward weight f32 " + g);

        if (g.strideH() == 1 && g.padH() <= g.dilationH() * (g.kernelHeight() - 1)
                && g.padW() <= g.dilationW() * (g.kernelWidth() - 1)) {
            double[] dx = new double[g.inputSize()];
            ConvImplicitF64.backwardInput(g, dy, 0, w, 0, dx, 0);
            double[] rdx = new double[g.inputSize()];
            double[] adx = new double[g.inputSize()];
            ConvReferenceF64.backwardInput(g, dy, w, rdx);
            ConvReferenceF64.backwardInput(g, abs(dy), abs(w), adx);
            int terms = g.outChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
            assertClose(dx, rdx, adx, terms, U64, "implicit backward input f64 " + g);
        }
    }

    /**
     * Both weight-gradient kernels on every generated geometry: the packed one forced, and the
     * slotted one wherever it applies (the dispatcher gives it the few-channel layers).
     */
    @Property(tries = 150)
    void bothWeightKernelsMatchReference(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] dy = gaussian(rnd, g.outputSize());
        double[] rdw = new double[g.weightSize()];
        double[] adw = new double[g.weightSize()];
        ConvReferenceF64.backwardWeight(g, x, dy, rdw);
        ConvReferenceF64.backwardWeight(g, abs(x), abs(dy), adw);
        double[] rdwf = new double[g.weightSize()];
        ConvReferenceF64.backwardWeight(g, toDouble(toFloat(x)), toDouble(toFloat(dy)), rdwf);
        int terms = g.batch() * g.outputPlane();
        for (boolean packed : new boolean[] {true, false}) {
            try (Forced f = force(ConvImplicitF64.FORCE_PACKED_WEIGHT, ConvImplicitF32.FORCE_PACKED_WEIGHT, packed)) {
                double[] dw = new double[g.weightSize()];
                ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, dw, 0);
                assertClose(dw, rdw, adw, terms, U64, "weight gradient f64, packed=" + packed + " " + g);
                float[] dwf = new float[g.weightSize()];
                ConvImplicitF32.backwardWeight(g, toFloat(x), 0, toFloat(dy), 0, dwf, 0);
                assertClose(toDouble(dwf), rdwf, adw, terms, 2 * U32, "weight gradient f32, packed=" + packed + " " + g);
            }
        }
    }

    /**
     * The row-by-row weight-gradient kernel (AVX2's packed path, forced here on any ISA) against
     * the per-pixel packed kernel, bitwise, in double and float, with NaN and ±infinity in x now
     * and then: same pixels in the same order, so the same bits.
     */
    @Property(tries = 120)
    void rowWeightKernelSameBitsAsPacked(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        if (rnd.nextInt(3) == 0) {
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < 1 + x.length / 40; i++) {
                x[rnd.nextInt(x.length)] = specials[rnd.nextInt(3)];
            }
        }
        double[] dy = gaussian(rnd, g.outputSize());
        double[][] d = new double[2][];
        float[][] f = new float[2][];
        try (Forced packed = force(ConvImplicitF64.FORCE_PACKED_WEIGHT, ConvImplicitF32.FORCE_PACKED_WEIGHT, true)) {
            for (int rows = 0; rows < 2; rows++) {
                try (Forced r = force(ConvImplicitF64.ROW_WEIGHT_OVERRIDE, ConvImplicitF32.ROW_WEIGHT_OVERRIDE, rows == 1)) {
                    d[rows] = new double[g.weightSize()];
                    ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, d[rows], 0);
                    f[rows] = new float[g.weightSize()];
                    ConvImplicitF32.backwardWeight(g, toFloat(x), 0, toFloat(dy), 0, f[rows], 0);
                }
            }
        }
        assertArrayEquals(d[0], d[1], "f64 row weight kernel " + g);
        assertArrayEquals(f[0], f[1], "f32 row weight kernel " + g);
    }

    /**
     * The input gradient through the channel lanes (16 registers; on from JDK 25, forced here)
     * against the forced slot kernel, bitwise, in double and float, and within the reference bound.
     */
    @Property(tries = 60)
    void inputGradientChannelLanesSameBitsAsSlots(@ForAll("deepInputGeometries") Conv2dGeometry g, @ForAll long seed) {
        if (!ConvImplicitF64.appliesBackwardInput(g)) {
            return;
        }
        Random rnd = new Random(seed);
        double[] dy = gaussian(rnd, g.outputSize());
        double[] w = gaussian(rnd, g.weightSize());
        withLanes16(() -> {
            double[] dx = new double[g.inputSize()];
            ConvImplicitF64.backwardInput(g, dy, 0, w, 0, dx, 0);
            double[] slots = forcedSlots(() -> {
                double[] r = new double[g.inputSize()];
                ConvImplicitF64.backwardInput(g, dy, 0, w, 0, r, 0);
                return r;
            });
            assertArrayEquals(slots, dx, "f64 input gradient " + g);
            double[] rdx = new double[g.inputSize()];
            double[] adx = new double[g.inputSize()];
            ConvReferenceF64.backwardInput(g, dy, w, rdx);
            ConvReferenceF64.backwardInput(g, abs(dy), abs(w), adx);
            int terms = g.outChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
            assertClose(dx, rdx, adx, terms, U64, "input gradient f64 " + g);
            float[] dyf = toFloat(dy), wf = toFloat(w);
            float[] dxf = new float[g.inputSize()];
            ConvImplicitF32.backwardInput(g, dyf, 0, wf, 0, dxf, 0);
            float[] slotsF = forcedSlots(() -> {
                float[] r = new float[g.inputSize()];
                ConvImplicitF32.backwardInput(g, dyf, 0, wf, 0, r, 0);
                return r;
            });
            assertArrayEquals(slotsF, dxf, "f32 input gradient " + g);
        });
    }

    /**
     * LeNet's second layer's backward (the row weight kernel and, on 256 bits, the channel-lane
     * input gradient, forced on for any JDK) at 1, 2 and 3 threads, and the same bits as the
     * per-pixel weight kernel and the slot kernels.
     */
    @Example
    void lenet2BackwardSameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        ConvImplicitF32.LANES16_OVERRIDE.set(true);
        WinogradF32.OVERRIDE.set(false);   // this input gradient takes Winograd by default; the direct kernels are under test here
        try {
            Conv2dGeometry g = Conv2dGeometry.of(new int[] {20, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1);
            Random rnd = new Random(19);
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] dy = toFloat(gaussian(rnd, g.outputSize()));
            float[] firstW = null, firstX = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] dw = new float[g.weightSize()];
                Conv2dF32.backwardWeight(g, x, 0, dy, 0, dw, 0);
                float[] dx = new float[g.inputSize()];
                Conv2dF32.backwardInput(g, dy, 0, w, 0, dx, 0);
                if (firstW == null) {
                    firstW = dw;
                    firstX = dx;
                } else {
                    assertArrayEquals(firstW, dw, "weight gradient, threads=" + threads);
                    assertArrayEquals(firstX, dx, "input gradient, threads=" + threads);
                }
            }
            Parallel.setThreads(1);
            ConvImplicitF32.ROW_WEIGHT_OVERRIDE.set(false);
            float[] perPixel = new float[g.weightSize()];
            try {
                Conv2dF32.backwardWeight(g, x, 0, dy, 0, perPixel, 0);
            } finally {
                ConvImplicitF32.ROW_WEIGHT_OVERRIDE.remove();
            }
            assertArrayEquals(perPixel, firstW, "weight gradient, rows vs per pixel");
            float[] slots = forcedSlots(() -> {
                float[] r = new float[g.inputSize()];
                Conv2dF32.backwardInput(g, dy, 0, w, 0, r, 0);
                return r;
            });
            assertArrayEquals(slots, firstX, "input gradient, channel lanes vs slots");
        } finally {
            ConvImplicitF32.LANES16_OVERRIDE.remove();
            WinogradF32.OVERRIDE.remove();
            Parallel.setThreads(saved);
        }
    }

    /**
     * NaN and ±infinity in x reach exactly the weight-gradient entries whose reference sums
     * meet them: the slotted kernel's masked lanes read past the output row into real input,
     * and must not turn 0 * inf into NaN there.
     */
    @Property(tries = 60)
    void nonFiniteInputsReachTheReferenceEntries(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < 1 + x.length / 40; i++) {
            x[rnd.nextInt(x.length)] = specials[rnd.nextInt(3)];
        }
        double[] dy = gaussian(rnd, g.outputSize());
        double[] ref = new double[g.weightSize()];
        ConvReferenceF64.backwardWeight(g, x, dy, ref);
        double[] dw = new double[g.weightSize()];
        ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, dw, 0);
        float[] dwf = new float[g.weightSize()];
        ConvImplicitF32.backwardWeight(g, toFloat(x), 0, toFloat(dy), 0, dwf, 0);
        for (int i = 0; i < ref.length; i++) {
            if (!Double.isFinite(ref[i])) {
                assertEquals(ref[i], dw[i], "f64 entry " + i + " of " + g);
                assertEquals((float) ref[i], dwf[i], "f32 entry " + i + " of " + g);
            } else {
                assertTrue(Double.isFinite(dw[i]) && Float.isFinite(dwf[i]),
                        "entry " + i + " of " + g + " is finite in the reference, got " + dw[i] + " / " + dwf[i]);
            }
        }
    }

    /** Elements before and after each output in {@link #jdk17EndsSameBitsAsMasked}: a stray store changes them. */
    private static final int GUARD = 2 * Simd.F64.length() + 3;

    /**
     * The ends without masked stores (JDK 17's: whole-vector stores whose spill is overwritten
     * later or is zero padding, else scratch and arraycopy) give the masked ends' bits for
     * forward (slot and channel-lane kernels), input and weight gradient, F64 and F32, whatever
     * the JDK; so does the slot kernel's direct store into y against its parked tile (each side
     * picks direct or parked at random). Every output element is written (outputs start as
     * NaN), no element outside the output changes, and the forward stays within the reference bound.
     */
    @Property(tries = 150)
    void jdk17EndsSameBitsAsMasked(@ForAll("geometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        boolean specials = rnd.nextInt(4) == 0;
        if (specials) {
            double[] pick = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < 1 + x.length / 40; i++) {
                x[rnd.nextInt(x.length)] = pick[rnd.nextInt(3)];
            }
        }
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        double[] dy = gaussian(rnd, g.outputSize());
        boolean slots = rnd.nextBoolean(), directA = rnd.nextBoolean(), directB = rnd.nextBoolean();
        double[][] unmasked = withMasks(false, slots, directA, () -> runAll64(g, x, w, bias, dy));
        double[][] masked = withMasks(true, slots, directB, () -> runAll64(g, x, w, bias, dy));
        float[][] unmaskedF = withMasks(false, slots, directA, () -> runAll32(g, x, w, bias, dy));
        float[][] maskedF = withMasks(true, slots, directB, () -> runAll32(g, x, w, bias, dy));
        String[] what = {"forward", "weight gradient", "input gradient"};
        for (int i = 0; i < what.length; i++) {
            String how = " slots=" + slots + " direct=" + directA + "/" + directB + " ";
            assertArrayEquals(masked[i], unmasked[i], "f64 " + what[i] + how + g);
            assertArrayEquals(maskedF[i], unmaskedF[i], "f32 " + what[i] + how + g);
            if (unmasked[i] != null) {
                for (int e = 0; e < GUARD; e++) {
                    int last = unmasked[i].length - 1 - e;
                    assertEquals(-7.0, unmasked[i][e], "f64 " + what[i] + " guard before, " + g);
                    assertEquals(-7.0, unmasked[i][last], "f64 " + what[i] + " guard after, " + g);
                    assertEquals(-7.0f, unmaskedF[i][e], "f32 " + what[i] + " guard before, " + g);
                    assertEquals(-7.0f, unmaskedF[i][unmaskedF[i].length - 1 - e], "f32 " + what[i] + " guard after, " + g);
                }
            }
        }
        if (!specials) {
            double[] ry = new double[g.outputSize()];
            double[] ay = new double[g.outputSize()];
            ConvReferenceF64.forward(g, x, w, bias, ry);
            ConvReferenceF64.forward(g, abs(x), abs(w), bias == null ? null : abs(bias), ay);
            double[] y = java.util.Arrays.copyOfRange(unmasked[0], GUARD, GUARD + g.outputSize());
            assertClose(y, ry, ay, g.patchSize(), U64, "unmasked forward f64 " + g);
        }
    }

    private static <T> T withMasks(boolean masked, boolean slots, boolean direct, java.util.function.Supplier<T> run) {
        try (Forced m = force(ConvImplicitF64.MASKED_OVERRIDE, ConvImplicitF32.MASKED_OVERRIDE, masked);
             Forced d = force(ConvImplicitF64.DIRECT_OVERRIDE, ConvImplicitF32.DIRECT_OVERRIDE, direct);
             Forced s = force(ConvImplicitF64.FORCE_SLOTS, ConvImplicitF32.FORCE_SLOTS, slots)) {
            return run.get();
        }
    }

    /** Whether {@code backwardInput} may run on {@code g} (as in {@link #gradientsMatchReference}). */
    private static boolean inputGradientRuns(Conv2dGeometry g) {
        return g.strideH() == 1 && g.padH() <= g.dilationH() * (g.kernelHeight() - 1)
                && g.padW() <= g.dilationW() * (g.kernelWidth() - 1);
    }

    /** Guarded, NaN-poisoned output of {@code n} elements at offset {@link #GUARD}. */
    private static double[] poisoned(int n) {
        double[] a = new double[n + 2 * GUARD];
        java.util.Arrays.fill(a, -7.0);
        java.util.Arrays.fill(a, GUARD, GUARD + n, Double.NaN);
        return a;
    }

    private static float[] poisonedF(int n) {
        float[] a = new float[n + 2 * GUARD];
        java.util.Arrays.fill(a, -7.0f);
        java.util.Arrays.fill(a, GUARD, GUARD + n, Float.NaN);
        return a;
    }

    /** Forward, weight gradient and input gradient (null where it does not run) into guarded outputs. */
    private static double[][] runAll64(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] dy) {
        double[] y = poisoned(g.outputSize()), dw = poisoned(g.weightSize());
        ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, y, GUARD);
        ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, dw, GUARD);
        double[] dx = null;
        if (inputGradientRuns(g)) {
            dx = poisoned(g.inputSize());
            ConvImplicitF64.backwardInput(g, dy, 0, w, 0, dx, GUARD);
        }
        return new double[][] {y, dw, dx};
    }

    private static float[][] runAll32(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] dy) {
        float[] xf = toFloat(x), wf = toFloat(w), dyf = toFloat(dy), bf = bias == null ? null : toFloat(bias);
        float[] y = poisonedF(g.outputSize()), dw = poisonedF(g.weightSize());
        ConvImplicitF32.forward(g, xf, 0, wf, 0, bf, 0, y, GUARD);
        ConvImplicitF32.backwardWeight(g, xf, 0, dyf, 0, dw, GUARD);
        float[] dx = null;
        if (inputGradientRuns(g)) {
            dx = poisonedF(g.inputSize());
            ConvImplicitF32.backwardInput(g, dyf, 0, wf, 0, dx, GUARD);
        }
        return new float[][] {y, dw, dx};
    }

    /**
     * The channel-lane forward gives the slot kernels' bits (same fused multiply-add chain per
     * output, bias added last), non-finite inputs included, and stays within the reference bound.
     */
    @Property(tries = 120)
    void channelLanesSameBitsAsSlots(@ForAll("wideGeometries") Conv2dGeometry g, @ForAll long seed) {
        checkChannelLanes(g, seed);
    }

    /**
     * The 16-register channel-lane forward: on 256-bit vectors every geometry here that the
     * implicit GEMM takes and whose output channels per group are whole vector pairs takes it;
     * same bits as the slot kernels.
     */
    @Property(tries = 60)
    void deepChannelLanesSameBitsAsSlots(@ForAll("deepGeometries") Conv2dGeometry g, @ForAll long seed) {
        assertTrue(g.patchSize() >= ConvImplicitF64.MIN_TAPS16, "patch " + g.patchSize());
        withLanes16(() -> {
            if (ConvImplicitF32.MR == 4) {
                assertEquals(ConvImplicitF32.applies(g) && g.outChannelsPerGroup() % (2 * Simd.F32.length()) == 0,
                        ConvImplicitF32.appliesChannelLanes(g), "f32 channel lanes on 16 registers " + g);
            }
            checkChannelLanes(g, seed);
        });
    }

    /**
     * Row-stride-1 geometries for the shifted planes: 6 to 16 input and 16 or 32 output channels per
     * group, 3×3 or 5×5 kernels (54 to 400 taps: one to four tap chunks of at most
     * {@link ConvImplicitF64#SHORT}), any padding and dilation, widths under, at and over the 5-pixel tile.
     */
    @Provide
    Arbitrary<Conv2dGeometry> shiftGeometries() {
        return geometries(Arbitraries.integers().between(1, 2), Arbitraries.of(16, 32), Arbitraries.of(6, 9, 13, 16),
                Arbitraries.of(3, 5), Arbitraries.of(1, 2, 4, 5, 6, 9, 14, 17))
                .filter(g -> g.strideH() == 1);
    }

    /**
     * The 16-register channel lanes over shifted planes ({@code kernelShift10}, on by default for row
     * stride 1) against the same lanes with per-pixel offsets ({@code kernelChannels16}) and the slot
     * kernels: forward and input gradient, bitwise, in double and float, non-finite inputs included.
     * Each output is the same fused multiply-add chain whichever kernel runs it.
     */
    @Property(tries = 80)
    void shiftedPlanesSameBitsAsPerPixelLanes(@ForAll("shiftGeometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] dy = gaussian(rnd, g.outputSize());
        if (rnd.nextInt(3) == 0) {
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < 1 + x.length / 80; i++) {
                x[rnd.nextInt(x.length)] = specials[rnd.nextInt(3)];
                dy[rnd.nextInt(dy.length)] = specials[rnd.nextInt(3)];
            }
        }
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        float[] xf = toFloat(x), dyf = toFloat(dy), wf = toFloat(w), bf = bias == null ? null : toFloat(bias);
        boolean input = ConvImplicitF64.appliesBackwardInput(g);
        withLanes16(() -> {
            double[][] d = new double[3][];
            float[][] f = new float[3][];
            double[][] dx = new double[3][];
            float[][] fx = new float[3][];
            for (int run = 0; run < 3; run++) {
                // run 0: shifted planes, 1: per-pixel offsets, 2: slot kernels
                try (Forced shift = force(ConvImplicitF64.SHIFT_OVERRIDE, ConvImplicitF32.SHIFT_OVERRIDE, run == 0);
                     Forced slots = force(ConvImplicitF64.FORCE_SLOTS, ConvImplicitF32.FORCE_SLOTS, run == 2)) {
                    d[run] = new double[g.outputSize()];
                    ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, d[run], 0);
                    f[run] = new float[g.outputSize()];
                    ConvImplicitF32.forward(g, xf, 0, wf, 0, bf, 0, f[run], 0);
                    if (input) {
                        dx[run] = new double[g.inputSize()];
                        ConvImplicitF64.backwardInput(g, dy, 0, w, 0, dx[run], 0);
                        fx[run] = new float[g.inputSize()];
                        ConvImplicitF32.backwardInput(g, dyf, 0, wf, 0, fx[run], 0);
                    }
                }
            }
            String lanes = " (lanes f64 " + ConvImplicitF64.appliesChannelLanes(g) + ", f32 "
                    + ConvImplicitF32.appliesChannelLanes(g) + ") " + g;
            assertArrayEquals(d[1], d[0], "f64 forward, shifted vs per-pixel" + lanes);
            assertArrayEquals(d[2], d[0], "f64 forward, shifted vs slots" + lanes);
            assertArrayEquals(f[1], f[0], "f32 forward, shifted vs per-pixel" + lanes);
            assertArrayEquals(f[2], f[0], "f32 forward, shifted vs slots" + lanes);
            if (input) {
                assertArrayEquals(dx[1], dx[0], "f64 input gradient, shifted vs per-pixel " + g);
                assertArrayEquals(dx[2], dx[0], "f64 input gradient, shifted vs slots " + g);
                assertArrayEquals(fx[1], fx[0], "f32 input gradient, shifted vs per-pixel " + g);
                assertArrayEquals(fx[2], fx[0], "f32 input gradient, shifted vs slots " + g);
            }
            if (!hasNonFinite(x)) {
                double[] ry = new double[g.outputSize()];
                double[] ay = new double[g.outputSize()];
                ConvReferenceF64.forward(g, x, w, bias, ry);
                ConvReferenceF64.forward(g, abs(x), abs(w), bias == null ? null : abs(bias), ay);
                assertClose(d[0], ry, ay, g.patchSize(), U64, "shifted forward f64 " + g);
            }
        });
    }

    /**
     * Stride-1 geometries with few taps (1 to 4 input channels per group, kernels 1 to 5: at most 100 taps, one
     * tap loop of {@code kernelShiftSlots}), 1 to 10 output channels per group (partial 4-channel slivers),
     * output rows of at least 4 (half a float vector on AVX2, where the implicit GEMM applies), planes under, at
     * and over a 2-slot tile, and plane ends inside a tile (LeNet-1's 28-pixel rows included).
     */
    @Provide
    Arbitrary<Conv2dGeometry> fewTapGeometries() {
        return geometries(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 10),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 5),
                Arbitraries.of(4, 5, 7, 8, 13, 14, 16, 17, 28, 33))
                .filter(g -> g.strideH() == 1 && g.patchSize() <= ConvImplicitF64.SHORT && g.outWidth() >= 4);
    }

    /**
     * The slot kernel over shifted planes ({@code kernelShiftSlots}: 4 channels × 2 slots of consecutive pixels
     * of the flattened plane, crossing rows) against the same slot kernel with the shifted planes switched off
     * (row slots, {@code kernel4}) and against the forced slot kernels: forward and input gradient, bitwise, in
     * double and float, non-finite inputs included. Each output is the same fused multiply-add chain.
     */
    @Property(tries = 120)
    void shiftSlotsSameBitsAsRowSlots(@ForAll("fewTapGeometries") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        double[] dy = gaussian(rnd, g.outputSize());
        if (rnd.nextInt(3) == 0) {
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
            for (int i = 0; i < 1 + x.length / 80; i++) {
                x[rnd.nextInt(x.length)] = specials[rnd.nextInt(4)];
                dy[rnd.nextInt(dy.length)] = specials[rnd.nextInt(4)];
            }
        }
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        float[] xf = toFloat(x), dyf = toFloat(dy), wf = toFloat(w), bf = bias == null ? null : toFloat(bias);
        boolean input = ConvImplicitF64.appliesBackwardInput(g);
        double[][] d = new double[3][];
        float[][] f = new float[3][];
        double[][] dx = new double[3][];
        float[][] fx = new float[3][];
        for (int run = 0; run < 3; run++) {
            // run 0: shifted slots, 1: row slots, 2: forced slot kernels
            try (Forced shift = force(ConvImplicitF64.SHIFT_SLOTS_OVERRIDE, ConvImplicitF32.SHIFT_SLOTS_OVERRIDE, run == 0);
                 Forced slots = force(ConvImplicitF64.FORCE_SLOTS, ConvImplicitF32.FORCE_SLOTS, run == 2)) {
                if (run == 0 && ConvImplicitF32.MR == 4 && ConvImplicitF32.applies(g) && !ConvImplicitF32.appliesChannelLanes(g)) {
                    assertTrue(ConvImplicitF32.shiftSlots(g), "f32 shifted slots on " + g);
                }
                if (run == 0 && ConvImplicitF64.MR == 4 && ConvImplicitF64.applies(g) && !ConvImplicitF64.appliesChannelLanes(g)) {
                    assertTrue(ConvImplicitF64.shiftSlots(g), "f64 shifted slots on " + g);
                }
                d[run] = new double[g.outputSize()];
                ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, d[run], 0);
                f[run] = new float[g.outputSize()];
                ConvImplicitF32.forward(g, xf, 0, wf, 0, bf, 0, f[run], 0);
                if (input) {
                    dx[run] = new double[g.inputSize()];
                    ConvImplicitF64.backwardInput(g, dy, 0, w, 0, dx[run], 0);
                    fx[run] = new float[g.inputSize()];
                    ConvImplicitF32.backwardInput(g, dyf, 0, wf, 0, fx[run], 0);
                }
            }
        }
        assertArrayEquals(d[1], d[0], "f64 forward, shifted vs row slots " + g);
        assertArrayEquals(d[2], d[0], "f64 forward, shifted vs forced slots " + g);
        assertArrayEquals(f[1], f[0], "f32 forward, shifted vs row slots " + g);
        assertArrayEquals(f[2], f[0], "f32 forward, shifted vs forced slots " + g);
        if (input) {
            assertArrayEquals(dx[1], dx[0], "f64 input gradient, shifted vs row slots " + g);
            assertArrayEquals(dx[2], dx[0], "f64 input gradient, shifted vs forced slots " + g);
            assertArrayEquals(fx[1], fx[0], "f32 input gradient, shifted vs row slots " + g);
            assertArrayEquals(fx[2], fx[0], "f32 input gradient, shifted vs forced slots " + g);
        }
        if (!hasNonFinite(x)) {
            double[] ry = new double[g.outputSize()];
            double[] ay = new double[g.outputSize()];
            ConvReferenceF64.forward(g, x, w, bias, ry);
            ConvReferenceF64.forward(g, abs(x), abs(w), bias == null ? null : abs(bias), ay);
            assertClose(d[0], ry, ay, g.patchSize(), U64, "shifted slots forward f64 " + g);
        }
    }

    /** LeNet's first layer forward (the shifted slot kernel with 16 registers) at 1, 2 and 3 threads, and against the slots. */
    @Example
    void lenet1ForwardSameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        try {
            Conv2dGeometry g = Conv2dGeometry.of(new int[] {12, 1, 28, 28}, new int[] {16, 1, 5, 5}, 1, 2, 1, 1);
            if (ConvImplicitF32.MR == 4) {
                assertEquals(Simd.ENABLED, ConvImplicitF32.shiftSlots(g), "shifted slots " + g);
            }
            assertTrue(2L * g.outputSize() * g.patchSize() >= Parallel.MIN_PARALLEL_FLOPS, "big enough to split");
            Random rnd = new Random(19);
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] bias = toFloat(gaussian(rnd, g.outChannels()));
            float[] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] y = new float[g.outputSize()];
                Conv2dF32.forward(g, x, 0, w, 0, bias, 0, y, 0);
                if (first == null) {
                    first = y;
                } else {
                    assertArrayEquals(first, y, "forward, threads=" + threads);
                }
            }
            float[] slots = forcedSlots(() -> {
                float[] r = new float[g.outputSize()];
                Conv2dF32.forward(g, x, 0, w, 0, bias, 0, r, 0);
                return r;
            });
            assertArrayEquals(slots, first, "forward, shifted slots vs slots");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Runs {@code body} with the 16-register channel-lane forward allowed on any JDK (it is on from JDK 25). */
    private static void withLanes16(Runnable body) {
        try (Forced lanes = force(ConvImplicitF64.LANES16_OVERRIDE, ConvImplicitF32.LANES16_OVERRIDE, true)) {
            body.run();
        }
    }

    /** The forward (channel lanes where they apply) against the forced slot kernels, bitwise, and the reference bound. */
    private static void checkChannelLanes(Conv2dGeometry g, long seed) {
        Random rnd = new Random(seed);
        double[] x = gaussian(rnd, g.inputSize());
        if (rnd.nextInt(4) == 0) {
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < 1 + x.length / 60; i++) {
                x[rnd.nextInt(x.length)] = specials[rnd.nextInt(3)];
            }
        }
        double[] w = gaussian(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        double[] y = new double[g.outputSize()];
        ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, y, 0);
        double[] slots = forcedSlots(() -> {
            double[] r = new double[g.outputSize()];
            ConvImplicitF64.forward(g, x, 0, w, 0, bias, 0, r, 0);
            return r;
        });
        assertArrayEquals(slots, y, "f64 channel lanes (" + ConvImplicitF64.appliesChannelLanes(g) + ") " + g);
        if (!hasNonFinite(x)) {
            double[] ry = new double[g.outputSize()];
            double[] ay = new double[g.outputSize()];
            ConvReferenceF64.forward(g, x, w, bias, ry);
            ConvReferenceF64.forward(g, abs(x), abs(w), bias == null ? null : abs(bias), ay);
            assertClose(y, ry, ay, g.patchSize(), U64, "channel-lane forward f64 " + g);
        }

        float[] xf = toFloat(x), wf = toFloat(w), bf = bias == null ? null : toFloat(bias);
        float[] yf = new float[g.outputSize()];
        ConvImplicitF32.forward(g, xf, 0, wf, 0, bf, 0, yf, 0);
        float[] slotsF = forcedSlots(() -> {
            float[] r = new float[g.outputSize()];
            ConvImplicitF32.forward(g, xf, 0, wf, 0, bf, 0, r, 0);
            return r;
        });
        assertArrayEquals(slotsF, yf, "f32 channel lanes (" + ConvImplicitF32.appliesChannelLanes(g) + ") " + g);
    }

    private static boolean hasNonFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    private static <T> T forcedSlots(java.util.function.Supplier<T> run) {
        try (Forced slots = force(ConvImplicitF64.FORCE_SLOTS, ConvImplicitF32.FORCE_SLOTS, true)) {
            return run.get();
        }
    }

    /** A test override in force on this thread until {@link #close}. */
    private interface Forced extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Sets a test override of a double kernel and the same override of its float twin on this
     * thread, until the returned handle is closed (both are then removed: back to the kernel's
     * own choice, or the override's initial value).
     */
    private static <T> Forced force(ThreadLocal<T> f64, ThreadLocal<T> f32, T value) {
        f64.set(value);
        f32.set(value);
        return () -> {
            f64.remove();
            f32.remove();
        };
    }

    /**
     * LeNet's second layer's shape (32 output channels, 400 taps: the channel-lane forward in
     * float on 512 and on 256 bits, the latter forced on for any JDK) at 1, 2 and 3 threads, and
     * the same bits as the slot kernels.
     */
    @Example
    void channelLanesSameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        ConvImplicitF32.LANES16_OVERRIDE.set(true);   // on 256 bits the channel lanes are on from JDK 25 only
        WinogradF32.OVERRIDE.set(false);   // this shape takes Winograd by default; the direct kernels are under test here
        try {
            Conv2dGeometry g = Conv2dGeometry.of(new int[] {6, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1);
            assertTrue(2L * g.outputSize() * g.patchSize() >= Parallel.MIN_PARALLEL_FLOPS, "big enough to split");
            Random rnd = new Random(12);
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] bias = toFloat(gaussian(rnd, g.outChannels()));
            float[] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] y = new float[g.outputSize()];
                Conv2dF32.forward(g, x, 0, w, 0, bias, 0, y, 0);
                if (first == null) {
                    first = y;
                } else {
                    assertArrayEquals(first, y, "forward, threads=" + threads);
                }
            }
            assertEquals(Simd.ENABLED, ConvImplicitF32.appliesChannelLanes(g), "channel lanes " + g);
            float[] slots = forcedSlots(() -> {
                float[] r = new float[g.outputSize()];
                Conv2dF32.forward(g, x, 0, w, 0, bias, 0, r, 0);
                return r;
            });
            assertArrayEquals(slots, first, "forward, channel lanes vs slots");
        } finally {
            ConvImplicitF32.LANES16_OVERRIDE.remove();
            WinogradF32.OVERRIDE.remove();
            Parallel.setThreads(saved);
        }
    }

    /** LeNet's first layer (one input channel, 16 output channels: the slotted path) at 1, 2 and 3 threads. */
    @Example
    void slottedWeightGradientSameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        try {
            Conv2dGeometry g = Conv2dGeometry.of(new int[] {20, 1, 28, 28}, new int[] {16, 1, 5, 5}, 1, 2, 1, 1);
            if (Simd.ENABLED && 16 < 2 * Simd.F32.length()) {
                assertTrue(ConvImplicitF32.appliesSlottedWeight(g), "16 channels < two float vectors: the slotted path");
            }
            assertTrue(2L * g.outputSize() * g.patchSize() >= Parallel.MIN_PARALLEL_FLOPS, "big enough to split");
            Random rnd = new Random(12);
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] dy = toFloat(gaussian(rnd, g.outputSize()));
            float[] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] dw = new float[g.weightSize()];
                Conv2dF32.backwardWeight(g, x, 0, dy, 0, dw, 0);
                if (first == null) {
                    first = dw;
                } else {
                    assertArrayEquals(first, dw, "weight gradient, threads=" + threads);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Example
    void sameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        try {
            Conv2dGeometry g = Conv2dGeometry.of(new int[] {20, 4, 14, 14}, new int[] {8, 4, 5, 5}, 1, 2, 1, 1);
            assertTrue(2L * g.outputSize() * g.patchSize() >= Parallel.MIN_PARALLEL_FLOPS, "big enough to split");
            Random rnd = new Random(11);
            float[] x = toFloat(gaussian(rnd, g.inputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] dy = toFloat(gaussian(rnd, g.outputSize()));
            float[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] y = new float[g.outputSize()];
                float[] dx = new float[g.inputSize()];
                float[] dw = new float[g.weightSize()];
                Conv2dF32.forward(g, x, 0, w, 0, null, 0, y, 0);
                Conv2dF32.backwardInput(g, dy, 0, w, 0, dx, 0);
                Conv2dF32.backwardWeight(g, x, 0, dy, 0, dw, 0);
                if (first == null) {
                    first = new float[][] {y, dx, dw};
                } else {
                    assertArrayEquals(first[0], y, "forward, threads=" + threads);
                    assertArrayEquals(first[1], dx, "input gradient, threads=" + threads);
                    assertArrayEquals(first[2], dw, "weight gradient, threads=" + threads);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The weight gradient's chunk sums, one vector pass over dw, add the chunks in chunk order
     * for every element, lanes and tail alike: the bits of copying chunk 0 and adding the others
     * pass by pass (the reduction's earlier form). Inputs spread over many magnitudes, so a
     * different order would round differently.
     */
    @Property(tries = 150)
    void chunkSumsAddInChunkOrder(@ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 10) int chunks,
                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 70) int ws,
                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int off, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] partial = new double[chunks * ws];
        for (int i = 0; i < partial.length; i++) partial[i] = rnd.nextGaussian() * Math.pow(2, rnd.nextInt(40) - 20);
        double[] expected = new double[off + ws];
        System.arraycopy(partial, 0, expected, off, ws);
        for (int c = 1; c < chunks; c++) for (int i = 0; i < ws; i++) expected[off + i] += partial[c * ws + i];
        double[] dw = new double[off + ws];
        ConvImplicitF64.sumChunks(partial, chunks, ws, dw, off);
        assertArrayEquals(expected, dw);

        float[] pf = toFloat(partial);
        float[] ef = new float[off + ws];
        System.arraycopy(pf, 0, ef, off, ws);
        for (int c = 1; c < chunks; c++) for (int i = 0; i < ws; i++) ef[off + i] += pf[c * ws + i];
        float[] df = new float[off + ws];
        ConvImplicitF32.sumChunks(pf, chunks, ws, df, off);
        assertArrayEquals(ef, df);
    }

    /**
     * Split over threads, the row weight kernel runs one task per chunk and panel of output
     * channels; the sums are those of one thread, bitwise, in double and float: a partial last
     * panel, two groups, a partial last chunk (13 images). The row kernel is forced on the
     * calling thread, and the decision must reach the tasks the other threads run.
     */
    @Example
    void rowWeightPanelTasksSameBitsForAnyThreadCount() {
        int saved = Parallel.threads();
        try (Forced rows = force(ConvImplicitF64.ROW_WEIGHT_OVERRIDE, ConvImplicitF32.ROW_WEIGHT_OVERRIDE, true)) {
            for (Conv2dGeometry g : List.of(
                    Conv2dGeometry.of(new int[] {13, 6, 13, 11}, new int[] {40, 6, 3, 3}, 1, 1, 1, 1),
                    Conv2dGeometry.of(new int[] {13, 8, 12, 12}, new int[] {36, 4, 3, 3}, 1, 1, 1, 2))) {
                Random rnd = new Random(23);
                double[] x = gaussian(rnd, g.inputSize());
                double[] dy = gaussian(rnd, g.outputSize());
                double[] firstD = null;
                float[] firstF = null;
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    double[] d = new double[g.weightSize()];
                    ConvImplicitF64.backwardWeight(g, x, 0, dy, 0, d, 0);
                    float[] f = new float[g.weightSize()];
                    ConvImplicitF32.backwardWeight(g, toFloat(x), 0, toFloat(dy), 0, f, 0);
                    if (firstD == null) {
                        firstD = d;
                        firstF = f;
                    } else {
                        assertArrayEquals(firstD, d, "f64 weight gradient, threads=" + threads + " " + g);
                        assertArrayEquals(firstF, f, "f32 weight gradient, threads=" + threads + " " + g);
                    }
                }
                double[] ref = new double[g.weightSize()];
                ConvReferenceF64.backwardWeight(g, x, dy, ref);
                double[] abs = new double[g.weightSize()];
                ConvReferenceF64.backwardWeight(g, abs(x), abs(dy), abs);
                assertClose(firstD, ref, abs, g.batch() * g.outputPlane(), U64, "f64 weight gradient vs reference " + g);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}

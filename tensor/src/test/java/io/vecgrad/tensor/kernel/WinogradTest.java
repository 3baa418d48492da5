package io.vecgrad.tensor.kernel;

import static io.vecgrad.tensor.kernel.Conv2dTest.gaussian;
import static io.vecgrad.tensor.kernel.Conv2dTest.toDouble;
import static io.vecgrad.tensor.kernel.Conv2dTest.toFloat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vecgrad.tensor.Convolution;
import io.vecgrad.tensor.Tensor;
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
 * {@link WinogradF64} / {@code WinogradF32}: the transform matrices (exactly, in rational
 * arithmetic), the error bound stated in the class Javadoc on generated shapes, the vector stages
 * against their scalar twins bit for bit, thread-count independence, and the dispatch.
 *
 * <p>The bound is checked as stated: {@code |y - y_exact| <= γ_N·(W + |bias|)} with
 * {@code N = Cin + 23}, {@code γ_N = N·u/(1 - N·u)} and {@code W} the {@code P}-weighted sum of
 * {@code |w||d|} over the tile's 6×6 window, with {@code P} computed here from the exact
 * matrices. {@code y_exact} is the float64 nested-loop reference on the same (float) values; its
 * own error, at most {@code γ_{K+1}(2^-53)} times the sum of absolute products, is added to the
 * allowance.
 */
@Tag("kernel")
class WinogradTest {
    private static final double U64 = Math.ulp(1.0) / 2;
    private static final double U32 = Math.ulp(1.0f) / 2;

    /** The matrices of the class Javadoc as exact fractions {num, den}. */
    private static final long[][][] BT = {
        {{1, 1}, {0, 1}, {-5, 1}, {0, 1}, {4, 1}, {0, 1}},
        {{0, 1}, {-1, 1}, {-1, 1}, {4, 1}, {4, 1}, {0, 1}},
        {{0, 1}, {1, 1}, {-1, 1}, {-4, 1}, {4, 1}, {0, 1}},
        {{0, 1}, {1, 1}, {2, 1}, {-1, 1}, {-2, 1}, {0, 1}},
        {{0, 1}, {-1, 1}, {2, 1}, {1, 1}, {-2, 1}, {0, 1}},
        {{0, 1}, {1, 1}, {0, 1}, {-5, 1}, {0, 1}, {4, 1}}};
    private static final long[][][] G = {
        {{1, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}},
        {{1, 6}, {1, 6}, {1, 6}, {1, 6}, {1, 6}},
        {{1, 6}, {-1, 6}, {1, 6}, {-1, 6}, {1, 6}},
        {{4, 3}, {2, 3}, {1, 3}, {1, 6}, {1, 12}},
        {{4, 3}, {-2, 3}, {1, 3}, {-1, 6}, {1, 12}},
        {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 4}}};
    private static final long[][][] AT = {
        {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 1}},
        {{0, 1}, {1, 1}, {-1, 1}, {1, 2}, {-1, 2}, {1, 1}}};

    /** {@code P_i(j,l) = Σ_k |A^T[i][k]| |G[k][j]| |B^T[k][l]|}, in double (exact to a few ulps). */
    private static final double[][][] P = new double[2][5][6];

    static {
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                for (int l = 0; l < 6; l++) {
                    double s = 0;
                    for (int k = 0; k < 6; k++) {
                        s += Math.abs(val(AT[i][k]) * val(G[k][j]) * val(BT[k][l]));
                    }
                    P[i][j][l] = s;
                }
            }
        }
    }

    private static double val(long[] f) {
        return (double) f[0] / f[1];
    }

    // ------------------------------------------------------------------ exact algebra

    /** Exact fractions over long: enough for these small integers. */
    private record Q(long n, long d) {
        static Q of(long n, long d) {
            if (d < 0) {
                n = -n;
                d = -d;
            }
            long g = gcd(Math.abs(n), d);
            return new Q(n / Math.max(g, 1), d / Math.max(g, 1));
        }

        static Q of(long[] f) {
            return of(f[0], f[1]);
        }

        Q plus(Q o) {
            return of(n * o.d + o.n * d, d * o.d);
        }

        Q times(Q o) {
            return of(n * o.n, d * o.d);
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /** The 1-D F(2,5): {@code A^T((G w) ⊙ (B^T d))} equals the correlation exactly on small integers. */
    @Property(tries = 300)
    void oneDimensionalAlgorithmIsExact(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] d = new long[6];
        long[] w = new long[5];
        for (int i = 0; i < 6; i++) {
            d[i] = rnd.nextInt(41) - 20;
        }
        for (int i = 0; i < 5; i++) {
            w[i] = rnd.nextInt(41) - 20;
        }
        Q[] m = new Q[6];
        for (int k = 0; k < 6; k++) {
            Q u = Q.of(0, 1);
            for (int j = 0; j < 5; j++) {
                u = u.plus(Q.of(G[k][j]).times(Q.of(w[j], 1)));
            }
            Q v = Q.of(0, 1);
            for (int l = 0; l < 6; l++) {
                v = v.plus(Q.of(BT[k][l]).times(Q.of(d[l], 1)));
            }
            m[k] = u.times(v);
        }
        for (int i = 0; i < 2; i++) {
            Q y = Q.of(0, 1);
            for (int k = 0; k < 6; k++) {
                y = y.plus(Q.of(AT[i][k]).times(m[k]));
            }
            long direct = 0;
            for (int j = 0; j < 5; j++) {
                direct += w[j] * d[i + j];
            }
            assertEquals(Q.of(direct, 1), y, "output " + i);
        }
    }

    /**
     * The kernel's formulas are those matrices: {@code bt} and the output formulas exactly on small
     * integers (every intermediate is an exact double), {@code gRow} within its stated 6 roundings.
     */
    @Property(tries = 200)
    void implementedTransformsAreTheMatrices(@ForAll long seed) {
        Random rnd = new Random(seed);
        double[] d = new double[6];
        for (int i = 0; i < 6; i++) {
            d[i] = rnd.nextInt(2001) - 1000;
        }
        double[] r = new double[6];
        WinogradF64.bt(d[0], d[1], d[2], d[3], d[4], d[5], r);
        for (int k = 0; k < 6; k++) {
            double e = 0;
            for (int l = 0; l < 6; l++) {
                e += val(BT[k][l]) * d[l];
            }
            assertEquals(e, r[k], 0, "B^T row " + k);
        }
        float[] rf = new float[6];
        WinogradF32.bt((float) d[0], (float) d[1], (float) d[2], (float) d[3], (float) d[4], (float) d[5], rf);
        for (int k = 0; k < 6; k++) {
            assertEquals(r[k], rf[k], 0, "B^T row " + k + " (float)");
        }
        // Output transform through the scalar twin on one tile whose M is zero but for row a = 0 / column 0.
        double[] m = new double[36];
        for (int k = 0; k < 36; k++) {
            m[k] = rnd.nextInt(2001) - 1000;
        }
        double[] out = new double[4];
        WinogradF64.outputScalar(m, 0, 1, false, 0, out);
        for (int rr = 0; rr < 2; rr++) {
            for (int c = 0; c < 2; c++) {
                double e = 0;
                for (int a = 0; a < 6; a++) {
                    for (int b = 0; b < 6; b++) {
                        e += val(AT[rr][a]) * m[a * 6 + b] * val(AT[c][b]);
                    }
                }
                assertEquals(e, out[2 * rr + c], 0, "A^T M A (" + rr + "," + c + ")");
            }
        }
        double[] w = new double[5];
        for (int i = 0; i < 5; i++) {
            w[i] = rnd.nextGaussian();
        }
        for (int a = 0; a < 6; a++) {
            double e = 0;
            double abs = 0;
            for (int j = 0; j < 5; j++) {
                e += val(G[a][j]) * w[j];
                abs += Math.abs(val(G[a][j]) * w[j]);
            }
            double got = WinogradF64.gRow(a, w[0], w[1], w[2], w[3], w[4]);
            assertTrue(Math.abs(got - e) <= gamma(7, U64) * abs, "G row " + a + ": " + got + " vs " + e);
        }
    }

    // ------------------------------------------------------------------ generated shapes

    @Provide
    Arbitrary<Conv2dGeometry> shapes() {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 2),     // 0 batch
                Arbitraries.integers().between(1, 12),    // 1 in channels
                Arbitraries.integers().between(1, 13),    // 2 out channels (slivers of 6 and 4, padded)
                Arbitraries.integers().between(1, 15),    // 3 height
                Arbitraries.integers().between(1, 19),    // 4 width (tile rows shorter and longer than a vector)
                Arbitraries.integers().between(0, 2),     // 5 padding h
                Arbitraries.integers().between(0, 2));    // 6 padding w
        return Combinators.combine(parts)
                .filter(p -> p.get(3) + 2 * p.get(5) >= 5 && p.get(4) + 2 * p.get(6) >= 5)
                .as(p -> Conv2dGeometry.of(new int[] {p.get(0), p.get(1), p.get(3), p.get(4)},
                        new int[] {p.get(2), p.get(1), 5, 5}, 1, 1, p.get(5), p.get(6), 1, 1, 1));
    }

    /**
     * Shapes with more input channels than one group of V (16 to 64 channels, by the block's tile
     * slots): the channel sums continue across groups from the stored partial sums.
     */
    @Provide
    Arbitrary<Conv2dGeometry> deepShapes() {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(17, 150),  // 0 in channels
                Arbitraries.integers().between(1, 13),    // 1 out channels
                Arbitraries.integers().between(5, 9),     // 2 height
                Arbitraries.integers().between(5, 40),    // 3 width (blocks of 32 to 128 tile slots)
                Arbitraries.integers().between(0, 2));    // 4 padding
        return Combinators.combine(parts)
                .as(p -> Conv2dGeometry.of(new int[] {1, p.get(0), p.get(2), p.get(3)},
                        new int[] {p.get(1), p.get(0), 5, 5}, 1, 1, p.get(4), p.get(4), 1, 1, 1));
    }

    /** As {@link #floatWithinBoundAndSameBitsAsScalarTwins}, with sums over more than one channel group. */
    @Property(tries = 30)
    void deepChannelSumsWithinBoundAndSameBitsAsScalarTwins(@ForAll("deepShapes") Conv2dGeometry g, @ForAll long seed) {
        floatWithinBoundAndSameBitsAsScalarTwins(g, seed);
    }

    /** Float: within the stated bound of the exact result, and the vector path equals the scalar twins bit for bit. */
    @Property(tries = 120)
    void floatWithinBoundAndSameBitsAsScalarTwins(@ForAll("shapes") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = toFloat(scaled(rnd, g.inputSize()));
        float[] w = toFloat(scaled(rnd, g.weightSize()));
        float[] bias = rnd.nextBoolean() ? toFloat(gaussian(rnd, g.outChannels())) : null;
        float[] y = new float[g.outputSize()];
        WinogradF32.forward(g, x, 0, w, 0, bias, 0, y, 0, true);
        float[] ys = new float[g.outputSize()];
        WinogradF32.forward(g, x, 0, w, 0, bias, 0, ys, 0, false);
        assertArrayEquals(ys, y, "vector vs scalar twins " + g);
        double[] bd = bias == null ? null : toDouble(bias);
        checkBound(g, toDouble(x), toDouble(w), bd, toDouble(y), U32, "f32 " + g);
    }

    /** Double: within the bound (u = 2^-53) of the direct float64 path, plus that path's own allowance. */
    @Property(tries = 60)
    void doubleWithinBoundOfDirectPath(@ForAll("shapes") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] x = scaled(rnd, g.inputSize());
        double[] w = scaled(rnd, g.weightSize());
        double[] bias = rnd.nextBoolean() ? gaussian(rnd, g.outChannels()) : null;
        double[] y = new double[g.outputSize()];
        WinogradF64.forward(g, x, 0, w, 0, bias, 0, y, 0, true);
        double[] ys = new double[g.outputSize()];
        WinogradF64.forward(g, x, 0, w, 0, bias, 0, ys, 0, false);
        assertArrayEquals(ys, y, "vector vs scalar twins " + g);
        double[] direct = new double[g.outputSize()];
        try (Forced off = off()) {
            assertFalse(WinogradF64.applies(g));
            Conv2dF64.forward(g, x, 0, w, 0, bias, 0, direct, 0);
        }
        // |wino - direct| <= |wino - exact| + |direct - exact|; the second is the direct path's dot-product bound.
        checkBound(g, x, w, bias, y, direct, U64, U64, "f64 " + g);
    }

    /** Each vector stage (input transform, GEMM, output transform) equals its scalar twin bit for bit on every block. */
    @Property(tries = 60)
    void eachVectorStageSameBitsAsScalarTwin(@ForAll("shapes") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = toFloat(gaussian(rnd, g.inputSize()));
        float[] w = toFloat(gaussian(rnd, g.weightSize()));
        float[] bias = rnd.nextBoolean() ? toFloat(gaussian(rnd, g.outChannels())) : null;
        WinogradF32.Plan p = WinogradF32.plan(g);
        float[] u = new float[WinogradF32.POS * p.coutP * g.inChannels()];
        WinogradF32.transformWeights(g, w, 0, false, p.coutP, u, new float[55]);
        WinogradF32.Scratch sv = new WinogradF32.Scratch();
        WinogradF32.Scratch ss = new WinogradF32.Scratch();
        float[] yv = new float[g.outputSize()];
        float[] ys = new float[g.outputSize()];
        for (int b = 0; b < p.blocks; b++) {
            sv.fit(p);
            ss.fit(p);
            int q0 = b * p.rows;
            int q1 = Math.min(g.batch() * p.th, q0 + p.rows);
            int nt = (q1 - q0) * p.tw;
            WinogradF32.inputTransform(p, q0, q1, b, x, 0, sv, true);
            WinogradF32.inputTransform(p, q0, q1, b, x, 0, ss, false);
            for (int pos = 0; pos < WinogradF32.POS; pos++) {
                for (int ci = 0; ci < g.inChannels(); ci++) {
                    for (int t = 0; t < nt; t++) {
                        int at = ci / p.group * WinogradF32.VG + pos * WinogradF32.PG + ci % p.group * p.ts + t;
                        assertEquals(Float.floatToRawIntBits(ss.v[at]), Float.floatToRawIntBits(sv.v[at]),
                                "V pos " + pos + " ci " + ci + " tile " + t + " block " + b + " " + g);
                    }
                }
            }
            WinogradF32.gemm(p, nt, u, sv, true);
            WinogradF32.gemm(p, nt, u, ss, false);
            for (int pos = 0; pos < WinogradF32.POS; pos++) {
                for (int co = 0; co < g.outChannels(); co++) {
                    for (int t = 0; t < nt; t++) {
                        int at = co * p.cs + pos * p.ts + t;
                        assertEquals(Float.floatToRawIntBits(ss.m[at]), Float.floatToRawIntBits(sv.m[at]),
                                "M pos " + pos + " co " + co + " tile " + t + " block " + b + " " + g);
                    }
                }
            }
            WinogradF32.tileTables(p, q0, nt, ss);
            WinogradF32.outputTransform(p, q0, q1, nt, bias, 0, yv, 0, sv, true);
            WinogradF32.outputTransform(p, q0, q1, nt, bias, 0, ys, 0, ss, false);
        }
        assertArrayEquals(ys, yv, "output transform " + g);
    }

    @Provide
    Arbitrary<Conv2dGeometry> gradientShapes() {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 2),     // 0 batch
                Arbitraries.integers().between(1, 13),    // 1 in channels (the transposed problem's output channels)
                Arbitraries.integers().between(1, 12),    // 2 out channels (its input channels)
                Arbitraries.integers().between(1, 13),    // 3 height
                Arbitraries.integers().between(1, 17),    // 4 width
                Arbitraries.integers().between(2, 4),     // 5 padding h (transposed: 4 - p)
                Arbitraries.integers().between(2, 4));    // 6 padding w
        return Combinators.combine(parts)
                .filter(p -> p.get(3) + 2 * p.get(5) >= 5 && p.get(4) + 2 * p.get(6) >= 5)
                .as(p -> Conv2dGeometry.of(new int[] {p.get(0), p.get(1), p.get(3), p.get(4)},
                        new int[] {p.get(2), p.get(1), 5, 5}, 1, 1, p.get(5), p.get(6), 1, 1, 1));
    }

    /**
     * The input gradient through the transposed problem: vector equals scalar twins bit for bit, and
     * within the bound (with the transposed problem's Cin = Cout channels and the flipped weights)
     * of the float64 reference input gradient.
     */
    @Property(tries = 80)
    void inputGradientWithinBoundAndSameBitsAsScalarTwins(@ForAll("gradientShapes") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] dy = toFloat(scaled(rnd, g.outputSize()));
        float[] w = toFloat(scaled(rnd, g.weightSize()));
        float[] dx = new float[g.inputSize()];
        WinogradF32.backwardInput(g, dy, 0, w, 0, dx, 0, true);
        float[] dxs = new float[g.inputSize()];
        WinogradF32.backwardInput(g, dy, 0, w, 0, dxs, 0, false);
        assertArrayEquals(dxs, dx, "vector vs scalar twins " + g);
        double[] wd = toDouble(w);
        double[] ref = new double[g.inputSize()];
        ConvReferenceF64.backwardInput(g, toDouble(dy), wd, ref);
        int cin = g.inChannels();
        int cout = g.outChannels();
        double[] flipped = new double[wd.length];
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
                for (int k = 0; k < 25; k++) {
                    flipped[(ci * cout + co) * 25 + k] = wd[(co * cin + ci) * 25 + 24 - k];
                }
            }
        }
        checkBound(WinogradF32.transposed(g), toDouble(dy), flipped, null, toDouble(dx), ref, U32, U64, "input gradient " + g);
    }

    /** LeNet's second layer's input gradient: Winograd by default in float, bitwise the same at 1, 2 and 3 threads. */
    @Example
    void lenet2InputGradientSameBitsForAnyThreadCount() {
        Conv2dGeometry g = Conv2dGeometry.of(new int[] {12, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1);
        assertEquals(Simd.ENABLED && WinogradF32.ENABLED, WinogradF32.appliesBackwardInput(g), "float default");
        assertFalse(WinogradF64.appliesBackwardInput(g), "double default");
        int saved = Parallel.threads();
        try (Forced on = on()) {
            Random rnd = new Random(23);
            float[] dy = toFloat(gaussian(rnd, g.outputSize()));
            float[] w = toFloat(gaussian(rnd, g.weightSize()));
            float[] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] dx = new float[g.inputSize()];
                Conv2dF32.backwardInput(g, dy, 0, w, 0, dx, 0);
                if (first == null) {
                    first = dx;
                } else {
                    assertArrayEquals(first, dx, "threads=" + threads);
                }
            }
            float[] direct = new float[g.inputSize()];
            WinogradF32.backwardInput(g, dy, 0, w, 0, direct, 0, true);
            assertArrayEquals(direct, first, "dispatched to the Winograd kernel");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    // ------------------------------------------------------------------ dispatch, threads, public API

    /** LeNet's second layer: Winograd by default in float (not in double), bitwise the same at 1, 2 and 3 threads. */
    @Example
    void lenet2SameBitsForAnyThreadCount() {
        Conv2dGeometry g = Conv2dGeometry.of(new int[] {12, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1);
        assertEquals(Simd.ENABLED && WinogradF32.ENABLED, WinogradF32.applies(g), "float default");
        assertFalse(WinogradF64.applies(g), "double default");
        assertTrue(2L * g.outputSize() * g.patchSize() >= Parallel.MIN_PARALLEL_FLOPS, "big enough to split");
        int saved = Parallel.threads();
        try (Forced on = on()) {
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
                    assertArrayEquals(first, y, "threads=" + threads);
                }
            }
            checkBound(g, toDouble(x), toDouble(w), toDouble(bias), toDouble(first), U32, "lenet2");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Through the public {@code Convolution.conv2d}: Winograd on and forced off agree within the bound; off is the direct path. */
    @Property(tries = 30)
    void publicConv2dOnAndOffWithinBound(@ForAll("shapes") Conv2dGeometry g, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = toFloat(gaussian(rnd, g.inputSize()));
        float[] w = toFloat(gaussian(rnd, g.weightSize()));
        float[] bias = toFloat(gaussian(rnd, g.outChannels()));
        Convolution.Conv2dSpec spec = new Convolution.Conv2dSpec(1, 1, g.padH(), g.padW(), 1, 1, 1);
        float[] on;
        float[] off;
        try (Forced f = on()) {
            on = Convolution.conv2d(Tensor.of(x, g.inputShape()), Tensor.of(w, g.weightShape()),
                    Tensor.of(bias, g.outChannels()), spec).toFloatArray();
        }
        try (Forced f = off()) {
            off = Convolution.conv2d(Tensor.of(x, g.inputShape()), Tensor.of(w, g.weightShape()),
                    Tensor.of(bias, g.outChannels()), spec).toFloatArray();
        }
        float[] wino = new float[g.outputSize()];
        WinogradF32.forward(g, x, 0, w, 0, bias, 0, wino, 0, true);
        assertArrayEquals(wino, on, "on = the Winograd kernel " + g);
        // off and on each within their bound of the exact result: on via checkBound, off via the dot-product bound.
        checkBound(g, toDouble(x), toDouble(w), toDouble(bias), toDouble(on), toDouble(off), U32, U32, "public " + g);
    }

    /** Geometries outside the algorithm are never dispatched to it, even when forced on. */
    @Example
    void ineligibleGeometriesKeepTheDirectPath() {
        try (Forced f = on()) {
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 8, 9, 9}, new int[] {8, 8, 3, 3}, 1, 1, 1, 1)));
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 8, 9, 9}, new int[] {8, 8, 5, 5}, 2, 2, 1, 1)));
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 8, 9, 9}, new int[] {8, 8, 5, 5}, 1, 3, 1, 1)));
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 8, 12, 12}, new int[] {8, 8, 5, 5}, 1, 2, 2, 1)));
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 8, 9, 9}, new int[] {8, 4, 5, 5}, 1, 2, 1, 2)));
            assertTrue(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 1, 5, 5}, new int[] {1, 1, 5, 5}, 1, 0, 1, 1)));
            // The widest tile row that fits a block's TS tile slots, and one vector of tiles more.
            int widest = 2 * WinogradF32.TS;
            assertTrue(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 1, 5, widest}, new int[] {1, 1, 5, 5}, 1, 2, 1, 1)));
            assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 1, 5, widest + 1}, new int[] {1, 1, 5, 5}, 1, 2, 1, 1)));
        }
        // At the widest, one tile row fills all TS slots of a block.
        floatWithinBoundAndSameBitsAsScalarTwins(
                Conv2dGeometry.of(new int[] {2, 3, 7, 2 * WinogradF32.TS}, new int[] {7, 3, 5, 5}, 1, 2, 1, 1), 11);
        assertFalse(WinogradF32.applies(Conv2dGeometry.of(new int[] {1, 4, 9, 9}, new int[] {16, 4, 5, 5}, 1, 2, 1, 1)),
                "default: too few input channels");
    }

    // ------------------------------------------------------------------ the bound

    private static double gamma(int n, double u) {
        return n * u / (1 - n * u);
    }

    private static void checkBound(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y, double u, String what) {
        double[] exact = new double[g.outputSize()];
        ConvReferenceF64.forward(g, x, w, bias, exact);
        checkBound(g, x, w, bias, y, exact, u, U64, what);
    }

    /**
     * Checks {@code |y - ref| <= γ_N(u)·(W + |bias|) + γ_{K+1}(uRef)·(Σ_rf|x||w| + |bias|)}: the first term is the
     * Winograd bound, the second the reference's own dot-product error ({@code K = 25·Cin} products and the bias),
     * with {@code uRef = 2^-53} for the float64 reference and the direct path's own unit roundoff otherwise.
     */
    private static void checkBound(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y, double[] ref,
                                   double u, double uRef, String what) {
        int cin = g.inChannels();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int ih = g.inHeight();
        int iw = g.inWidth();
        double gN = gamma(cin + 23, u);
        double gRef = gamma(25 * cin + 1, uRef);
        double[][] s = new double[5][6];
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int th = 0; th < (oh + 1) / 2; th++) {
                    for (int tw = 0; tw < (ow + 1) / 2; tw++) {
                        double[] wsum = new double[4];
                        for (int ci = 0; ci < cin; ci++) {
                            int wb = (co * cin + ci) * 25;
                            int xb = (n * cin + ci) * ih * iw;
                            for (int c = 0; c < 2; c++) {
                                // s[j1][l1] = Σ_{j2,l2} P_c(j2,l2) |w[j1][j2]| |d[l1][l2]|
                                for (int j1 = 0; j1 < 5; j1++) {
                                    for (int l1 = 0; l1 < 6; l1++) {
                                        int r = 2 * th - g.padH() + l1;
                                        double acc = 0;
                                        if (r >= 0 && r < ih) {
                                            for (int j2 = 0; j2 < 5; j2++) {
                                                double aw = Math.abs(w[wb + j1 * 5 + j2]);
                                                for (int l2 = 0; l2 < 6; l2++) {
                                                    int col = 2 * tw - g.padW() + l2;
                                                    if (col >= 0 && col < iw) {
                                                        acc += P[c][j2][l2] * aw * Math.abs(x[xb + r * iw + col]);
                                                    }
                                                }
                                            }
                                        }
                                        s[j1][l1] = acc;
                                    }
                                }
                                for (int r = 0; r < 2; r++) {
                                    double acc = 0;
                                    for (int j1 = 0; j1 < 5; j1++) {
                                        for (int l1 = 0; l1 < 6; l1++) {
                                            acc += P[r][j1][l1] * s[j1][l1];
                                        }
                                    }
                                    wsum[2 * r + c] += acc;
                                }
                            }
                        }
                        for (int r = 0; r < 2; r++) {
                            for (int c = 0; c < 2; c++) {
                                int oy = 2 * th + r;
                                int ox = 2 * tw + c;
                                if (oy >= oh || ox >= ow) {
                                    continue;
                                }
                                double b = bias == null ? 0 : Math.abs(bias[co]);
                                double rf = receptiveAbs(g, x, w, n, co, oy, ox);
                                double allow = gN * (wsum[2 * r + c] + b) + gRef * (rf + b);
                                int at = ((n * g.outChannels() + co) * oh + oy) * ow + ox;
                                double err = Math.abs(y[at] - ref[at]);
                                if (!(err <= allow)) {
                                    fail(what + ": output " + at + " = " + y[at] + ", reference " + ref[at] + ", error "
                                            + err + " > allowed " + allow);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Σ|x||w| over the receptive field of one output (the direct sum's error scale). */
    private static double receptiveAbs(Conv2dGeometry g, double[] x, double[] w, int n, int co, int oy, int ox) {
        int cin = g.inChannels();
        double s = 0;
        for (int ci = 0; ci < cin; ci++) {
            for (int i = 0; i < 5; i++) {
                int r = oy - g.padH() + i;
                if (r < 0 || r >= g.inHeight()) {
                    continue;
                }
                for (int j = 0; j < 5; j++) {
                    int c = ox - g.padW() + j;
                    if (c >= 0 && c < g.inWidth()) {
                        s += Math.abs(x[((n * cin + ci) * g.inHeight() + r) * g.inWidth() + c]) * Math.abs(w[((co * cin + ci) * 5 + i) * 5 + j]);
                    }
                }
            }
        }
        return s;
    }

    /** Gaussian values, a quarter of them scaled by 2^±20, so cancellation between large and small terms is exercised. */
    private static double[] scaled(Random rnd, int n) {
        double[] a = gaussian(rnd, n);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(8);
            if (k == 0) {
                a[i] *= 1 << 20;
            } else if (k == 1) {
                a[i] /= 1 << 20;
            }
        }
        return a;
    }

    // ------------------------------------------------------------------ overrides

    /** Restores both twins' override on close. */
    record Forced(Boolean f64, Boolean f32) implements AutoCloseable {
        @Override
        public void close() {
            WinogradF64.OVERRIDE.set(f64);
            WinogradF32.OVERRIDE.set(f32);
        }
    }

    static Forced on() {
        return force(true);
    }

    static Forced off() {
        return force(false);
    }

    private static Forced force(boolean v) {
        Forced saved = new Forced(WinogradF64.OVERRIDE.get(), WinogradF32.OVERRIDE.get());
        WinogradF64.OVERRIDE.set(v);
        WinogradF32.OVERRIDE.set(v);
        return saved;
    }
}

package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * GemmF64 and the generated GemmF32 against the reference triple loop.
 *
 * <p>Tolerance, elementwise: |C - Cref| ≤ 2·(k+2)·eps·((|A|·|B|)(i,j) + |C0(i,j)|), with eps the
 * unit roundoff of the dtype (2^-53, 2^-24) and C0 the initial C when accumulating. Both the
 * kernel and the reference round each of their k+1 additions, hence the factor 2.
 */
@Tag("kernel")
class GemmTest {
    /** How an m×k or k×n operand is laid out in its array. */
    enum Layout { ROW_MAJOR, TRANSPOSED, PADDED, STRIDED, ZERO_ROW_STRIDE, ZERO_COL_STRIDE }

    /** An operand as the kernel sees it: array, offset, row stride, column stride. */
    record Operand(double[] data, int off, int rs, int cs) {
        double at(int r, int c) {
            return data[off + r * rs + c * cs];
        }

        float[] floats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }
    }

    static Operand operand(int rows, int cols, Layout layout, Random rnd) {
        int off = rnd.nextInt(4);
        int rs;
        int cs;
        switch (layout) {
            case ROW_MAJOR: rs = cols; cs = 1; break;
            case TRANSPOSED: rs = 1; cs = rows; break;
            case PADDED: rs = cols + 3; cs = 1; break;
            case STRIDED: rs = 2 * cols + 1; cs = 2; break;
            case ZERO_ROW_STRIDE: rs = 0; cs = 1; break;
            default: rs = 1; cs = 0; break;
        }
        int size = off + Math.max(0, rows - 1) * rs + Math.max(0, cols - 1) * cs + 1;
        double[] data = new double[size];
        for (int i = 0; i < size; i++) {
            // float-representable values, so both dtypes multiply the same numbers
            data[i] = (float) rnd.nextGaussian();
        }
        return new Operand(data, off, rs, cs);
    }

    @Provide
    Arbitrary<Integer> dim() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(0, 1, 2, 3, 5, 6, 7, 8, 11, 13, 16, 17, 31, 32, 33, 37)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(97, 255, 257, 263)));
    }

    @Property(tries = 150)
    void f64MatchesReference(@ForAll("dim") int m, @ForAll("dim") int n, @ForAll("dim") int k,
                             @ForAll Layout la, @ForAll Layout lb, @ForAll boolean accumulate, @ForAll long seed) {
        checkF64(m, n, k, la, lb, accumulate, seed);
    }

    @Property(tries = 150)
    void f32MatchesReference(@ForAll("dim") int m, @ForAll("dim") int n, @ForAll("dim") int k,
                             @ForAll Layout la, @ForAll Layout lb, @ForAll boolean accumulate, @ForAll long seed) {
        checkF32(m, n, k, la, lb, accumulate, seed);
    }

    /**
     * The unpacked small-matrix path (called directly, any n, so the masked column tail runs; any
     * layout of B, so the row-major copy of a transposed or strided B runs) gives the same bits as
     * the blocked path; C has padding columns (ldc > n) that neither path may touch.
     */
    @Property(tries = 300)
    void smallPathIsBitwiseTheBlockedPath(@ForAll("small") int m, @ForAll("small") int n, @ForAll("small") int k,
                                          @ForAll Layout la, @ForAll Layout lb, @ForAll boolean paddedC, @ForAll boolean accumulate,
                                          @ForAll long seed) {
        Random rnd = new Random(seed);
        Operand a = operand(m, k, la, rnd);
        Operand b = operand(k, n, lb, rnd);
        int ldc = paddedC ? n + 3 : n;
        double[] c0 = new double[(m - 1) * ldc + n + 5];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) rnd.nextGaussian();
        }
        double[] small = c0.clone();
        double[] blocked = c0.clone();
        GemmSmallF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), b.data(), b.off(), b.rs(), b.cs(), small, 5, ldc, accumulate);
        GemmBlockedF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), b.data(), b.off(), b.rs(), b.cs(), blocked, 5, ldc, accumulate);
        assertArrayEquals(blocked, small);

        float[] cf = new float[c0.length];
        for (int i = 0; i < cf.length; i++) {
            cf[i] = (float) c0[i];
        }
        float[] smallF = cf.clone();
        float[] blockedF = cf.clone();
        GemmSmallF32.gemm(m, n, k, a.floats(), a.off(), a.rs(), a.cs(), b.floats(), b.off(), b.rs(), b.cs(), smallF, 5, ldc, accumulate);
        GemmBlockedF32.gemm(m, n, k, a.floats(), a.off(), a.rs(), a.cs(), b.floats(), b.off(), b.rs(), b.cs(), blockedF, 5, ldc, accumulate);
        assertArrayEquals(blockedF, smallF);
    }

    /**
     * Packing a column-contiguous B (four columns side by side, then one at a time) lays out
     * exactly what a walk of every element does: (p, q·NR + jj) at {@code q·kc·NR + p·NR + jj},
     * zero past the last column, for every column count mod 4 and partial panels.
     */
    @Example
    void packingATransposedBIsTheElementWalk() {
        Random rnd = new Random(19);
        for (int kc : new int[] {1, 3, 16, 37}) {
            for (int nc = 1; nc <= 2 * GemmBlockedF32.NR + 5; nc++) {
                int bCs = kc + 3, off = 2;
                double[] b = new double[off + nc * bCs];
                for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
                double[] got = new double[panelSize(kc, nc, GemmBlockedF64.NR) + 7];
                java.util.Arrays.fill(got, Double.NaN);
                java.util.Arrays.fill(got, panelSize(kc, nc, GemmBlockedF64.NR), got.length, 0);
                GemmBlockedF64.pack(kc, nc, b, off, 1, bCs, got);
                assertArrayEquals(elementWalk(kc, nc, b, off, bCs, GemmBlockedF64.NR, got.length), got, "kc " + kc + " nc " + nc);
                float[] bf = new Operand(b, 0, 0, 0).floats();
                float[] gotF = new float[panelSize(kc, nc, GemmBlockedF32.NR) + 7];
                java.util.Arrays.fill(gotF, Float.NaN);
                java.util.Arrays.fill(gotF, panelSize(kc, nc, GemmBlockedF32.NR), gotF.length, 0);
                GemmBlockedF32.pack(kc, nc, bf, off, 1, bCs, gotF);
                double[] wantF = elementWalk(kc, nc, b, off, bCs, GemmBlockedF32.NR, gotF.length);
                for (int i = 0; i < gotF.length; i++) assertEquals((float) wantF[i], gotF[i], "float kc " + kc + " nc " + nc + " at " + i);
            }
        }
    }

    private static int panelSize(int kc, int nc, int nr) {
        return (nc + nr - 1) / nr * kc * nr;
    }

    /** Panel q holds (p, q·nr + jj) at {@code q·kc·nr + p·nr + jj}; zero elsewhere. */
    private static double[] elementWalk(int kc, int nc, double[] b, int off, int bCs, int nr, int length) {
        double[] want = new double[length];
        for (int j = 0; j < nc; j++) {
            for (int p = 0; p < kc; p++) want[(j / nr) * kc * nr + p * nr + j % nr] = b[off + p + j * bCs];
        }
        return want;
    }

    /**
     * A column-contiguous B (a linear layer's {@code Wᵀ}) with few rows of A takes the transposed
     * route ({@code Cᵀ = Bᵀ·Aᵀ}, {@link GemmBlockedF64#transposes}); it must give the bits of the
     * same product with B copied row-major (the plain route), with and without accumulation and
     * the bias + ReLU epilogue, at 1 and 2 threads, and stay within the reference bound.
     */
    @Property(tries = 120, maxDiscardRatio = 30)
    void transposedRouteIsBitwiseTheRowMajorRoute(@ForAll("fewRows") int m, @ForAll("manyCols") int n, @ForAll("depth") int k,
                                                  @ForAll Layout la, @ForAll boolean accumulate, @ForAll boolean relu,
                                                  @ForAll boolean twoThreads, @ForAll long seed) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            net.jqwik.api.Assume.that(GemmBlockedF64.transposes(m, n, k, 1, k + 2, accumulate));
            net.jqwik.api.Assume.that(GemmBlockedF32.transposes(m, n, k, 1, k + 2, accumulate));
            Parallel.setThreads(twoThreads ? 2 : 1);
            Random rnd = new Random(seed);
            Operand a = operand(m, k, la, rnd);
            double[] bt = new double[1 + n * (k + 2)];
            double[] br = new double[n * k];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    double v = (float) rnd.nextGaussian();
                    bt[1 + j * (k + 2) + p] = v;
                    br[p * n + j] = v;
                }
            }
            double[] bias = new double[n + 2];
            for (int j = 0; j < bias.length; j++) bias[j] = (float) rnd.nextGaussian();
            double[] c0 = new double[3 + m * n];
            for (int i = 0; i < c0.length; i++) c0[i] = (float) rnd.nextGaussian();

            double[] viaT = c0.clone(), viaR = c0.clone(), ref = c0.clone();
            GemmF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), bt, 1, 1, k + 2, viaT, 3, n, accumulate);
            GemmF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), br, 0, n, 1, viaR, 3, n, accumulate);
            assertArrayEquals(viaR, viaT, "F64 gemm");
            GemmReferenceF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), br, 0, n, 1, ref, 3, n, accumulate);
            compare(m, n, k, a, new Operand(br, 0, n, 1), c0, 3, n, accumulate, viaT, ref, 0x1p-53);
            viaT = c0.clone();
            viaR = c0.clone();
            GemmF64.gemmBiasRelu(m, n, k, a.data(), a.off(), a.rs(), a.cs(), bt, 1, 1, k + 2, viaT, 3, n, bias, 2, relu);
            GemmF64.gemmBiasRelu(m, n, k, a.data(), a.off(), a.rs(), a.cs(), br, 0, n, 1, viaR, 3, n, bias, 2, relu);
            assertArrayEquals(viaR, viaT, "F64 gemmBiasRelu");

            float[] af = a.floats(), btf = new Operand(bt, 0, 0, 0).floats(), brf = new Operand(br, 0, 0, 0).floats();
            float[] biasf = new Operand(bias, 0, 0, 0).floats(), c0f = new Operand(c0, 0, 0, 0).floats();
            float[] tf = c0f.clone(), rf = c0f.clone();
            GemmF32.gemm(m, n, k, af, a.off(), a.rs(), a.cs(), btf, 1, 1, k + 2, tf, 3, n, accumulate);
            GemmF32.gemm(m, n, k, af, a.off(), a.rs(), a.cs(), brf, 0, n, 1, rf, 3, n, accumulate);
            assertArrayEquals(rf, tf, "F32 gemm");
            tf = c0f.clone();
            rf = c0f.clone();
            GemmF32.gemmBiasRelu(m, n, k, af, a.off(), a.rs(), a.cs(), btf, 1, 1, k + 2, tf, 3, n, biasf, 2, relu);
            GemmF32.gemmBiasRelu(m, n, k, af, a.off(), a.rs(), a.cs(), brf, 0, n, 1, rf, 3, n, biasf, 2, relu);
            assertArrayEquals(rf, tf, "F32 gemmBiasRelu");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The blocked path's summation order, bit for bit, whatever the register tile (6 rows at 512
     * bits, 5 below: the build runs this class at both widths): each C(i,j) is, per KC block of p
     * in increasing order, one fused multiply-add per p from zero, and each block sum is added to
     * C (the first one stored unless accumulating). Rows cross several tiles of either height and
     * k crosses KC, on both routes (a transposed B takes the transposed route for few rows).
     */
    @Property(tries = 40)
    void blockedPathIsTheOrderedFmaChain(@ForAll("tileRows") int m, @ForAll("manyCols") int n, @ForAll("depth") int k,
                                         @ForAll Layout la, @ForAll boolean transposedB, @ForAll boolean accumulate,
                                         @ForAll long seed) {
        Random rnd = new Random(seed);
        Operand a = operand(m, k, la, rnd);
        Operand b = operand(k, n, transposedB ? Layout.TRANSPOSED : Layout.ROW_MAJOR, rnd);
        double[] c0 = new double[m * n];
        for (int i = 0; i < c0.length; i++) c0[i] = (float) rnd.nextGaussian();
        double[] c = c0.clone();
        GemmBlockedF64.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), b.data(), b.off(), b.rs(), b.cs(), c, 0, n, accumulate);
        float[] af = a.floats(), bf = b.floats(), cf = new Operand(c0, 0, 0, 0).floats();
        float[] cf0 = cf.clone();
        GemmBlockedF32.gemm(m, n, k, af, a.off(), a.rs(), a.cs(), bf, b.off(), b.rs(), b.cs(), cf, 0, n, accumulate);
        int kc = GemmBlockedF64.KC;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = c0[i * n + j];
                float wantF = cf0[i * n + j];
                for (int pc = 0; pc < k; pc += kc) {
                    double sum = 0;
                    float sumF = 0;
                    for (int p = pc; p < Math.min(k, pc + kc); p++) {
                        sum = Math.fma(a.at(i, p), b.at(p, j), sum);
                        sumF = Math.fma(af[a.off() + i * a.rs() + p * a.cs()], bf[b.off() + p * b.rs() + j * b.cs()], sumF);
                    }
                    boolean store = pc == 0 && !accumulate;
                    want = store ? sum : sum + want;
                    wantF = store ? sumF : sumF + wantF;
                }
                int row = i, col = j;
                assertEquals(want, c[i * n + j], 0.0, () -> "F64 C(" + row + "," + col + ") m=" + m + " n=" + n + " k=" + k);
                assertEquals(wantF, cf[i * n + j], 0.0f, () -> "F32 C(" + row + "," + col + ") m=" + m + " n=" + n + " k=" + k);
            }
        }
    }

    /**
     * Every row count from 1 to 30 on the plain route, checked by the property above: under the
     * 12-row tile of 512-bit vectors a remainder of 1–6 rows takes the 6-row kernel and 7–11 the
     * 12-row one zero-padded (at 256 bits the same counts cross the 5-row tiles). A is row-major
     * (the constant-stride sliver copy), transposed (contiguous rows per p) or strided (the
     * general copy); k crosses KC and the columns end in an edge panel.
     */
    @Example
    void everyRowCountAroundTheTilesIsTheOrderedFmaChain() {
        for (int m = 1; m <= 30; m++) {
            for (Layout la : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.STRIDED}) {
                blockedPathIsTheOrderedFmaChain(m, 37, 300, la, false, m % 2 == 0, 1000L * m + la.ordinal());
            }
        }
    }

    @Provide
    Arbitrary<Integer> tileRows() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(1, 4, 5, 6, 10, 11, 12, 29, 30, 31, 61)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 70)));
    }

    /**
     * Two threads split a transformer's FF2 weight gradient (128×1024·1024×512, B row-major) by
     * columns, and the thread-count test's last two shapes the same way (so it covers that split);
     * a column-contiguous B (the transposed route) and a tall product keep the row split.
     */
    @Example
    void shortWideProductsSplitByColumns() {
        int nr = GemmBlockedF32.NR;
        assertTrue(GemmBlockedF32.splitsColumns(128, 512, 512, 2, 512));
        assertTrue(GemmBlockedF64.splitsColumns(40, 200, 200, 2, 200));
        assertTrue(GemmBlockedF32.splitsColumns(100, 500, 500, 3, 500));
        assertTrue(!GemmBlockedF32.splitsColumns(128, 512, 1, 2, 512));
        assertTrue(!GemmBlockedF32.splitsColumns(512, 128, 128, 2, 128));
        assertTrue(!GemmBlockedF32.splitsColumns(128, 512, 512, 1, 512));
        assertTrue(!GemmBlockedF32.splitsColumns(16, nr, nr, 2, nr));
    }

    /**
     * The step-mlp layers' routes (so the properties above cover them): the first layer's
     * {@code x·W1ᵀ} transposed, the second layer's {@code h·W2ᵀ} (one panel of columns) with A
     * read in place, as LeNet's linear layer; a weight gradient (column-contiguous A) plain.
     * Without {@link GemmBlockedF32#DIRECT_ROUTE} (JDK 17 at 256 bits) every route is plain.
     */
    @Example
    void mlpLayersTakeTheirRoutes() {
        assertTrue(GemmBlockedF32.transposes(64, 256, 784, 1, 784, false));
        assertTrue(GemmBlockedF64.transposes(64, 256, 784, 1, 784, false));
        // Square and row-contiguous products keep the plain route.
        assertTrue(!GemmBlockedF32.transposes(256, 256, 256, 1, 256, false));
        assertTrue(!GemmBlockedF32.transposes(64, 256, 784, 256, 1, false));
        boolean any = GemmBlockedF32.DIRECT_ROUTE;
        int transposed = any ? GemmBlockedF32.TRANSPOSED : GemmBlockedF32.PLAIN;
        int direct = any ? GemmBlockedF32.DIRECT : GemmBlockedF32.PLAIN;
        assertEquals(transposed, GemmBlockedF32.route(64, 256, 784, 1, 1, 784, false));
        assertEquals(direct, GemmBlockedF32.route(64, 10, 256, 1, 1, 256, false));
        assertEquals(direct, GemmBlockedF32.route(64, 10, 1568, 1, 1, 1568, false));
        assertEquals(direct, GemmBlockedF64.route(64, 10, 256, 1, 1, 256, false));
        assertEquals(GemmBlockedF32.PLAIN, GemmBlockedF32.route(10, 256, 64, 10, 256, 1, false));
        assertEquals(GemmBlockedF32.PLAIN, GemmBlockedF32.route(64, 256, 784, 1, 256, 1, false));
        checkF32(64, 256, 784, Layout.ROW_MAJOR, Layout.TRANSPOSED, false, 7);
        checkF64(64, 10, 256, Layout.PADDED, Layout.TRANSPOSED, true, 8);
        checkF32(64, 10, 1568, Layout.ROW_MAJOR, Layout.TRANSPOSED, true, 9);
    }

    /**
     * A depth under KC packs more than NC columns per block ({@link GemmBlockedF64#blockWidth}), the
     * same KC·NC elements at most, whole panels; step-mlp's first weight gradient is one block.
     */
    @Example
    void shallowProductsPackWiderBlocks() {
        for (int k : new int[] {1, 10, 64, 100, 200}) {
            int w = GemmBlockedF32.blockWidth(k);
            assertTrue(w > GemmBlockedF32.NC && w % GemmBlockedF32.NR == 0 && (long) w * k <= (long) GemmBlockedF32.KC * GemmBlockedF32.NC, "k " + k + " width " + w);
            int wd = GemmBlockedF64.blockWidth(k);
            assertTrue(wd > GemmBlockedF64.NC && wd % GemmBlockedF64.NR == 0 && (long) wd * k <= (long) GemmBlockedF64.KC * GemmBlockedF64.NC, "f64 k " + k);
        }
        assertEquals(GemmBlockedF32.NC, GemmBlockedF32.blockWidth(GemmBlockedF32.KC));
        assertEquals(GemmBlockedF32.NC, GemmBlockedF32.blockWidth(1000));
        assertTrue(GemmBlockedF32.blockWidth(64) >= 784);
        checkF32(256, 784, 64, Layout.TRANSPOSED, Layout.ROW_MAJOR, false, 10);
        checkF64(40, 1500, 33, Layout.STRIDED, Layout.ROW_MAJOR, true, 11);
    }

    /**
     * Sliver heights ({@link GemmBlockedF64#sliverHeight}): under the 5-row tile, A that is not
     * row-major goes in 6-row tiles after enough 5-row ones to make the rest a multiple of 6, so no
     * row count pads more than 5-row tiles alone would and none from 20 on pads at all; row-major A
     * keeps 5 rows against fewer than {@code SIX_ROW_PANELS} panels and follows the same rule from
     * there on where its 6-row copy runs (float, 256 bits, JDK 25). The 6-row (JDK 17) and 12-row
     * (512-bit) configurations keep their rules. The bits of every row count are checked by
     * {@link #everyRowCountAroundTheTilesIsTheOrderedFmaChain} and, for row-major A against many
     * panels, at the end of this test.
     */
    @Example
    void sliversOfANotRowMajorMixFiveAndSixRows() {
        int mr = GemmBlockedF32.MR;
        for (int rows = 1; rows <= 300; rows++) {
            int covered = 0, sixes = 0;
            for (int left = rows; left > 0; ) {
                int ms = GemmBlockedF32.sliverHeight(left, GemmBlockedF32.KC, rows + 3, 1);
                if (mr == 5) assertTrue(ms == 5 || ms == 6, "rows " + rows + " left " + left + " height " + ms);
                else assertEquals(mr == 12 ? (left <= 6 ? 6 : 12) : mr, ms, "rows " + rows + " left " + left);
                covered += ms;
                if (ms == 6) sixes++;
                left -= ms;
            }
            if (mr == 5) {
                int fivesOnly = (rows + 4) / 5 * 5;
                assertTrue(covered <= fivesOnly, "rows " + rows + " padded to " + covered);
                if (rows >= 20) assertEquals(rows, covered, "rows " + rows);
                if (rows >= 30) assertTrue(sixes * 6 >= rows - 25, "rows " + rows + " took " + sixes + " six-row tiles");
                int few = GemmBlockedF32.SIX_ROW_PANELS - 1, many = GemmBlockedF32.SIX_ROW_PANELS;
                assertEquals(5, GemmBlockedF32.sliverHeight(rows, GemmBlockedF32.KC, 1, few), "row-major A, few panels, keeps 5 rows");
                assertEquals(TransposeF32.ENABLED ? GemmBlockedF32.sliverHeight(rows, GemmBlockedF32.KC, rows + 3, 1) : 5,
                        GemmBlockedF32.sliverHeight(rows, GemmBlockedF32.KC, 1, many),
                        "row-major A against many panels: as A that is not row-major where the 6-row copy runs");
            }
        }
        checkF32(256, 784, 64, Layout.TRANSPOSED, Layout.ROW_MAJOR, false, 12);
        checkF32(128, 512, 1024, Layout.TRANSPOSED, Layout.ROW_MAJOR, true, 13);
        // Row-major A against 16+ panels (6-row k-major slivers where the copy runs), every row
        // count to 40, a depth whose second block ends in a partial group of eight columns.
        for (int m = 1; m <= 40; m++) {
            blockedPathIsTheOrderedFmaChain(m, 16 * GemmBlockedF32.NR + 3, 300, Layout.ROW_MAJOR, false, m % 3 == 0, 77L * m);
        }
    }

    @Provide
    Arbitrary<Integer> fewRows() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(2, 5, 6, 7, 8, 16, 32, 48, 64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(2, 70)));
    }

    @Provide
    Arbitrary<Integer> manyCols() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(7, 10, 64, 65, 100, 256)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(2, 400)));
    }

    @Provide
    Arbitrary<Integer> depth() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(1, 2, 17, 64, 255, 256, 257, 300, 513)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 600)));
    }
    /** step-tiny's shapes through the public entry point, which now takes the small path for them, against the reference loop. */
    @Example
    void stepTinyShapesThroughTheEntryPointMatchTheReference() {
        long seed = 7;
        for (int[] s : new int[][] {{32, 64, 20}, {64, 20, 32}, {32, 1, 64}, {32, 64, 1}, {1, 64, 32}, {5, 20, 3}}) {
            for (Layout la : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED}) {
                for (Layout lb : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED}) {
                    checkF64(s[0], s[1], s[2], la, lb, seed % 2 == 0, seed);
                    checkF32(s[0], s[1], s[2], la, lb, seed % 2 == 1, seed++);
                }
            }
        }
    }

    /**
     * Tight B and C (their last masked row ends the array: the small path stages B's tail columns
     * and C's last rows through its scratch) give the blocked path's bits for every n around
     * the vector widths, with and without accumulation, and nothing outside C's rows changes
     * (C sits at an offset behind a guard prefix).
     */
    @Example
    void tightArraysAtTheMaskedTailAreBitwiseTheBlockedPath() {
        Random rnd = new Random(19);
        for (int n = 1; n <= GemmSmallF64.MAX_DIM; n++) {
            for (int[] mk : new int[][] {{64, 32}, {1, 3}, {5, 1}, {31, 20}, {62, 64}}) {
                int m = mk[0], k = mk[1];
                double[] b = new double[k * n];
                for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
                double[] a = new double[m * k];
                for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
                double[] c0 = new double[7 + m * n];
                for (int i = 0; i < c0.length; i++) c0[i] = (float) rnd.nextGaussian();
                for (boolean acc : new boolean[] {false, true}) {
                    double[] small = c0.clone(), blocked = c0.clone();
                    GemmSmallF64.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, small, 7, n, acc);
                    GemmBlockedF64.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, blocked, 7, n, acc);
                    assertArrayEquals(blocked, small, "F64 " + m + "x" + n + "x" + k + " acc " + acc);
                    float[] af = new Operand(a, 0, 0, 0).floats(), bf = new Operand(b, 0, 0, 0).floats();
                    float[] sf = new Operand(c0, 0, 0, 0).floats(), bl = sf.clone();
                    GemmSmallF32.gemm(m, n, k, af, 0, k, 1, bf, 0, n, 1, sf, 7, n, acc);
                    GemmBlockedF32.gemm(m, n, k, af, 0, k, 1, bf, 0, n, 1, bl, 7, n, acc);
                    assertArrayEquals(bl, sf, "F32 " + m + "x" + n + "x" + k + " acc " + acc);
                    for (int i = 0; i < 7; i++) assertEquals(Double.doubleToLongBits(c0[i]), Double.doubleToLongBits(small[i]), "guard " + i);
                }
            }
        }
    }

    /**
     * A column-contiguous A (a weight gradient's {@code gᵀ}, stored k×m) sends the last
     * {@code n mod L} columns of C's first {@code m − m mod L} rows through the transposed tail
     * ({@code Cᵀ = Bᵀ·Aᵀ}, vectors over rows, results scattered into C). Every n around the
     * vector widths, m below, at and past multiples of L (the clamped second row vector, the rows
     * left to the 8-row tail), with and without accumulation: the blocked path's bits, and the
     * guard prefix of C untouched.
     */
    @Example
    void columnContiguousATailIsBitwiseTheBlockedPath() {
        Random rnd = new Random(23);
        for (int n = 1; n <= GemmSmallF64.MAX_DIM; n++) {
            for (int[] mk : new int[][] {{64, 32}, {16, 5}, {48, 20}, {8, 1}, {33, 7}, {31, 64}, {2, 3}, {40, 2}}) {
                int m = mk[0], k = mk[1];
                double[] a = new double[k * m];   // A(i,p) at p·m + i
                for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
                double[] b = new double[k * n];
                for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
                double[] c0 = new double[7 + m * n];
                for (int i = 0; i < c0.length; i++) c0[i] = (float) rnd.nextGaussian();
                for (boolean acc : new boolean[] {false, true}) {
                    double[] small = c0.clone(), blocked = c0.clone();
                    GemmSmallF64.gemm(m, n, k, a, 0, 1, m, b, 0, n, 1, small, 7, n, acc);
                    GemmBlockedF64.gemm(m, n, k, a, 0, 1, m, b, 0, n, 1, blocked, 7, n, acc);
                    assertArrayEquals(blocked, small, "F64 " + m + "x" + n + "x" + k + " acc " + acc);
                    float[] af = new Operand(a, 0, 0, 0).floats(), bf = new Operand(b, 0, 0, 0).floats();
                    float[] sf = new Operand(c0, 0, 0, 0).floats(), bl = sf.clone();
                    GemmSmallF32.gemm(m, n, k, af, 0, 1, m, bf, 0, n, 1, sf, 7, n, acc);
                    GemmBlockedF32.gemm(m, n, k, af, 0, 1, m, bf, 0, n, 1, bl, 7, n, acc);
                    assertArrayEquals(bl, sf, "F32 " + m + "x" + n + "x" + k + " acc " + acc);
                    for (int i = 0; i < 7; i++) {
                        assertEquals(Double.doubleToLongBits(c0[i]), Double.doubleToLongBits(small[i]), "guard " + i);
                        assertEquals(Float.floatToIntBits(bl[i]), Float.floatToIntBits(sf[i]), "F32 guard " + i);
                    }
                }
            }
        }
    }

    /**
     * Matrix·vector (step-tiny's second layer, 32 rows of 64) sums each row in one documented
     * order: four lane-wise FMA accumulators over blocks of 4L, then one over blocks of L,
     * combined as (s0 + s1) + (s2 + s3), the lanes added 0, 1, 2, … from +0, then the scalar tail
     * by FMA. Pinned bit for bit against that order written out lane by lane, for every k around
     * the block sizes, F64 and F32.
     */
    @Example
    void matrixVectorSumsInTheDocumentedOrder() {
        net.jqwik.api.Assume.that(Simd.ENABLED);
        Random rnd = new Random(29);
        for (int k = 1; k <= 5 * Simd.F32.length() + 3; k++) {
            int rows = 7;
            double[] mat = new double[rows * (k + 2)];
            for (int i = 0; i < mat.length; i++) mat[i] = rnd.nextGaussian() * Math.pow(2, rnd.nextInt(40) - 20);
            double[] x = new double[k];
            for (int i = 0; i < k; i++) x[i] = rnd.nextGaussian();
            double[] y = new double[rows];
            GemmF64.gemm(rows, 1, k, mat, 0, k + 2, 1, x, 0, 1, 1, y, 0, 1, false);
            float[] matF = new Operand(mat, 0, 0, 0).floats(), xF = new Operand(x, 0, 0, 0).floats();
            float[] yF = new float[rows];
            GemmF32.gemm(rows, 1, k, matF, 0, k + 2, 1, xF, 0, 1, 1, yF, 0, 1, false);
            double[] matR = new double[matF.length], xR = new double[k];   // the float inputs, exactly
            for (int i = 0; i < matR.length; i++) matR[i] = matF[i];
            for (int i = 0; i < k; i++) xR[i] = xF[i];
            for (int i = 0; i < rows; i++) {
                assertEquals(Double.doubleToLongBits(dotInOrder(k, mat, i * (k + 2), x, Simd.F64.length(), false)),
                        Double.doubleToLongBits(y[i]), "F64 k=" + k + " row " + i);
                assertEquals(Float.floatToIntBits((float) dotInOrder(k, matR, i * (k + 2), xR, Simd.F32.length(), true)),
                        Float.floatToIntBits(yF[i]), "F32 k=" + k + " row " + i);
            }
        }
    }

    /** The documented order, lane by lane; {@code f32}: every operation rounded to float. */
    private static double dotInOrder(int k, double[] u, int off, double[] v, int lanes, boolean f32) {
        double[][] s = new double[4][lanes];
        int p = 0;
        for (; p <= k - 4 * lanes; p += 4 * lanes) {
            for (int q = 0; q < 4; q++) {
                for (int l = 0; l < lanes; l++) s[q][l] = fma(u[off + p + q * lanes + l], v[p + q * lanes + l], s[q][l], f32);
            }
        }
        for (; p <= k - lanes; p += lanes) {
            for (int l = 0; l < lanes; l++) s[0][l] = fma(u[off + p + l], v[p + l], s[0][l], f32);
        }
        double r = 0;
        for (int l = 0; l < lanes; l++) r = add(r, add(add(s[0][l], s[1][l], f32), add(s[2][l], s[3][l], f32), f32), f32);
        for (; p < k; p++) r = fma(u[off + p], v[p], r, f32);
        return r;
    }

    private static double fma(double a, double b, double c, boolean f32) {
        return f32 ? Math.fma((float) a, (float) b, (float) c) : Math.fma(a, b, c);
    }

    private static double add(double x, double y, boolean f32) {
        return f32 ? (float) x + (float) y : x + y;
    }

    @Provide
    Arbitrary<Integer> small() {
        return Arbitraries.integers().between(2, GemmSmallF64.MAX_DIM);
    }

    /** Crosses KC (256), NC (256 doubles / 512 floats), the 6-row blocks and the thread threshold. */
    @Example
    void largeShapesCrossEveryBlockBoundary() {
        int[][] shapes = {{7, 530, 300}, {131, 67, 519}, {130, 131, 129}, {1, 600, 300}, {600, 1, 300}};
        long seed = 1;
        for (int[] s : shapes) {
            for (Layout la : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED}) {
                for (Layout lb : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED}) {
                    checkF64(s[0], s[1], s[2], la, lb, seed % 2 == 0, seed);
                    checkF32(s[0], s[1], s[2], la, lb, seed % 2 == 1, seed++);
                }
            }
        }
    }

    @Example
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        // The last two have fewer rows than columns and a row-major B: split by columns
        // (GemmBlockedF64.splitsColumns), the others by rows and NC blocks.
        for (int[] s : new int[][] {{200, 200, 200}, {257, 1030, 70}, {130, 300, 140}, {40, 200, 300}, {100, 500, 260}}) {
            Random rnd = new Random(s[0]);
            Operand a = operand(s[0], s[2], Layout.ROW_MAJOR, rnd);
            Operand b = operand(s[2], s[1], s[0] < s[1] && s[0] <= 100 ? Layout.ROW_MAJOR : Layout.TRANSPOSED, rnd);
            assertSameBitsAtOneToThreeThreads(s[0], s[1], s[2], a, b);
        }
    }

    /**
     * LeNet's linear layer (2 MFLOP per product, split since {@link GemmBlockedF64#MIN_SPLIT_FLOPS}
     * went under the common threshold): the forward {@code x·Wᵀ}, the weight gradient {@code gᵀ·x}
     * and the input gradient {@code g·W}, each bitwise the same at 1, 2 and 3 threads.
     */
    @Example
    void smallSplitProductsAreBitwiseIdenticalForAnyThreadCount() {
        Object[][] cases = {
            {64, 10, 1568, Layout.ROW_MAJOR, Layout.TRANSPOSED},
            {10, 1568, 64, Layout.TRANSPOSED, Layout.ROW_MAJOR},
            {64, 1568, 10, Layout.ROW_MAJOR, Layout.ROW_MAJOR}};
        for (Object[] s : cases) {
            int m = (int) s[0], n = (int) s[1], k = (int) s[2];
            assertTrue(2.0 * m * n * k >= GemmBlockedF64.MIN_SPLIT_FLOPS && 2.0 * m * n * k < Parallel.MIN_PARALLEL_FLOPS);
            Random rnd = new Random(m + n + k);
            assertSameBitsAtOneToThreeThreads(m, n, k, operand(m, k, (Layout) s[3], rnd), operand(k, n, (Layout) s[4], rnd));
        }
    }

    /** C = A·B in double and in float at 1, 2 and 3 threads: every count gives the bits of one thread. */
    private static void assertSameBitsAtOneToThreeThreads(int m, int n, int k, Operand a, Operand b) {
        int saved = Parallel.threads();
        try {
            float[] af = a.floats();
            float[] bf = b.floats();
            double[] first = null;
            float[] firstF = null;
            for (int t = 1; t <= 3; t++) {
                Parallel.setThreads(t);
                double[] c = new double[m * n];
                float[] cf = new float[m * n];
                GemmF64.gemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, 0, n, false);
                GemmF32.gemm(m, n, k, af, a.off, a.rs, a.cs, bf, b.off, b.rs, b.cs, cf, 0, n, false);
                if (first == null) {
                    first = c;
                    firstF = cf;
                } else {
                    assertArrayEquals(first, c, "threads=" + t + " " + m + "x" + n + "x" + k);
                    assertArrayEquals(firstF, cf, "threads=" + t + " " + m + "x" + n + "x" + k);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Example
    void writesOnlyItsOwnPartOfC() {
        // C is a 3×5 window at offset 7 of a 6×9 array: nothing outside the window may change.
        double[] a = {1, 2, 3, 4, 5, 6};   // 3×2
        double[] b = {1, 0, 2, 0, 1, 0, 1, 0, 1, 1};   // 2×5
        double[] c = new double[54];
        java.util.Arrays.fill(c, -1);
        GemmF64.gemm(3, 5, 2, a, 0, 2, 1, b, 0, 5, 1, c, 7, 9, false);
        for (int idx = 0; idx < c.length; idx++) {
            int r = (idx - 7) / 9;
            int col = (idx - 7) % 9;
            boolean inside = idx >= 7 && r < 3 && col < 5;
            if (!inside) {
                assertTrue(c[idx] == -1, "index " + idx + " was modified");
            }
        }
        assertTrue(c[7] == 1 && c[8] == 2 && c[9] == 2 && c[10] == 2 && c[11] == 3);
    }

    @Example
    void rejectsNegativeSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> GemmF64.gemm(-1, 1, 1, new double[1], 0, 1, 1, new double[1], 0, 1, 1, new double[1], 0, 1, false));
    }

    static void checkF64(int m, int n, int k, Layout la, Layout lb, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        Operand a = operand(m, k, la, rnd);
        Operand b = operand(k, n, lb, rnd);
        int ldc = Math.max(1, n + rnd.nextInt(3));
        int cOff = rnd.nextInt(3);
        double[] c0 = new double[cOff + m * ldc + 1];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) rnd.nextGaussian();
        }
        double[] c = c0.clone();
        double[] ref = c0.clone();
        GemmF64.gemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, cOff, ldc, accumulate);
        GemmReferenceF64.gemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, ref, cOff, ldc, accumulate);
        double[] got = c;
        compare(m, n, k, a, b, c0, cOff, ldc, accumulate, got, ref, 0x1p-53);
    }

    static void checkF32(int m, int n, int k, Layout la, Layout lb, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        Operand a = operand(m, k, la, rnd);
        Operand b = operand(k, n, lb, rnd);
        int ldc = Math.max(1, n + rnd.nextInt(3));
        int cOff = rnd.nextInt(3);
        float[] c0 = new float[cOff + m * ldc + 1];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) rnd.nextGaussian();
        }
        float[] c = c0.clone();
        float[] ref = c0.clone();
        GemmF32.gemm(m, n, k, a.floats(), a.off, a.rs, a.cs, b.floats(), b.off, b.rs, b.cs, c, cOff, ldc, accumulate);
        GemmReferenceF32.gemm(m, n, k, a.floats(), a.off, a.rs, a.cs, b.floats(), b.off, b.rs, b.cs, ref, cOff, ldc, accumulate);
        compare(m, n, k, a, b, toDouble(c0), cOff, ldc, accumulate, toDouble(c), toDouble(ref), 0x1p-24);
    }

    private static void compare(int m, int n, int k, Operand a, Operand b, double[] c0, int cOff, int ldc,
                                boolean accumulate, double[] got, double[] ref, double eps) {
        for (int idx = 0; idx < got.length; idx++) {
            int r = (idx - cOff) / ldc;
            int col = (idx - cOff) % ldc;
            boolean inC = idx >= cOff && r < m && col < n;
            if (!inC) {
                assertTrue(got[idx] == c0[idx], "element outside C changed at " + idx);
                continue;
            }
            double absProd = 0;
            for (int p = 0; p < k; p++) {
                absProd += Math.abs(a.at(r, p) * b.at(p, col));
            }
            double bound = 2 * (k + 2) * eps * (absProd + (accumulate ? Math.abs(c0[idx]) : 0));
            double err = Math.abs(got[idx] - ref[idx]);
            if (!(err <= bound)) {
                throw new AssertionError(String.format(
                        "m=%d n=%d k=%d C(%d,%d): got %s, reference %s, |diff| %s > bound %s",
                        m, n, k, r, col, got[idx], ref[idx], err, bound));
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}

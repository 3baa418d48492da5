package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.LinearEpilogue;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bias + ReLU epilogue inside the GEMM micro-kernel ({@code GemmF64/F32.gemmBiasRelu},
 * {@link LinearEpilogue#matmulBiasRelu}) against its oracle, the plain GEMM followed by the
 * separate epilogue pass ({@code EpilogueF64/F32.biasRelu}), bit for bit: shapes with edge tiles
 * in both directions, several K blocks (k up to 600, blocks of 256), more columns than one
 * packed block (so the bias is indexed across blocks), transposed and strided operands, an
 * output with a leading dimension wider than n (the gap must stay untouched), bias at an offset,
 * NaN, ±0 and ±Inf planted, relu on and off, no bias, and 1, 2 and 3 threads (the split
 * changes which thread stores which tile, never a bit). Also runs with the scalar twins forced.
 */
@Tag("kernel")
class GemmEpilogueTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /** m, n, k: edge tiles, several K blocks, more columns than one packed block, and shapes big enough to split over threads. */
    private static final int[][] SHAPES = {
        {2, 2, 1}, {6, 16, 3}, {7, 17, 5}, {13, 33, 64}, {12, 64, 65}, {5, 70, 257}, {19, 9, 300},
        {7, 700, 300}, {130, 150, 300}, {64, 120, 400}, {64, 84, 120}, {40, 10, 600}, {3, 2, 513},
    };

    @Test
    void epilogueInTheMicroKernelIsTheTwoPassResultBitForBit() {
        int before = Parallel.threads();
        try {
            Rng r = new Rng(31);
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                for (int[] s : SHAPES) {
                    for (int variant = 0; variant < 4; variant++) {
                        check(r.split(threads * 1000 + s[0] * 7 + s[1] * 13 + s[2] + variant), s[0], s[1], s[2], variant, threads);
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** variant: bit 0 = relu, bit 1 = transposed A and B (column-major storage) with a wider output row. */
    private static void check(Rng r, int m, int n, int k, int variant, int threads) {
        boolean relu = (variant & 1) != 0, transposed = (variant & 2) != 0;
        boolean withBias = variant != 2;
        int aOff = 3, bOff = 5, cOff = 2, bo = 4;
        int aRs = transposed ? 1 : k, aCs = transposed ? m : 1;
        int bRs = transposed ? 1 : n, bCs = transposed ? k : 1;
        int ldc = transposed ? n + 3 : n;
        // A few specials in A and B (each poisons a row or a column of the product), many in the bias.
        double[] a = planted(r.split("a"), aOff + m * k, 2), b = planted(r.split("b"), bOff + n * k, 2);
        double[] bias = withBias ? planted(r.split("bias"), bo + n, Math.max(1, n / 5)) : null;
        double[] c0 = planted(r.split("c"), cOff + m * ldc, 0);
        String what = "m=" + m + " n=" + n + " k=" + k + " relu=" + relu + " transposed=" + transposed + " bias=" + withBias + " threads=" + threads;

        double[] want = c0.clone(), got = c0.clone();
        GemmF64.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, want, cOff, ldc, false);
        for (int i = 0; i < m; i++) EpilogueF64.biasRelu(want, cOff + i * ldc, 1, n, bias, bo, relu);
        GemmF64.gemmBiasRelu(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, got, cOff, ldc, bias, bo, relu);
        // doubleToLongBits: every NaN compares as one value. Which NaN an add of two NaNs returns
        // (sign, payload) depends on the operand order C2 picks for a commutative add, not on our
        // order; zeros keep their sign and every other value its bits.
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), "F64 " + what + " at " + i + ": " + want[i] + " vs " + got[i]);
        }

        float[] af = floats(a), bf = floats(b), biasf = bias == null ? null : floats(bias);
        float[] wantf = floats(c0), gotf = floats(c0);
        GemmF32.gemm(m, n, k, af, aOff, aRs, aCs, bf, bOff, bRs, bCs, wantf, cOff, ldc, false);
        for (int i = 0; i < m; i++) EpilogueF32.biasRelu(wantf, cOff + i * ldc, 1, n, biasf, bo, relu);
        GemmF32.gemmBiasRelu(m, n, k, af, aOff, aRs, aCs, bf, bOff, bRs, bCs, gotf, cOff, ldc, biasf, bo, relu);
        for (int i = 0; i < wantf.length; i++) {
            assertEquals(Float.floatToIntBits(wantf[i]), Float.floatToIntBits(gotf[i]), "F32 " + what + " at " + i + ": " + wantf[i] + " vs " + gotf[i]);
        }
    }

    @Test
    void tensorEntryPointEqualsMatmulThenTheEpiloguePass() {
        Rng r = new Rng(32);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                int m = s[0], n = s[1], k = s[2];
                Tensor x = r.normal(dt, 0, 1, m, k), w = r.normal(dt, 0, 1, n, k), bias = r.normal(dt, 0, 1, n);
                for (boolean relu : new boolean[] {true, false}) {
                    Tensor want = LinearEpilogue.biasReluInPlace(x.matmul(w.mT()), bias, relu);
                    assertBits(want, LinearEpilogue.matmulBiasRelu(x, w.mT(), bias, relu), dt + " " + m + "x" + n + "x" + k + " relu=" + relu);
                }
                Tensor noBias = LinearEpilogue.matmulBiasRelu(x, w.mT(), null, false);
                assertBits(x.matmul(w.mT()), noBias, dt + " no epilogue");
            }
            // Rank 3 and a 1-D weight take the matmul-then-pass route with the same result.
            Tensor x3 = r.normal(dt, 0, 1, 2, 5, 7), w = r.normal(dt, 0, 1, 4, 7), bias = r.normal(dt, 0, 1, 4);
            assertBits(LinearEpilogue.biasReluInPlace(x3.matmul(w.mT()), bias, true), LinearEpilogue.matmulBiasRelu(x3, w.mT(), bias, true), dt + " rank 3");
        }
    }

    /**
     * A contiguous [B, T, in] folds into one GEMM over B·T rows: bitwise the batched product
     * followed by the epilogue pass, on the small, blocked (several K blocks of 256, edge tiles)
     * and one-output paths, at 1, 2 and 3 threads; T = 1, a permuted input and rank 4 too.
     */
    @Test
    void rank3InputFoldsIntoOneGemmWithTheBatchedBits() {
        Rng r = new Rng(33);
        int[][] shapes = {{16, 64, 128, 512}, {3, 100, 300, 70}, {2, 65, 7, 130}, {4, 9, 33, 1}, {5, 1, 33, 20}, {2, 3, 4, 5}};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : shapes) {
                Tensor x = r.normal(dt, 0, 1, s[0], s[1], s[2]), w = r.normal(dt, 0, 1, s[3], s[2]), bias = r.normal(dt, 0, 1, s[3]);
                for (boolean relu : new boolean[] {true, false}) {
                    Tensor want = LinearEpilogue.biasReluInPlace(x.matmul(w.mT()), bias, relu);
                    for (int threads = 1; threads <= 3; threads++) {
                        Parallel.setThreads(threads);
                        try {
                            assertBits(want, LinearEpilogue.matmulBiasRelu(x, w.mT(), bias, relu), dt + " " + java.util.Arrays.toString(s) + " relu=" + relu + " threads=" + threads);
                        } finally {
                            Parallel.setThreads(1);
                        }
                    }
                }
                assertBits(x.matmul(w.mT()), LinearEpilogue.matmulBiasRelu(x, w.mT(), null, false), dt + " " + java.util.Arrays.toString(s) + " no bias");
            }
            Tensor xt = r.normal(dt, 0, 1, 9, 4, 20).permute(1, 0, 2), w = r.normal(dt, 0, 1, 30, 20), bias = r.normal(dt, 0, 1, 30);
            assertBits(LinearEpilogue.biasReluInPlace(xt.matmul(w.mT()), bias, true), LinearEpilogue.matmulBiasRelu(xt, w.mT(), bias, true), dt + " permuted");
            Tensor x4 = r.normal(dt, 0, 1, 2, 3, 70, 20);
            assertBits(LinearEpilogue.biasReluInPlace(x4.matmul(w.mT()), bias, true), LinearEpilogue.matmulBiasRelu(x4, w.mT(), bias, true), dt + " rank 4");
        }
    }

    @Test
    void badInputIsNamed() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.matmulBiasRelu(x, Tensor.zeros(DType.FLOAT32, 5, 2), null, true));
        assertTrue(e.getMessage().contains("linear epilogue") && e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.matmulBiasRelu(x, Tensor.zeros(DType.FLOAT32, 3, 2), Tensor.zeros(DType.FLOAT32, 3), true));
        assertTrue(e.getMessage().contains("bias") && e.getMessage().contains("[3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.matmulBiasRelu(x, Tensor.zeros(DType.FLOAT32, 3, 2), Tensor.zeros(DType.FLOAT64, 2), true));
        assertTrue(e.getMessage().contains("FLOAT64") && e.getMessage().contains("FLOAT32"), e.getMessage());
    }

    /** Normal data with {@code count} elements at random places replaced by NaN, ±0 or ±Inf. */
    private static double[] planted(Rng r, int len, int count) {
        double[] v = r.normal(DType.FLOAT64, 0, 1, len).toDoubleArray();
        for (int i = 0; i < count; i++) v[r.nextInt(len)] = SPECIAL[r.nextInt(SPECIAL.length)];
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what + " shape");
        assertEquals(want.dtype(), got.dtype(), what);
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Double.doubleToRawLongBits(w[i]), Double.doubleToRawLongBits(g[i]), what + "[" + i + "]: want " + w[i] + " got " + g[i]);
        }
    }
}

package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedAttention;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attention kernels (AttentionF64/F32 through FusedAttention) against a plain float64
 * reference written out loop by loop, over generated shapes: several query blocks, widths
 * that leave vector tails, rank 3 and 4, strided (permuted) inputs, masks and causal rows.
 * This suite also runs with the scalar twins forced.
 *
 * <p>Bound: every value is a sum of dot products of length {@code d} or {@code dv} and sums
 * over {@code tq} or {@code tk} terms, each rounded in a different order than the reference, and
 * the scores' rounding errors move the probabilities by at most their own size times the score
 * scale. So the error stays below {@code 8·(tq + tk + d + dv)·u·(1 + max|score|)} times the
 * largest reference value of that output (u the unit roundoff of the dtype).
 */
@Tag("kernel")
class AttentionKernelTest {

    private static double ulp(DType dt) {
        return dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
    }

    /** Reference results {@code {o, dq, dk, dv, maxAbsScore}} in float64, heads flattened. */
    private static double[][] reference(double[] q, double[] k, double[] v, double[] g, double[] mask, boolean causal, double scale,
                                        int heads, int tq, int tk, int d, int dv) {
        double[] o = new double[heads * tq * dv], dq = new double[heads * tq * d], dk = new double[heads * tk * d], dvv = new double[heads * tk * dv];
        double maxS = 0;
        for (int h = 0; h < heads; h++) {
            double[][] p = new double[tq][tk];
            for (int i = 0; i < tq; i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tk; j++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) s += q[(h * tq + i) * d + c] * scale * k[(h * tk + j) * d + c];
                    if (mask != null) s += mask[i * tk + j];
                    if (causal && j > i) s = Double.NEGATIVE_INFINITY;
                    if (Double.isFinite(s)) maxS = Math.max(maxS, Math.abs(s));
                    p[i][j] = s;
                    m = Math.max(m, s);
                }
                double sum = 0;
                for (int j = 0; j < tk; j++) sum += p[i][j] = Math.exp(p[i][j] - m);
                for (int j = 0; j < tk; j++) p[i][j] /= sum;
                for (int c = 0; c < dv; c++) {
                    double acc = 0;
                    for (int j = 0; j < tk; j++) acc += p[i][j] * v[(h * tk + j) * dv + c];
                    o[(h * tq + i) * dv + c] = acc;
                }
            }
            for (int i = 0; i < tq; i++) {
                double[] dp = new double[tk];
                double dot = 0;
                for (int j = 0; j < tk; j++) {
                    for (int c = 0; c < dv; c++) dp[j] += g[(h * tq + i) * dv + c] * v[(h * tk + j) * dv + c];
                    dot += dp[j] * p[i][j];
                }
                for (int j = 0; j < tk; j++) {
                    double ds = p[i][j] * (dp[j] - dot);
                    for (int c = 0; c < dv; c++) dvv[(h * tk + j) * dv + c] += p[i][j] * g[(h * tq + i) * dv + c];
                    for (int c = 0; c < d; c++) {
                        dq[(h * tq + i) * d + c] += ds * k[(h * tk + j) * d + c] * scale;
                        dk[(h * tk + j) * d + c] += ds * q[(h * tq + i) * d + c] * scale;
                    }
                }
            }
        }
        return new double[][] {o, dq, dk, dvv, {maxS}};
    }

    private static void close(double[] want, double[] got, double tol, String what) {
        double scale = 0;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(want[i] - got[i]);
            assertTrue(err <= tol * Math.max(scale, 1e-300), what + " [" + i + "]: want " + want[i] + " got " + got[i] + ", bound " + tol * scale);
        }
    }

    /** A rank-4 [b, h, t, w] tensor stored as [b, t, h, w] (a permuted view) or contiguous. */
    private static Tensor draw(Rng r, DType dt, boolean permuted, int b, int h, int t, int w) {
        return permuted ? r.normal(dt, 0, 1, b, t, h, w).permute(0, 2, 1, 3) : r.normal(dt, 0, 1, b, h, t, w);
    }

    @Test
    void forwardAndBackwardMatchAFloat64Reference() {
        Rng r = new Rng(11);
        for (int trial = 0; trial < 40; trial++) {
            int b = 1 + r.nextInt(2), h = 1 + r.nextInt(3), tq = 1 + r.nextInt(trial % 5 == 0 ? 140 : 20), tk = 1 + r.nextInt(trial % 7 == 0 ? 90 : 40);
            int d = 1 + r.nextInt(40), dv = 1 + r.nextInt(40);
            boolean causal = r.nextInt(3) == 0 && tq <= tk, masked = r.nextInt(3) == 0, permuted = r.nextInt(2) == 0;
            double scale = 1 / Math.sqrt(d);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor q = draw(r, dt, permuted, b, h, tq, d), k = draw(r, dt, permuted, b, h, tk, d), v = draw(r, dt, false, b, h, tk, dv);
                Tensor g = r.normal(dt, 0, 1, b, h, tq, dv);
                Tensor mask = masked ? r.normal(dt, 0, 2, tq, tk) : null;
                Tensor o = FusedAttention.forward(q, k, v, mask, causal, scale);
                Tensor[] grads = FusedAttention.backward(q, k, v, mask, causal, scale, g);
                double[][] want = reference(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), g.toDoubleArray(),
                        mask == null ? null : mask.toDoubleArray(), causal, dt == DType.FLOAT32 ? (float) scale : scale, b * h, tq, tk, d, dv);
                double tol = 8 * (tq + tk + d + dv) * ulp(dt) * (1 + want[4][0]);
                String what = dt + " b" + b + " h" + h + " tq" + tq + " tk" + tk + " d" + d + " dv" + dv + (causal ? " causal" : "") + (masked ? " masked" : "");
                close(want[0], o.toDoubleArray(), tol, "o " + what);
                close(want[1], grads[0].toDoubleArray(), tol, "dq " + what);
                close(want[2], grads[1].toDoubleArray(), tol, "dk " + what);
                close(want[3], grads[2].toDoubleArray(), tol, "dv " + what);
            }
        }
    }

    @Test
    void rankThreeIsOneHead() {
        Rng r = new Rng(12);
        Tensor q = r.normal(DType.FLOAT64, 0, 1, 3, 7, 5), k = r.normal(DType.FLOAT64, 0, 1, 3, 9, 5), v = r.normal(DType.FLOAT64, 0, 1, 3, 9, 4);
        Tensor o3 = FusedAttention.forward(q, k, v, null, false, 0.5);
        Tensor o4 = FusedAttention.forward(q.unsqueeze(1), k.unsqueeze(1), v.unsqueeze(1), null, false, 0.5);
        assertArrayEquals(o4.toDoubleArray(), o3.toDoubleArray());
    }

    @Test
    void packedFormIsTheGeneralFormBitForBit() {
        Rng r = new Rng(13);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (boolean causal : new boolean[] {false, true}) {
                int b = 2, t = 70, heads = 4, e = 40, d = e / heads;
                Tensor qkv = r.normal(dt, 0, 1, b, t, 3 * e), g = r.normal(dt, 0, 1, b, t, e);
                Tensor[] parts = new Tensor[3];
                for (int i = 0; i < 3; i++) parts[i] = qkv.slice(2, i * e, (i + 1) * e).reshape(b, t, heads, d).permute(0, 2, 1, 3);
                double scale = FusedAttention.defaultScale(d);
                Tensor general = FusedAttention.forward(parts[0], parts[1], parts[2], null, causal, scale).permute(0, 2, 1, 3).reshape(b, t, e);
                assertArrayEquals(general.toDoubleArray(), FusedAttention.packedForward(qkv, heads, causal).toDoubleArray());
                Tensor[] gr = FusedAttention.backward(parts[0], parts[1], parts[2], null, causal, scale, g.reshape(b, t, heads, d).permute(0, 2, 1, 3));
                Tensor packed = FusedAttention.packedBackward(qkv, heads, causal, g);
                for (int i = 0; i < 3; i++) {
                    Tensor want = gr[i].permute(0, 2, 1, 3).reshape(b, t, e);
                    assertArrayEquals(want.toDoubleArray(), packed.slice(2, i * e, (i + 1) * e).toDoubleArray(), dt + " part " + i);
                }
            }
        }
    }

    @Test
    void keptProbabilitiesGiveTheRecomputedBits() {
        Rng r = new Rng(15);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor q = draw(r, dt, true, 2, 3, 70, 9), k = draw(r, dt, false, 2, 3, 33, 9), v = draw(r, dt, false, 2, 3, 33, 5);
            Tensor mask = r.normal(dt, 0, 1, 70, 33), g = r.normal(dt, 0, 1, 2, 3, 70, 5);
            Tensor[] kept = FusedAttention.forwardKeeping(q, k, v, mask, false, 0.4);
            assertArrayEquals(FusedAttention.forward(q, k, v, mask, false, 0.4).toDoubleArray(), kept[0].toDoubleArray());
            Tensor[] recomputed = FusedAttention.backward(q, k, v, mask, false, 0.4, g), read = FusedAttention.backward(q, k, v, mask, false, 0.4, g, kept[1]);
            for (int i = 0; i < 3; i++) assertArrayEquals(recomputed[i].toDoubleArray(), read[i].toDoubleArray(), dt + " grad " + i);
            Tensor qkv = r.normal(dt, 0, 1, 2, 70, 3 * 12), gp = r.normal(dt, 0, 1, 2, 70, 12);
            Tensor[] packed = FusedAttention.packedForwardKeeping(qkv, 3, true);
            assertArrayEquals(FusedAttention.packedBackward(qkv, 3, true, gp).toDoubleArray(), FusedAttention.packedBackward(qkv, 3, true, gp, packed[1]).toDoubleArray());
        }
        Tensor big = Tensor.zeros(DType.FLOAT32, 1, 3, 1024, 4);
        assertTrue(FusedAttention.forwardKeeping(big, big, big, null, false, 1)[1] == null, "3·1024·1024 probabilities exceed KEEP_LIMIT: recomputed, not kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedAttention.packedBackward(
                Tensor.zeros(DType.FLOAT32, 1, 4, 6), 1, false, Tensor.zeros(DType.FLOAT32, 1, 4, 2), Tensor.zeros(DType.FLOAT32, 3, 4)));
        assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
    }

    @Test
    void sameBitsForAnyThreadCount() {
        Rng r = new Rng(14);
        Tensor qkv = r.normal(DType.FLOAT32, 0, 1, 4, 64, 3 * 64), g = r.normal(DType.FLOAT32, 0, 1, 4, 64, 64);
        int before = Parallel.threads();
        try {
            double[][] runs = new double[3][];
            double[][] grads = new double[3][];
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                runs[threads - 1] = FusedAttention.packedForward(qkv, 4, true).toDoubleArray();
                grads[threads - 1] = FusedAttention.packedBackward(qkv, 4, true, g).toDoubleArray();
            }
            for (int i = 1; i < 3; i++) {
                assertArrayEquals(runs[0], runs[i]);
                assertArrayEquals(grads[0], grads[i]);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badShapesNameTheOperationAndTheShapes() {
        Tensor q = Tensor.zeros(DType.FLOAT32, 2, 3, 5, 4), k = Tensor.zeros(DType.FLOAT32, 2, 3, 6, 4), v = Tensor.zeros(DType.FLOAT32, 2, 3, 7, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedAttention.forward(q, k, v, null, false, 1));
        assertTrue(e.getMessage().contains("scaledDotProductAttention") && e.getMessage().contains("[2, 3, 7, 4]"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> FusedAttention.forward(q, k, k, Tensor.zeros(DType.FLOAT32, 5, 5), false, 1));
        assertTrue(m.getMessage().contains("[5, 6]") && m.getMessage().contains("[5, 5]"), m.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> FusedAttention.packedForward(Tensor.zeros(DType.FLOAT32, 2, 3, 10), 3, false));
        assertTrue(p.getMessage().contains("selfAttention") && p.getMessage().contains("[2, 3, 10]"), p.getMessage());
    }
}

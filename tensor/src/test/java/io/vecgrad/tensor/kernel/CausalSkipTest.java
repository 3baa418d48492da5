package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedAttention;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Causal attention skips the key blocks above the diagonal (AttentionF64's causal blocks). The
 * unskipped computation is the same kernel given the causal mask as an explicit additive
 * {@code −∞} matrix (it scores, combines and differentiates every key, in blocks of 64 rows):
 * forward and all three gradients must be the same values, bit for bit up to the sign of an
 * exact zero, for query counts that leave partial blocks, tq below tk, and both dtypes. That
 * the fused kernel matches the composed form is AttentionKernelTest's job; this test pins the
 * skip to the unskipped bits.
 */
@Tag("kernel")
class CausalSkipTest {

    private static Tensor causalMask(DType dt, int tq, int tk) {
        double[] m = new double[tq * tk];
        for (int i = 0; i < tq; i++) for (int j = i + 1; j < tk; j++) m[i * tk + j] = Double.NEGATIVE_INFINITY;
        return Tensor.of(m, tq, tk).to(dt);
    }

    private static void sameValues(Tensor want, Tensor got, String what) {
        double[] a = want.toDoubleArray(), b = got.toDoubleArray();
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            // == treats +0 and −0 as equal; no NaN may appear with these finite inputs
            assertTrue(a[i] == b[i], what + " differs at " + i + ": unskipped " + a[i] + ", skipped " + b[i]);
        }
    }

    @Test
    void skippedBlocksGiveTheUnskippedBits() {
        Rng rng = new Rng(19);
        int[][] shapes = {{150, 150}, {37, 90}, {16, 16}, {17, 33}, {AttentionF64.BLOCK + 5, AttentionF64.BLOCK + 5}};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : shapes) {
                int tq = s[0], tk = s[1], d = 24, dv = 20;
                Tensor q = rng.normal(dt, 0, 1, 2, 3, tq, d), k = rng.normal(dt, 0, 1, 2, 3, tk, d);
                Tensor v = rng.normal(dt, 0, 1, 2, 3, tk, dv), g = rng.normal(dt, 0, 1, 2, 3, tq, dv);
                Tensor mask = causalMask(dt, tq, tk);
                double scale = 0.3;
                String what = dt + " tq " + tq + " tk " + tk;
                sameValues(FusedAttention.forward(q, k, v, mask, false, scale), FusedAttention.forward(q, k, v, null, true, scale), what + " forward");
                Tensor[] want = FusedAttention.backward(q, k, v, mask, false, scale, g);
                Tensor[] got = FusedAttention.backward(q, k, v, null, true, scale, g);
                String[] names = {"dq", "dk", "dv"};
                for (int i = 0; i < 3; i++) sameValues(want[i], got[i], what + " " + names[i]);
                // keys no query may see get exactly zero gradient
                if (tk > tq) {
                    double[] dk = got[1].toDoubleArray();
                    for (int h = 0; h < 6; h++) {
                        for (int j = tq; j < tk; j++) {
                            for (int c = 0; c < d; c++) assertEquals(0.0, Math.abs(dk[(h * tk + j) * d + c]), what + " dk of unseen key " + j);
                        }
                    }
                }
            }
        }
    }
}

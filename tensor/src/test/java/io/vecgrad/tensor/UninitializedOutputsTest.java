package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Outputs allocated without the pool's zero-fill ({@link Tensor#allocUninitialized}) are fully
 * overwritten by their kernels: a recycled array poisoned with NaN (true for masks) is handed
 * to the op, and the result must equal, bit for bit, the one computed on fresh zeroed memory.
 * The test also checks the poisoned array really was the one reused, so it cannot pass by
 * missing the pool.
 */
class UninitializedOutputsTest {
    private static final int R = 37, C = 45;

    @Test
    void poisonedRecycledOutputsGiveTheSameResults() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Random r = new Random(5);
            Tensor a = Gen.tensor(r, dt, new int[] {R, C}, false), b = Gen.tensor(r, dt, new int[] {R, C}, false);
            Tensor bias = Gen.tensor(r, dt, new int[] {C}, false), w = Gen.tensor(r, dt, new int[] {C, 23}, false);
            Tensor batched = Gen.tensor(r, dt, new int[] {3, R, C}, false), lw = Gen.tensor(r, dt, new int[] {C}, false);
            Tensor labels = Tensor.zeros(DType.INT64, R);
            for (int i = 0; i < R; i++) labels.putFlat(i, r.nextInt(C));
            Tensor ceStats = FusedRows.crossEntropy(a, labels)[1], lnStats = FusedRows.layerNorm(a, C, lw, bias, 1e-5)[1];
            Tensor g = Gen.tensor(r, dt, new int[] {R}, false);
            Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
            ops.put("add", () -> a.add(b));
            ops.put("add bias row", () -> a.add(bias));
            ops.put("mul scalar", () -> a.mul(3));
            ops.put("general broadcast", () -> a.reshape(R, 1, C).sub(b.reshape(1, R, C)));
            ops.put("exp", a::exp);
            ops.put("relu", a::relu);
            ops.put("gtMask", () -> a.gtMask(0));
            ops.put("gt (BOOL)", () -> a.gt(0));
            ops.put("sum over the leading axis", () -> a.sum(0));
            ops.put("mean over the leading axis", () -> batched.mean(new int[] {0, 1}, false));
            ops.put("matmul", () -> a.matmul(w));
            ops.put("batched matmul", () -> batched.matmul(w));
            ops.put("softmax", () -> FusedRows.softmax(a, false));
            ops.put("logSoftmax", () -> FusedRows.softmax(a, true));
            ops.put("crossEntropy loss", () -> FusedRows.crossEntropy(a, labels)[0]);
            ops.put("crossEntropy stats", () -> FusedRows.crossEntropy(a, labels)[1]);
            ops.put("crossEntropyBackward", () -> FusedRows.crossEntropyBackward(a, labels, ceStats, g));
            ops.put("layerNorm", () -> FusedRows.layerNorm(a, C, lw, bias, 1e-5)[0]);
            ops.put("layerNorm stats", () -> FusedRows.layerNorm(a, C, lw, bias, 1e-5)[1]);
            ops.put("layerNormBackward dx", () -> FusedRows.layerNormBackward(a, C, lw, lnStats, b, true, true)[0]);
            ops.put("layerNormBackward dw", () -> FusedRows.layerNormBackward(a, C, lw, lnStats, b, true, true)[1]);
            ops.put("reluBackward", () -> LinearEpilogue.reluBackward(b, a));
            ops.put("linear epilogue", () -> LinearEpilogue.matmulBiasRelu(a, w, w.select(0, 0), true));
            ops.put("linear epilogue rank 3", () -> LinearEpilogue.matmulBiasRelu(batched, w, w.select(0, 0), false));
            Tensor q = Gen.tensor(r, dt, new int[] {2, 2, 13, 8}, false), qkv = Gen.tensor(r, dt, new int[] {2, 11, 12}, false);
            Tensor k = q.mul(0.5), v = q.mul(2);
            ops.put("attention", () -> FusedAttention.forward(q, k, v, null, true, 0.4));
            ops.put("attention kept probabilities", () -> FusedAttention.forwardKeeping(q, k, v, null, false, 0.4)[1]);
            ops.put("packed attention", () -> FusedAttention.packedForward(qkv, 2, true));
            for (Map.Entry<String, Supplier<Tensor>> e : ops.entrySet()) {
                check(e.getKey() + " " + dt, e.getValue());
            }
        }
    }

    static void check(String what, Supplier<Tensor> op) {
        Tensor want = op.get();                       // outside any scope: fresh zeroed arrays
        Tensor shape = want.contiguous();
        BufferPool.clearThisThread();
        try (BufferPool.Scope s = BufferPool.open()) {
            Tensor poison = Tensor.zeros(shape.dtype(), shape.numel());
            poison.fillInPlace(shape.dtype() == DType.BOOL ? 1 : Double.NaN);
            Object array = poison.storage().array;
            assertTrue(s.recycle(poison));
            Tensor got = op.get();
            assertTrue(array == got.storage().array, what + ": the poisoned array was not the one reused");
            s.escape(got);
            assertEquals(want.dtype(), got.dtype(), what);
            assertArrayEquals(want.shape(), got.shape(), what);
            assertArrayEquals(bits(want), bits(got), what + ": a stale (poisoned) element survived");
        } finally {
            BufferPool.clearThisThread();
        }
    }

    private static long[] bits(Tensor t) {
        double[] v = t.toDoubleArray();
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToLongBits(v[i]);
        return b;
    }
}

package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The elementwise and row-wise kernels that split over threads ({@code RowSplit}) give the same
 * bits at 1, 2 and 3 threads. One thread runs each op unsplit, so a wrong chunk offset or a row
 * computed twice shows up as a difference. Shapes are above the split threshold and not
 * multiples of any chunk; operands include offset windows and special values (NaN, ±Inf, −0).
 * NaNs compare equal whatever their sign: that one depends on the JIT tier, not on threads.
 */
@Tag("kernel")
class ParallelRowKernelsTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    private static Tensor data(Random r, DType dt, int rows, int cols, boolean window) {
        Tensor t = Gen.tensor(r, dt, new int[] {rows + (window ? 3 : 0), cols}, false);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
        for (int i = 0; i < 7; i++) t.putFlat(r.nextInt(t.numel()), special[i % special.length]);
        return window ? t.slice(0, 2, 2 + rows) : t;
    }

    /** Results of every split op on fixed inputs, as raw bits. */
    private static Map<String, long[]> run(DType dt, int rows, int cols) {
        Random r = new Random(rows * 31L + cols);
        Tensor a = data(r, dt, rows, cols, true), b = data(r, dt, rows, cols, false);
        Tensor bias = Gen.tensor(r, dt, new int[] {cols}, false);
        Tensor finite = Gen.tensor(r, dt, new int[] {rows, cols}, false).mul(3);
        Tensor labels = Tensor.zeros(DType.INT64, rows);
        for (int i = 0; i < rows; i++) labels.putFlat(i, r.nextInt(cols));
        Tensor w = Gen.tensor(r, dt, new int[] {cols}, false), lb = Gen.tensor(r, dt, new int[] {cols}, false);
        Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", () -> a.add(b));
        ops.put("sub", () -> b.sub(a));
        ops.put("mul bias row", () -> a.mul(bias));
        ops.put("bias rsub (swapped)", () -> bias.sub(a));
        ops.put("div scalar", () -> a.div(Tensor.scalar(dt, 3)));
        ops.put("pow", () -> a.abs().pow(b));
        ops.put("exp", a::exp);
        ops.put("relu", a::relu);
        ops.put("tanh", a::tanh);
        ops.put("addInPlace", () -> a.copy().addInPlace(b));
        ops.put("addInPlace bias", () -> a.copy().addInPlace(bias));
        ops.put("mulInPlace scalar", () -> a.copy().mulInPlace(Tensor.scalar(dt, -1.5)));
        ops.put("gtMask", () -> a.gtMask(0));
        ops.put("gt", () -> a.gt(0.25).to(dt));
        ops.put("sum over rows", () -> a.sum(0));
        ops.put("mean over rows", () -> b.mean(new int[] {0}, false));
        ops.put("softmax", () -> FusedRows.softmax(finite, false));
        ops.put("logSoftmax", () -> FusedRows.softmax(a, true));
        ops.put("crossEntropy", () -> FusedRows.crossEntropy(finite, labels)[0]);
        ops.put("crossEntropy stats", () -> FusedRows.crossEntropy(finite, labels)[1]);
        ops.put("crossEntropyBackward", () -> FusedRows.crossEntropyBackward(finite, labels, FusedRows.crossEntropy(finite, labels)[1], bias.slice(0, 0, 1).reshape()));
        ops.put("layerNorm", () -> FusedRows.layerNorm(a, cols, w, lb, 1e-5)[0]);
        ops.put("layerNorm stats", () -> FusedRows.layerNorm(finite, cols, null, null, 1e-5)[1]);
        for (int k = 0; k < 3; k++) {
            int part = k;
            ops.put("layerNormBackward " + k, () -> {
                Tensor st = FusedRows.layerNorm(finite, cols, w, lb, 1e-5)[1];
                return FusedRows.layerNormBackward(finite, cols, w, st, b, true, true)[part];
            });
        }
        ops.put("biasRelu", () -> LinearEpilogue.biasReluInPlace(a.contiguous().copy(), bias, true));
        ops.put("reluBackward", () -> LinearEpilogue.reluBackward(b, a));
        // 20 GEMMs of 64×64×70, each below the GEMM's own split size: split over the batch
        Tensor xb = Gen.tensor(r, dt, new int[] {20, 64, 70}, false), wb = Gen.tensor(r, dt, new int[] {64, 70}, false);
        ops.put("batched matmul", () -> xb.matmul(wb.mT()));
        ops.put("batched matmul, broadcast batch", () -> wb.matmul(xb.mT()));
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Tensor>> e : ops.entrySet()) {
            double[] v = e.getValue().get().toDoubleArray();
            long[] bits = new long[v.length];
            for (int i = 0; i < v.length; i++) bits[i] = Double.doubleToLongBits(v[i]);   // every NaN as one: x86 and the interpreter differ in NaN signs, threads do not matter there
            out.put(e.getKey(), bits);
        }
        return out;
    }

    @Test
    void sameBitsForOneTwoAndThreeThreads() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : new int[][] {{333, 129}, {1031, 128}, {70, 1001}}) {
                List<Map<String, long[]>> byThreads = new ArrayList<>();
                for (int t = 1; t <= 3; t++) {
                    Parallel.setThreads(t);
                    byThreads.add(run(dt, s[0], s[1]));
                }
                for (String op : byThreads.get(0).keySet()) {
                    for (int t = 2; t <= 3; t++) {
                        assertArrayEquals(byThreads.get(0).get(op), byThreads.get(t - 1).get(op),
                                op + " " + dt + " [" + s[0] + ", " + s[1] + "] at " + t + " threads differs from 1 thread");
                    }
                }
                assertEquals(byThreads.get(0).size(), byThreads.get(2).size());
            }
        }
    }
}

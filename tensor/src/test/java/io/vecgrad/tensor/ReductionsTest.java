package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Test;

/** Reductions over random axis sets against an index-by-index oracle. */
@Tag("kernel")
@org.junit.jupiter.api.Tag("kernel")
class ReductionsTest {

    @Property(tries = 300)
    void sumMeanMaxMinOverAnyAxes(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = Gen.shape(r, 4, 6);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor t = Gen.tensor(r, dt, shape, r.nextBoolean());
        boolean[] red = new boolean[shape.length];
        int count = 0;
        for (int i = 0; i < red.length; i++) if (red[i] = r.nextBoolean()) count++;
        int[] axes = new int[count];
        for (int i = 0, j = 0; i < red.length; i++) if (red[i]) axes[j++] = r.nextBoolean() ? i : i - shape.length;
        boolean keep = r.nextBoolean();
        Tensor sum = t.sum(axes, keep);
        Tensor mean = t.mean(axes, keep);
        int[] keptShape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) keptShape[i] = red[i] ? 1 : shape[i];
        double[] want = new double[Shape.numel(keptShape)];
        double[] abs = new double[want.length];
        double[] mx = new double[want.length];
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        int[] strides = Shape.contiguousStrides(keptShape);
        Gen.forEachIndex(shape, idx -> {
            int o = 0;
            for (int i = 0; i < idx.length; i++) if (!red[i]) o += idx[i] * strides[i];
            want[o] += t.get(idx);
            abs[o] += Math.abs(t.get(idx));
            mx[o] = Math.max(mx[o], t.get(idx));
        });
        Tensor sumKept = sum.reshape(keptShape);
        Tensor meanKept = mean.reshape(keptShape);
        double eps = dt == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
        int n = t.numel() / Math.max(1, want.length);
        for (int k = 0; k < want.length; k++) {
            double tol = (n + 2) * eps * abs[k] + 1e-30;
            assertEquals(want[k], sumKept.reshape(-1).get(k), tol);
            if (n > 0) assertEquals(want[k] / n, meanKept.reshape(-1).get(k), tol / n + eps);
        }
        if (t.numel() > 0 && n > 0) {
            Tensor max = t.max(axes, true).reshape(-1);
            for (int k = 0; k < want.length; k++) assertEquals(dt == DType.FLOAT32 ? (float) mx[k] : mx[k], max.get(k));
        }
    }

    /**
     * A sum over leading axes of a contiguous tensor (a bias gradient [N, M] → [M]) runs as
     * column sums: bit for bit the sequential sum of each column from +0 in row order (the form
     * it replaced: rows added one by one into a zeroed output), for every column count around
     * the vector widths, −0, NaN and ±∞ included, at one and two threads (the column split).
     */
    @Test
    void leadingAxisSumIsTheSequentialColumnSumBitwise() {
        int saved = io.vecgrad.tensor.kernel.Parallel.threads();
        try {
            Random r = new Random(19);
            for (int threads = 1; threads <= 2; threads++) {
                io.vecgrad.tensor.kernel.Parallel.setThreads(threads);
                int[][] shapes = {{32, 64}, {32, 1}, {1, 5}, {7, 3, 20}, {300, 1000}, {2, 3, 4, 129}};
                for (int cols = 1; cols <= 70; cols++) checkColumnSums(r, new int[] {1 + r.nextInt(40), cols});
                for (int[] shape : shapes) checkColumnSums(r, shape);
            }
        } finally {
            io.vecgrad.tensor.kernel.Parallel.setThreads(saved);
        }
    }

    private static void checkColumnSums(Random r, int[] shape) {
        double[] specials = {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor t = Gen.tensor(r, dt, shape, false);
            int n = t.numel();
            for (int s = 0; s < 3 && n > 0; s++) t.putFlat(r.nextInt(n), specials[r.nextInt(specials.length)]);
            if (r.nextBoolean()) t.mulInPlace(-0.0);   // only ±0 (NaN where ±∞ or NaN was): the signs of zero sums
            int lead = r.nextInt(shape.length - 1) + 1;
            int[] axes = new int[lead];
            for (int i = 0; i < lead; i++) axes[i] = i;
            int k = 1;
            for (int i = lead; i < shape.length; i++) k *= shape[i];
            int rows = n / k;
            double[] v = t.toDoubleArray();
            Tensor got = t.sum(axes, false).reshape(-1);
            for (int c = 0; c < k; c++) {
                double want;
                if (dt == DType.FLOAT32) {
                    float f = 0;
                    for (int i = 0; i < rows; i++) f += (float) v[i * k + c];
                    want = f;
                } else {
                    double d = 0;
                    for (int i = 0; i < rows; i++) d += v[i * k + c];
                    want = d;
                }
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got.get(c)),
                        dt + " " + java.util.Arrays.toString(shape) + " column " + c);
            }
        }
    }

    @Test
    void argmaxSoftmaxLogsumexpVar() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, -1, 0, 5}, 2, 3);
        assertArrayEquals(new long[] {1, 2}, x.argmax(1, false).toLongArray());
        assertArrayEquals(new long[] {0, 0}, x.argmin(1, false).toLongArray());
        assertArrayEquals(new long[] {0, 0, 1}, x.argmax(0, false).toLongArray());
        Tensor p = x.softmax(1);
        assertArrayEquals(new double[] {1, 1}, p.sum(1).toDoubleArray(), 1e-15);
        Tensor big = Tensor.of(new double[] {1000, 1000});
        assertEquals(1000 + Math.log(2), big.logsumexp(null, false).item(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, big.softmax(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-Math.log(2), -Math.log(2)}, big.logSoftmax(0).toDoubleArray(), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, Tensor.full(DType.FLOAT64, Double.NEGATIVE_INFINITY, 3).logsumexp(null, false).item());
        Tensor v = Tensor.of(new double[] {1, 2, 3, 4});
        assertEquals(5.0 / 3, v.var(null, false, 1).item(), 1e-15);
        assertEquals(1.25, v.var(null, false, 0).item(), 1e-15);
        assertEquals(Math.sqrt(30), v.normL2(null, false).item(), 1e-14);
        assertEquals(10, v.normL1(null, false).item());
        assertEquals(4, v.normInf(null, false).item());
        assertEquals(24, v.prod().item());
        assertEquals(0, Tensor.zeros(0).sum().item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).max());
        assertEquals(DType.INT64, Tensor.of(new int[] {1, 2}).sum().dtype());
    }
}

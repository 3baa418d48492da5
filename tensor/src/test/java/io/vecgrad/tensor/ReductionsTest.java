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

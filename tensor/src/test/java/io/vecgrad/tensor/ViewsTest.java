package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ViewsTest {

    /** Row-major elements read one by one through get(), the independent oracle for layouts. */
    static double[] elements(Tensor t) {
        List<Double> out = new ArrayList<>();
        Gen.forEachIndex(t.shape(), idx -> out.add(t.get(idx)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Property(tries = 300)
    void reshapeKeepsRowMajorOrder(@ForAll long seed) {
        Random r = new Random(seed);
        Tensor t = Gen.tensor(r, DType.FLOAT64, Gen.shape(r, 4, 5), r.nextBoolean());
        int n = t.numel();
        Tensor flat = t.reshape(-1);
        assertArrayEquals(elements(t), elements(flat));
        assertArrayEquals(elements(t), t.toDoubleArray());
        if (t.isContiguous() && n > 0) assertTrue(flat.sharesStorageWith(t), "reshape of a contiguous tensor is a view");
    }

    @Property(tries = 300)
    void permuteMovesAxes(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = Gen.shape(r, 4, 4);
        Tensor t = Gen.tensor(r, DType.FLOAT32, shape, r.nextBoolean());
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        Tensor p = t.permute(order);
        Gen.forEachIndex(p.shape(), idx -> {
            int[] src = new int[idx.length];
            for (int i = 0; i < idx.length; i++) src[order[i]] = idx[i];
            assertEquals(t.get(src), p.get(idx));
        });
        assertArrayEquals(elements(p), p.contiguous().toDoubleArray());
    }

    @Property(tries = 300)
    void sliceSelectsEveryStepthElement(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = Gen.shape(r, 3, 9);
        if (shape.length == 0) return;
        Tensor t = Gen.tensor(r, DType.FLOAT64, shape, r.nextBoolean());
        int axis = r.nextInt(shape.length);
        int start = r.nextInt(shape[axis] + 2) - 1;
        int stop = r.nextInt(shape[axis] + 3) - 1;
        int step = 1 + r.nextInt(3);
        Tensor s = t.slice(axis, start, stop, step);
        int lo = Math.max(0, Math.min(shape[axis], start < 0 ? start + shape[axis] : start));
        Gen.forEachIndex(s.shape(), idx -> {
            int[] src = idx.clone();
            src[axis] = lo + idx[axis] * step;
            assertEquals(t.get(src), s.get(idx));
        });
    }

    @Property(tries = 200)
    void expandRepeatsWithoutCopy(@ForAll long seed) {
        Random r = new Random(seed);
        int[] target = Gen.shape(r, 4, 4);
        int[] small = Gen.broadcastPartner(r, target);
        Tensor t = Gen.tensor(r, DType.FLOAT32, small, false);
        Tensor e = t.expand(target);
        assertTrue(e.sharesStorageWith(t));
        Gen.forEachIndex(target, idx -> assertEquals(t.get(Gen.broadcastIndex(idx, small)), e.get(idx)));
    }

    @Test
    void squeezeUnsqueezeSelect() {
        Tensor t = Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 1, 3);
        assertArrayEquals(new int[] {2, 3}, t.squeeze().shape());
        assertArrayEquals(new int[] {2, 3}, t.squeeze(1).shape());
        assertArrayEquals(new int[] {2, 1, 3, 1}, t.unsqueeze(3).shape());
        assertArrayEquals(new int[] {1, 2, 1, 3}, t.unsqueeze(0).shape());
        assertArrayEquals(new double[] {3, 4, 5}, t.select(0, 1).reshape(3).toDoubleArray());
        assertArrayEquals(new double[] {2, 5}, t.select(2, -1).reshape(2).toDoubleArray());
        assertArrayEquals(new int[] {6}, t.flatten().shape());
        assertArrayEquals(new int[] {2, 3}, t.flatten(1, 2).shape());
    }

    @Test
    void viewRefusesWhatNeedsACopy() {
        Tensor t = Tensor.zeros(3, 4).transpose(0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("view") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertFalse(t.reshape(12).sharesStorageWith(t));
    }

    @Test
    void badShapesAreRejectedWithClearMessages() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536));
        assertTrue(big.getMessage().contains("2147483647"), big.getMessage());
        IllegalArgumentException rs = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(rs.getMessage().contains("reshape") && rs.getMessage().contains("[2, 3]"), rs.getMessage());
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(1, 3));
        assertTrue(oob.getMessage().contains("axis 1"), oob.getMessage());
        IllegalArgumentException ax = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2));
        assertTrue(ax.getMessage().contains("sum") && ax.getMessage().contains("axis 2"), ax.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(3, 3));
    }

    @Test
    void inPlaceWritesBumpTheSharedVersion() {
        Tensor t = Tensor.zeros(2, 2);
        Tensor v = t.reshape(4);
        int before = t.version();
        v.setAt(5, 3);
        assertEquals(5, t.get(1, 1));
        assertTrue(t.version() > before);
        int mid = t.version();
        t.slice(0, 0, 1).addInPlace(Tensor.scalar(DType.FLOAT32, 1));
        assertTrue(v.version() > mid);
        assertArrayEquals(new double[] {1, 1, 0, 5}, t.toDoubleArray());
    }

    @Test
    void toStringIsNumpyLike() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], dtype=float32, shape=[2, 2])", t.toString());
        String big = Tensor.zeros(DType.INT32, 2000).toString();
        assertTrue(big.contains("...") && big.length() < 200, big);
        assertEquals("tensor(true, dtype=bool, shape=[])", Tensor.scalar(DType.BOOL, 1).toString());
    }
}

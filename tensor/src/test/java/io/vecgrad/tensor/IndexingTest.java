package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IndexingTest {

    @Property(tries = 200)
    void concatThenSliceGivesThePartsBack(@ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = Gen.shape(r, 3, 5);
        if (shape.length == 0) return;
        int axis = r.nextInt(shape.length);
        int parts = 1 + r.nextInt(3);
        Tensor[] ts = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            int[] s = shape.clone();
            s[axis] = r.nextInt(4);
            ts[i] = Gen.tensor(r, DType.FLOAT64, s, r.nextBoolean());
        }
        Tensor c = Tensor.concat(axis, ts);
        int start = 0;
        for (Tensor t : ts) {
            Tensor back = c.slice(axis, start, start + t.size(axis));
            assertTrue(back.valueEquals(t.contiguous()) || back.numel() == 0);
            start += t.size(axis);
        }
        assertEquals(start, c.size(axis));
    }

    @Property(tries = 200)
    void gatherThenScatterAddRoundTrips(@ForAll long seed) {
        Random r = new Random(seed);
        int rows = 1 + r.nextInt(5), cols = 1 + r.nextInt(6);
        Tensor x = Gen.tensor(r, DType.FLOAT64, new int[] {rows, cols}, r.nextBoolean());
        long[] idx = new long[rows * 2];
        for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(cols);
        Tensor index = Tensor.of(idx, rows, 2);
        Tensor g = x.gather(1, index);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 2; j++) assertEquals(x.get(i, (int) idx[i * 2 + j]), g.get(i, j));
        }
        // scatterAdd of ones counts how often each position was gathered (the adjoint of gather).
        Tensor counts = Tensor.zeros(DType.FLOAT64, rows, cols).scatterAdd(1, index, Tensor.ones(DType.FLOAT64, rows, 2));
        assertEquals(rows * 2, counts.sum().item());
        Tensor w = Gen.tensor(r, DType.FLOAT64, new int[] {rows, 2}, false);
        double lhs = g.mul(w).sum().item();
        double rhs = x.mul(Tensor.zeros(DType.FLOAT64, rows, cols).scatterAdd(1, index, w)).sum().item();
        assertEquals(lhs, rhs, 1e-12);
    }

    @Test
    void indexSelectStackOneHot() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(3, 2);
        Tensor rows = x.indexSelect(0, Tensor.of(new int[] {2, 0, 2}));
        assertArrayEquals(new double[] {4, 5, 0, 1, 4, 5}, rows.toDoubleArray());
        Tensor s = Tensor.stack(1, x, x);
        assertArrayEquals(new int[] {3, 2, 2}, s.shape());
        assertArrayEquals(new double[] {0, 1, 0, 1}, s.select(0, 0).toDoubleArray());
        Tensor oh = Tensor.of(new long[] {1, 0}).oneHot(3, DType.FLOAT32);
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, oh.toDoubleArray());
        Tensor sc = Tensor.zeros(DType.FLOAT32, 2, 3).scatter(1, Tensor.of(new long[] {2, 0}, 2, 1), Tensor.full(DType.FLOAT32, 9, 2, 1));
        assertArrayEquals(new double[] {0, 0, 9, 9, 0, 0}, sc.toDoubleArray());
    }

    @Test
    void badIndicesAreNamed() {
        Tensor x = Tensor.zeros(3, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(new int[] {3})));
        assertTrue(e.getMessage().contains("indexSelect") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.of(new int[] {5}).oneHot(3, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.of(new float[] {1})));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, x, Tensor.zeros(3, 3)));
        assertTrue(c.getMessage().contains("concat") && c.getMessage().contains("[3, 3]"), c.getMessage());
    }
}

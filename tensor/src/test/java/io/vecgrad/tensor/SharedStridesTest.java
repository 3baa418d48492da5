package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Fresh tensors of rank 0, 1 and of matrices narrower than 1024 share one immutable stride array
 * per width ({@link Shape#sharedContiguousStrides}) and scalars share their empty shape: the
 * values equal {@link Shape#contiguousStrides}, and nothing a caller or a view does to the
 * metadata of one tensor reaches another.
 */
class SharedStridesTest {

    @Test
    void sharedStridesEqualTheContiguousStridesOfEveryShape() {
        int[][] shapes = {{}, {0}, {1}, {7}, {3, 0}, {0, 5}, {4, 1}, {2, 5}, {1, 1023}, {2, 1024}, {3, 5000}, {2, 3, 4}, {1, 0, 2}};
        for (int[] s : shapes) {
            assertArrayEquals(Shape.contiguousStrides(s), Shape.sharedContiguousStrides(s), java.util.Arrays.toString(s));
            assertArrayEquals(Shape.contiguousStrides(s), Tensor.zeros(DType.FLOAT32, s).strides(), java.util.Arrays.toString(s));
        }
        assertSame(Shape.sharedContiguousStrides(new int[] {2, 5}), Shape.sharedContiguousStrides(new int[] {9, 5}), "one array per width");
    }

    @Test
    void metadataHandedOutOrViewedIsNeverTheSharedArray() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 2, 5), b = Tensor.zeros(DType.FLOAT64, 3, 5);
        int[] st = a.strides();
        st[0] = 99;
        st[1] = 42;
        assertArrayEquals(new int[] {5, 1}, a.strides());
        assertArrayEquals(new int[] {5, 1}, b.strides());
        Tensor t = a.transpose(0, 1), s = b.slice(1, 1, 5, 2), e = Tensor.zeros(DType.FLOAT64, 1, 5).expand(4, 5);
        assertArrayEquals(new int[] {1, 5}, t.strides());
        assertArrayEquals(new int[] {5, 2}, s.strides());
        assertArrayEquals(new int[] {0, 1}, e.strides());
        assertArrayEquals(new int[] {5, 1}, Tensor.zeros(DType.FLOAT64, 7, 5).strides(), "views changed no shared array");
        b.setAt(1.5, 2, 4);
        assertEquals(1.5, b.contiguous().get(2, 4));
    }

    @Test
    void scalarsShareTheirEmptyShapeButNotTheirValues() {
        Tensor x = Tensor.scalar(DType.FLOAT32, 2.5), y = Tensor.scalar(DType.FLOAT64, -1);
        assertEquals(0, x.dim());
        assertEquals(2.5, x.item());
        assertEquals(-1, y.item());
        x.fillInPlace(7);
        assertEquals(-1, y.item());
        int[] shape = x.shape();
        assertEquals(0, shape.length);
        assertArrayEquals(new int[] {1}, x.reshape(1).shape());
        assertArrayEquals(new int[] {}, Tensor.scalar(DType.FLOAT32, 0).shape());
    }
}

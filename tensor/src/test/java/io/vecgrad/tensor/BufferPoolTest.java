package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void recycledArrayComesBackZeroedForTheSameSizeClass() {
        BufferPool.clearThisThread();
        Object first;
        try (BufferPool.Scope s = BufferPool.open()) {
            Tensor t = Tensor.zeros(DType.FLOAT32, 3, 4);
            t.fillInPlace(7);
            first = t.floatArray();
            assertTrue(s.recycle(t));
        }
        try (BufferPool.Scope s = BufferPool.open()) {
            Tensor other = Tensor.zeros(DType.FLOAT64, 12); // another dtype: another class
            assertNotSame(first, other.doubleArray());
            Tensor u = Tensor.zeros(DType.FLOAT32, 12);
            assertSame(first, u.floatArray());
            assertArrayEquals(new float[12], u.floatArray());
        }
    }

    @Test
    void pinnedEscapedAndForeignArraysAreNeverRecycled() {
        BufferPool.clearThisThread();
        Tensor outside = Tensor.zeros(DType.FLOAT32, 8);
        try (BufferPool.Scope s = BufferPool.open()) {
            assertFalse(s.owns(outside));
            assertFalse(s.recycle(outside));
            Tensor pinned = Tensor.zeros(DType.FLOAT32, 8);
            s.pin(pinned);
            assertFalse(s.recycle(pinned));
            assertEquals(1, s.pins(pinned));
            Tensor escaped = Tensor.zeros(DType.FLOAT32, 8);
            s.escape(escaped);
            int mark = 0;
            s.recycleUnreferencedSince(mark);
            assertFalse(s.recycle(escaped));
            pinned.fillInPlace(1);
            escaped.fillInPlace(2);
            Tensor fresh = Tensor.zeros(DType.FLOAT32, 8); // the pool is empty: a new array
            assertNotSame(pinned.floatArray(), fresh.floatArray());
            assertNotSame(escaped.floatArray(), fresh.floatArray());
            s.unpin(pinned);
            assertTrue(s.recycle(pinned));
        }
    }

    @Test
    void viewsShareTheirBasesPinsAndSuspendedAllocationIsOrdinary() throws Exception {
        BufferPool.clearThisThread();
        try (BufferPool.Scope s = BufferPool.open()) {
            Tensor base = Tensor.zeros(DType.FLOAT32, 2, 3);
            Tensor view = base.reshape(3, 2);
            s.pin(view);
            assertEquals(1, s.pins(base));
            assertFalse(s.recycle(base));
            Tensor kept;
            try (AutoCloseable off = s.suspend()) {
                kept = Tensor.zeros(DType.FLOAT32, 2, 3);
            }
            assertFalse(s.owns(kept));
        }
    }

    @Test
    void closingWithoutRecycleDropsOwnership() {
        BufferPool.clearThisThread();
        Tensor t;
        try (BufferPool.Scope s = BufferPool.open()) {
            t = Tensor.zeros(DType.FLOAT32, 5);
            s.close(false);
            assertFalse(s.owns(t));
        }
        long[] before = BufferPool.statsThisThread();
        try (BufferPool.Scope s = BufferPool.open()) {
            Tensor u = Tensor.zeros(DType.FLOAT32, 5);
            assertNotSame(t.floatArray(), u.floatArray());
        }
        assertEquals(before[1] + 1, BufferPool.statsThisThread()[1]);
    }
}

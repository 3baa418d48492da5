package io.vecgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vecgrad.datasets.transform.Transforms;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link DataLoader#epochReusingBatches}: the same batches, bit for bit, as {@link DataLoader#epoch}
 * (any batch size, drop-last, prefetch, start position, a batch-size change mid-epoch), while
 * the batch tensors come from a fixed ring of buffers.
 */
class DataLoaderReuseTest {

    /** Every batch copied as it is handed out (x bits, y, indices), so reuse cannot hide a difference. */
    private static List<Object[]> drainCopies(DataLoader.Epoch e, DataLoader loader, int resizeAt, int newSize) {
        List<Object[]> out = new ArrayList<>();
        int k = 0;
        while (true) {
            if (k++ == resizeAt) loader.setBatchSize(newSize);
            if (!e.hasNext()) break;
            Batch b = e.next();
            out.add(new Object[] {b.x().toDoubleArray(), b.y().toLongArray(), b.indices()});
        }
        return out;
    }

    @Property(tries = 120)
    void sameBatchesAsAFreshEpoch(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 9) int bs,
                                  @ForAll boolean dropLast, @ForAll @IntRange(max = 3) int prefetch,
                                  @ForAll @IntRange(max = 10) int start, @ForAll @IntRange(max = 6) int resizeAt, @ForAll long seed) {
        int from = Math.min(start, n);
        List<Object[]> fresh, reused;
        try (DataLoader a = DataLoader.of(DataLoaderTest.indexed(n)).batchSize(bs).seed(seed).dropLast(dropLast).prefetch(prefetch).build()) {
            fresh = drainCopies(a.epoch(2, from), a, resizeAt, bs + 2);
        }
        try (DataLoader b = DataLoader.of(DataLoaderTest.indexed(n)).batchSize(bs).seed(seed).dropLast(dropLast).prefetch(prefetch).build()) {
            reused = drainCopies(b.epochReusingBatches(2, from), b, resizeAt, bs + 2);
        }
        assertEquals(fresh.size(), reused.size());
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals((double[]) fresh.get(i)[0], (double[]) reused.get(i)[0], "x of batch " + i);
            assertArrayEquals((long[]) fresh.get(i)[1], (long[]) reused.get(i)[1], "y of batch " + i);
            assertArrayEquals((int[]) fresh.get(i)[2], (int[]) reused.get(i)[2], "indices of batch " + i);
        }
    }

    @Test
    void buffersComeFromARingOfTwoWithoutPrefetch() {
        try (DataLoader loader = DataLoader.of(DataLoaderTest.indexed(50)).batchSize(8).seed(1).build()) {
            DataLoader.Epoch e = loader.epochReusingBatches(0, 0);
            Tensor x0 = e.next().x(), x1 = e.next().x(), x2 = e.next().x(), x3 = e.next().x();
            assertNotSame(x0, x1);
            assertSame(x0, x2);
            assertSame(x1, x3);
            e.next();
            e.next();
            Batch last = e.next();   // 50 = 6 * 8 + 2: the partial batch gets its own buffer
            assertEquals(2, last.size());
            assertEquals(2, last.x().shape()[0]);
        }
    }

    @Test
    void transformsAndOtherDatasetsAreNotReused() {
        Dataset plain = new Dataset() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public Batch get(int[] indices) {
                return new Batch(Tensor.zeros(DType.FLOAT64, indices.length, 1), null, indices);
            }
        };
        try (DataLoader loader = DataLoader.of(plain).batchSize(2).build()) {
            DataLoader.Epoch e = loader.epochReusingBatches(0, 0);
            Tensor a = e.next().x();
            e.next();
            assertNotSame(a, e.next().x());
        }
        try (DataLoader loader = DataLoader.of(DataLoaderTest.indexed(10)).batchSize(2).features(Transforms.normalize(0, 2)).build()) {
            DataLoader.Epoch e = loader.epochReusingBatches(0, 0);
            Tensor a = e.next().x();
            e.next();
            assertNotSame(a, e.next().x());
        }
    }
}

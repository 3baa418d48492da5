package io.vecgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.transform.Transforms;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** n examples whose features are [i, 10 i] and label i, so batches reveal their indices. */
    static TensorDataset indexed(int n) {
        double[] x = new double[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n));
    }

    static List<int[]> drain(DataLoader.Epoch e) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : e) {
            long[] y = b.y().toLongArray();
            int[] idx = b.indices();
            for (int i = 0; i < idx.length; i++) {
                assertEquals(idx[i], y[i]);
                assertEquals(10.0 * idx[i], b.x().get(i, 1));
            }
            out.add(idx);
        }
        return out;
    }

    static int[] concat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Property(tries = 150)
    void batchesTileTheEpochOrder(@ForAll @IntRange(max = 40) int n, @ForAll @IntRange(min = 1, max = 12) int bs,
                                  @ForAll boolean dropLast, @ForAll @IntRange(max = 3) int prefetch, @ForAll long seed) {
        try (DataLoader loader = DataLoader.of(indexed(n)).batchSize(bs).seed(seed).dropLast(dropLast).prefetch(prefetch).build()) {
            List<int[]> batches = drain(loader.epoch(3));
            int full = n / bs;
            assertEquals(loader.batchesPerEpoch(), batches.size());
            assertEquals(dropLast || n % bs == 0 ? full : full + 1, batches.size());
            int[] order = loader.order(3);
            assertArrayEquals(Arrays.copyOf(order, concat(batches).length), concat(batches));
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) assertEquals(i, sorted[i]);
        }
    }

    @Test
    void sameSeedSameBatchesWithOrWithoutPrefetch() {
        var tf = Transforms.compose((x, rng) -> x.add(rng.normal(DType.FLOAT64, 0, 1, x.shape())));
        DataLoader a = DataLoader.of(indexed(50)).batchSize(7).seed(11).features(tf).build();
        DataLoader b = DataLoader.of(indexed(50)).batchSize(7).seed(11).features(tf).prefetch(2).build();
        var ia = a.epoch(1).iterator();
        var ib = b.epoch(1).iterator();
        while (ia.hasNext()) {
            Batch x = ia.next();
            Batch y = ib.next();
            assertArrayEquals(x.indices(), y.indices());
            assertArrayEquals(x.x().toDoubleArray(), y.x().toDoubleArray());
        }
        assertFalse(ib.hasNext());
        b.close();
    }

    @Test
    void epochsDifferAndUnshuffledIsIdentity() {
        DataLoader l = DataLoader.of(indexed(30)).seed(5).build();
        assertNotEquals(Arrays.toString(l.order(0)), Arrays.toString(l.order(1)));
        DataLoader plain = DataLoader.of(indexed(5)).shuffle(false).build();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, plain.order(7));
    }

    @Test
    void batchSizeChangeTakesEffectAtTheNextBatch() {
        for (int prefetch : new int[] {0, 3}) {
            DataLoader l = DataLoader.of(indexed(40)).batchSize(4).seed(9).prefetch(prefetch).build();
            List<Integer> sizes = new ArrayList<>();
            List<int[]> seen = new ArrayList<>();
            try (DataLoader.Epoch e = l.epoch(0)) {
                for (Batch b : e) {
                    sizes.add(b.size());
                    seen.add(b.indices());
                    if (sizes.size() == 2) l.setBatchSize(10);
                }
            }
            assertEquals(List.of(4, 4, 10, 10, 10, 2), sizes, "prefetch " + prefetch);
            assertArrayEquals(l.order(0), concat(seen));
        }
    }

    @Test
    void producerExceptionsPropagateWithCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Dataset bad = new Dataset() {
            @Override
            public int size() { return 20; }

            @Override
            public Batch get(int[] indices) {
                for (int i : indices) if (i == 13) throw boom;
                return indexed(20).get(indices);
            }
        };
        for (int prefetch : new int[] {0, 2}) {
            DataLoader l = DataLoader.of(bad).batchSize(3).shuffle(false).prefetch(prefetch).build();
            DataLoader.Epoch e = l.epoch(0);
            DataLoader.LoadException ex = assertThrows(DataLoader.LoadException.class, () -> {
                for (Batch b : e) assertTrue(b.size() > 0);
            });
            assertSame(boom, ex.getCause());
            assertTrue(ex.getMessage().contains("position 12"), ex.getMessage());
            assertFalse(e.hasNext());
        }
        assertNoPrefetchThreads();
    }

    @Test
    void closingAnAbandonedEpochStopsItsThread() {
        DataLoader l = DataLoader.of(indexed(1000)).batchSize(2).prefetch(1).build();
        DataLoader.Epoch e = l.epoch(0);
        e.next();
        l.close();
        assertFalse(e.hasNext());
        assertNoPrefetchThreads();
    }

    static void assertNoPrefetchThreads() {
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("vecgrad-prefetch")));
    }

    @Test
    void labelTransformAndBadArguments() {
        DataLoader l = DataLoader.of(indexed(4)).batchSize(4).shuffle(false).labels(Transforms.oneHot(4)).build();
        Batch b = l.epoch(0).next();
        assertArrayEquals(Tensor.eye(DType.FLOAT32, 4).toDoubleArray(), b.y().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> l.setBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    }
}

package io.vecgrad.datasets.coreset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.transform.Transform;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoresetAugmentationTest {
    private static final Transform NOISE = (x, rng) -> x.add(rng.normal(x.dtype(), 0, 1, x.shape()));

    private static TensorDataset data(int n) {
        double[] x = new double[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            y[i] = i % 3;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n));
    }

    @Test
    void originalsAreUnchangedAndCopiesComeFromTheCoreset() {
        TensorDataset d = data(10);
        Coreset c = new Coreset(new int[] {2, 7}, new double[] {3, 7});
        Dataset e = new CoresetAugmentation(d, c, NOISE, 5).epoch(0);
        assertEquals(12, e.size());
        Batch all = e.get(IntStream.range(0, 12).toArray());
        assertArrayEquals(d.x().toDoubleArray(), all.x().slice(0, 0, 10).contiguous().toDoubleArray(), 0);
        long[] y = all.y().toLongArray();
        for (int s = 10; s < 12; s++) assertEquals(true, y[s] == 2 || y[s] == 1, "label of slot " + s);
    }

    @Test
    void deterministicPerSeedAndEpochWhateverTheBatching() {
        TensorDataset d = data(20);
        Coreset c = new Coreset(new int[] {1, 4, 9}, new double[] {5, 5, 10});
        CoresetAugmentation a = new CoresetAugmentation(d, c, NOISE, 11, 8);
        int[] all = IntStream.range(0, 28).toArray();
        double[] whole = a.epoch(2).get(all).x().toDoubleArray();
        assertArrayEquals(whole, new CoresetAugmentation(d, c, NOISE, 11, 8).epoch(2).get(all).x().toDoubleArray(), 0);
        double[] piece = a.epoch(2).get(new int[] {25, 26}).x().toDoubleArray();
        assertArrayEquals(Arrays.copyOfRange(whole, 50, 54), piece, 0);
        assertFalse(Arrays.equals(whole, a.epoch(3).get(all).x().toDoubleArray()));
        assertFalse(Arrays.equals(whole, new CoresetAugmentation(d, c, NOISE, 12, 8).epoch(2).get(all).x().toDoubleArray()));
    }

    @Test
    void drawsFollowTheWeights() {
        Coreset c = new Coreset(new int[] {0, 1}, new double[] {1, 3});
        int[] draws = new CoresetAugmentation(data(4), c, NOISE, 3, 40_000).draws(0);
        long ones = Arrays.stream(draws).filter(i -> i == 1).count();
        assertEquals(30_000, ones, 1);   // systematic sampling: m·w/Σw rounded
        int[] once = new CoresetAugmentation(data(5), new Coreset(new int[] {4, 0, 2}, new double[] {1, 1, 1}), NOISE, 9).draws(3);
        int[] sorted = once.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 2, 4}, sorted);   // unit weights: each member exactly once
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new CoresetAugmentation(data(3), new Coreset(new int[] {5}, new double[] {1}), NOISE, 1));
        assertThrows(IllegalArgumentException.class, () -> new CoresetAugmentation(data(3), new Coreset(new int[] {1}, new double[] {0}), NOISE, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new CoresetAugmentation(data(3), new Coreset(new int[] {1}, new double[] {1}), NOISE, 1).epoch(0).get(new int[] {4}));
        assertEquals(DType.FLOAT64, data(2).x().dtype());
    }
}

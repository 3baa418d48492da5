package io.vecgrad.optim.schedule.mi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The MI-to-rate mapping and the range test's bounds. */
class MiLearningRateTest {
    @Test
    void handComputedSequence() {
        MiLearningRate c = MiLearningRate.of(0.5, 0.01, 0.05);
        c = c.observe(0.6);                       // 0.6 − 0 ≥ 0.05: lr = clip(0.5·0.4, 0.01, 0.5) = 0.2
        assertEquals(0.2, c.lr(), 1e-15);
        assertEquals(0.6, c.nmiRef(), 0);
        c = c.observe(0.63);                      // gain 0.03 < 0.05: unchanged
        assertEquals(0.2, c.lr(), 1e-15);
        assertEquals(0.6, c.nmiRef(), 0);
        c = c.observe(0.9);                       // lr = clip(0.5·0.1, 0.01, 0.2) = 0.05
        assertEquals(0.05, c.lr(), 1e-15);
        c = c.observe(1.0);                       // NMI = 1 gives LR_min
        assertEquals(0.01, c.lr(), 0);
    }

    @Test
    void rateNeverIncreasesAndStaysInBounds() {
        Rng r = new Rng(4);
        MiLearningRate c = MiLearningRate.of(1.0, 0.02, 0.01);
        double prev = c.lr();
        for (int i = 0; i < 500; i++) {
            c = c.observe(r.nextDouble());
            assertTrue(c.lr() <= prev && c.lr() >= 0.02 && c.lr() <= 1.0, "lr " + c.lr() + " after " + prev);
            prev = c.lr();
        }
    }

    @Test
    void unchangedMiLeavesTheRateUnchanged() {
        MiLearningRate c = MiLearningRate.of(0.3, 0.01, 0.02).observe(0.5);
        assertSame(c, c.observe(0.5));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MiLearningRate.of(0.1, 0.2, 0.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiLearningRate.of(0.1, 0.01, 0.01).observe(1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void rangeTestPicksLargestStableAndSmallestNoticeableRate() {
        double[] lrs = MiRangeTest.logGrid(1e-3, 1, 4);          // 1e-3, 1e-2, 1e-1, 1
        assertEquals(1e-2, lrs[1], 1e-15);
        double[] gains = {0.01, 0.2, 0.5, Double.NaN};            // the largest rate diverged
        MiRangeTest.Bounds b = MiRangeTest.bounds(lrs, gains, 0.05);
        assertEquals(1e-1, b.lrMax(), 1e-15);
        assertEquals(1e-2, b.lrMin(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> MiRangeTest.bounds(lrs, new double[] {0, 0, 0, 0}, 0.05));
    }
}

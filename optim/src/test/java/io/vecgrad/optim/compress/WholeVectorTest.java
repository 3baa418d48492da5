package io.vecgrad.optim.compress;

import static io.vecgrad.optim.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The whole-vector mode of the P08, P09 and P13 compressors works on the flattened gradient of
 * all tensors (as the papers do), the per-tensor mode on each tensor alone; the two differ
 * exactly where a tensor's own statistics differ from the global ones.
 */
class WholeVectorTest {
    /** w holds the three largest magnitudes, b only small ones. */
    static Params grads() {
        return Params.of("w", Tensor.of(new double[] {10, -9, 8}, 3), "b", Tensor.of(new double[] {1, -0.5}, 2));
    }

    static double[] once(GradientTransformation c, Params g) {
        return flat(c.update(g, c.init(g), g).updates());
    }

    @Test
    void rTopKWithRequalKSelectsTheGlobalTopKOnlyInWholeVectorMode() {
        assertArrayEquals(new double[] {10, -9, 0, 0, 0}, once(Compressors.rTopK(2, 2, 1, true), grads()));
        assertArrayEquals(new double[] {10, -9, 0, 1, -0.5}, once(Compressors.rTopK(2, 2, 1, false), grads()));
        assertArrayEquals(once(Compressors.topK(2, true), grads()), once(Compressors.rTopK(2, 2, 1, true), grads()));
    }

    @Property(tries = 20)
    void rTopKKeepsKOfTheGlobalTopR(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        double[] c = once(Compressors.rTopK(3, 2, seed, true), grads());
        int kept = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                kept++;
                assertTrue(i < 3, "only w's entries are in the global top 3: " + java.util.Arrays.toString(c));
            }
        }
        assertEquals(2, kept);
    }

    @Property(tries = 20)
    void stochasticSignUsesTheGlobalInfinityNorm(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        double[] whole = once(Compressors.stochasticSign(0, true, seed, true), grads());
        for (double v : whole) assertEquals(10, Math.abs(v), 0.0, "B = ‖g‖∞ of all tensors");
        double[] per = once(Compressors.stochasticSign(0, true, seed, false), grads());
        for (int i = 0; i < 3; i++) assertEquals(10, Math.abs(per[i]), 0.0);
        for (int i = 3; i < 5; i++) assertEquals(1, Math.abs(per[i]), 0.0, "b's own ‖g‖∞");
    }

    @Test
    void stochasticSignWholeVectorIsUnbiased() {
        Params g = grads();
        double[] mean = new double[5];
        int n = 20000;
        GradientTransformation c = Compressors.stochasticSign(0, true, 3, true);
        var s = c.init(g);
        for (int k = 0; k < n; k++) {
            var u = c.update(g, s, g);
            s = u.state();
            double[] x = flat(u.updates());
            for (int i = 0; i < 5; i++) mean[i] += x[i] / n;
        }
        double[] want = flat(g);
        // standard error of a ±10 variable over 20000 draws is ≤ 0.071; allow 5 of them
        for (int i = 0; i < 5; i++) assertEquals(want[i], mean[i], 0.36, "E[B·q] = g at " + i);
    }

    @Test
    void laplaceWithoutNoiseIsTheGlobalTopS() {
        assertArrayEquals(new double[] {10, -9, 8, 0, 0}, once(Compressors.laplaceSparsify(3, 0, 1, true), grads()));
        assertArrayEquals(new double[] {10, -9, 8, 1, -0.5}, once(Compressors.laplaceSparsify(3, 0, 1, false), grads()));
    }

    @Test
    void laplaceNoiseLandsOnlyOnTheGlobalTopS() {
        double[] c = once(Compressors.laplaceSparsify(2, 0.1, 4, true), grads());
        assertTrue(c[0] != 10 && c[1] != -9, java.util.Arrays.toString(c));
        assertEquals(0, c[2]);
        assertEquals(0, c[3]);
        assertEquals(0, c[4]);
        assertArrayEquals(c, once(Compressors.laplaceSparsify(2, 0.1, 4, true), grads()), "same seed, same output");
    }
}

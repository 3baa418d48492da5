package io.vecgrad.distributed.coding;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCodeTest {

    private static double[][] partials(int n, int d, Rng rng) {
        double[][] g = new double[n][d];
        for (double[] row : g) for (int k = 0; k < d; k++) row[k] = rng.nextGaussian();
        return g;
    }

    private static double[] sum(double[][] g) {
        double[] s = new double[g[0].length];
        for (double[] row : g) for (int k = 0; k < s.length; k++) s[k] += row[k];
        return s;
    }

    /** All subsets of {0..n-1} of size n − s (every straggler pattern with exactly s stragglers). */
    private static List<int[]> survivorSets(int n, int keep) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != keep) continue;
            int[] f = new int[keep];
            int c = 0;
            for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) f[c++] = i;
            out.add(f);
        }
        return out;
    }

    private static void assertDecodesEveryPattern(GradientCode code, long seed) {
        int n = code.workers(), s = code.stragglers();
        double[][] g = partials(n, 5, new Rng(seed));
        double[][] coded = new double[n][];
        for (int i = 0; i < n; i++) coded[i] = code.encode(i, g);
        double[] want = sum(g);
        for (int stragglers = 0; stragglers <= s; stragglers++) {
            for (int[] f : survivorSets(n, n - stragglers)) {
                double[] got = code.decode(f, coded);
                for (int k = 0; k < want.length; k++) assertEquals(want[k], got[k], 1e-10, "survivors " + java.util.Arrays.toString(f));
            }
        }
    }

    @Test
    void cyclicDecodesExactlyForEveryStragglerSet() {
        for (int n = 2; n <= 9; n++) {
            for (int s = 0; s < n; s++) assertDecodesEveryPattern(GradientCode.cyclic(n, s, new Rng(100 * n + s)), n * 31L + s);
        }
    }

    @Test
    void fractionalDecodesExactlyForEveryStragglerSet() {
        int[][] cases = {{6, 1}, {6, 2}, {8, 3}, {9, 2}, {4, 0}, {5, 4}};
        for (int[] c : cases) assertDecodesEveryPattern(GradientCode.fractional(c[0], c[1]), c[0] + c[1]);
    }

    @Test
    void fractionalAnySurvivorPerGroupSuffices() {
        GradientCode code = GradientCode.fractional(6, 2);
        double[][] g = partials(6, 3, new Rng(3));
        double[][] coded = new double[6][];
        for (int i = 0; i < 6; i++) coded[i] = code.encode(i, g);
        for (int a = 0; a < 3; a++) {
            for (int b = 3; b < 6; b++) {
                double[] got = code.decode(new int[] {b, a, (a + 1) % 3, 3 + (b + 1) % 3}, coded);
                assertArrayEquals(sum(g), got, 1e-12);
            }
        }
    }

    @Test
    void cyclicRowsHaveCyclicSupportAndOnesInTheirSpan() {
        int n = 7, s = 3;
        GradientCode code = GradientCode.cyclic(n, s, new Rng(11));
        double[][] b = code.matrix();
        for (int i = 0; i < n; i++) {
            int[] support = code.partitionsOf(i);
            assertEquals(s + 1, support.length);
            for (int j = 0; j < n; j++) {
                boolean inCyclic = ((j - i) % n + n) % n <= s;
                assertEquals(inCyclic, b[i][j] != 0, "row " + i + " col " + j);
            }
            assertEquals(1.0, b[i][i]);
        }
        assertEquals((s + 1) / 7.0, code.load());
    }

    @Test
    void tooManyStragglersAndBadInputAreRejected() {
        GradientCode code = GradientCode.cyclic(5, 1, new Rng(1));
        double[][] coded = new double[5][];
        for (int i = 0; i < 5; i++) coded[i] = code.encode(i, partials(5, 2, new Rng(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> code.decode(new int[] {0, 1, 2}, coded));
        assertTrue(e.getMessage().contains("n − s = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> code.decode(new int[] {0, 1, 2, 2}, coded));
        assertThrows(IllegalArgumentException.class, () -> code.decode(new int[] {0, 1, 2, 7}, coded));
        assertThrows(IllegalArgumentException.class, () -> GradientCode.fractional(6, 3));
        assertThrows(IllegalArgumentException.class, () -> GradientCode.cyclic(4, 4, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> code.encode(0, new double[4][2]));
    }

    @Test
    void sameSeedSameCode() {
        assertArrayEquals(GradientCode.cyclic(8, 3, new Rng(5)).matrix(), GradientCode.cyclic(8, 3, new Rng(5)).matrix());
    }
}

package io.vecgrad.datasets.coreset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FacilityLocationTest {
    static double[][] points(long seed, int n, int d) {
        Rng r = new Rng(seed);
        double[][] g = new double[n][d];
        for (double[] row : g) for (int t = 0; t < d; t++) row[t] = r.nextGaussian();
        return g;
    }

    static int[] labels(long seed, int n, int classes) {
        Rng r = new Rng(seed).split("labels");
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
        return y;
    }

    @Test
    void weightsArePositiveIntegersSummingToEachClassSize() {
        double[][] g = points(1, 200, 5);
        int[] y = labels(1, 200, 4);
        Coreset c = FacilityLocation.select(g, y, 0.3);
        assertEquals(200, c.totalWeight(), 0);
        double[] perClass = new double[4];
        int[] idx = c.indices();
        double[] w = c.weights();
        for (int j = 0; j < c.size(); j++) {
            assertTrue(w[j] >= 1 && w[j] == Math.rint(w[j]), "weight " + w[j]);
            perClass[y[idx[j]]] += w[j];
        }
        for (int cl = 0; cl < 4; cl++) {
            final int k = cl;
            assertEquals(Arrays.stream(y).filter(v -> v == k).count(), perClass[cl], 0);
        }
        assertEquals(c.size(), Arrays.stream(c.normalizedWeights()).sum(), 1e-9);
        assertEquals(60, c.size(), 4);   // 30 % per class, rounded per class
    }

    @Test
    void selectionIsDeterministicAndTranslationInvariant() {
        double[][] g = points(2, 120, 3);
        int[] y = labels(2, 120, 3);
        Coreset a = FacilityLocation.select(g, y, 0.25);
        assertEquals(a, FacilityLocation.select(g, y, 0.25));
        double[][] shifted = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            shifted[i] = g[i].clone();
            for (int t = 0; t < 3; t++) shifted[i][t] += 0.5 * (t + 1);
        }
        // distances change by rounding only; the chosen set and the weights must not
        Coreset b = FacilityLocation.select(shifted, y, 0.25);
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.weights(), b.weights());
    }

    @Test
    void lazyGreedyEqualsGreedy() {
        for (long s = 1; s <= 20; s++) {
            double[][] sim = FacilityLocation.similarity(points(s, 40, 2));
            for (int k : new int[] {1, 5, 17, 40}) {
                assertArrayEquals(FacilityLocation.greedy(sim, k), FacilityLocation.lazyGreedy(sim, k), "seed " + s + " k " + k);
            }
        }
        // ties: identical points, ties go to the smaller index in both
        double[][] same = FacilityLocation.similarity(new double[][] {{1, 1}, {1, 1}, {0, 0}, {0, 0}});
        assertArrayEquals(FacilityLocation.greedy(same, 3), FacilityLocation.lazyGreedy(same, 3));
        assertArrayEquals(new int[] {0, 2, 1}, FacilityLocation.greedy(same, 3));
    }

    @Test
    void objectiveIsMonotoneAlongGreedyAndWithinOneMinusOneOverEOfOptimum() {
        for (long s = 1; s <= 10; s++) {
            double[][] sim = FacilityLocation.similarity(points(s, 11, 2));
            int[] order = FacilityLocation.greedy(sim, 11);
            double prev = 0;
            for (int k = 1; k <= 11; k++) {
                double f = FacilityLocation.value(sim, Arrays.copyOf(order, k));
                assertTrue(f >= prev - 1e-12, "F decreased at k=" + k);
                prev = f;
            }
            for (int k = 1; k <= 4; k++) {
                double best = bruteForce(sim, k);
                double got = FacilityLocation.value(sim, Arrays.copyOf(order, k));
                assertTrue(got >= (1 - 1 / Math.E) * best - 1e-12, "greedy " + got + " vs optimum " + best);
                assertTrue(got <= best + 1e-12);
            }
        }
    }

    private static double bruteForce(double[][] sim, int k) {
        int n = sim.length;
        double best = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != k) continue;
            int[] set = new int[k];
            int c = 0;
            for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) set[c++] = i;
            best = Math.max(best, FacilityLocation.value(sim, set));
        }
        return best;
    }

    @Test
    void fullBudgetSelectsEveryPointWithWeightOneAndIdenticalPointsPoolTheirWeight() {
        double[][] g = points(3, 30, 4);
        int[] y = new int[30];
        Coreset all = FacilityLocation.select(g, y, 1.0);
        int[] sorted = all.indices();
        Arrays.sort(sorted);
        int[] expected = new int[30];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, sorted);
        for (double w : all.weights()) assertEquals(1, w, 0);
        double[][] sim = FacilityLocation.similarity(g);
        double error = 0;
        for (int i = 0; i < 30; i++) error += sim[i][i] - Arrays.stream(sim[i]).max().getAsDouble();
        assertEquals(0, error, 0);

        double[][] same = new double[9][];
        for (int i = 0; i < 9; i++) same[i] = new double[] {0.2, -0.7};
        Coreset one = FacilityLocation.select(same, new int[9], 0.1);
        assertArrayEquals(new int[] {0}, one.indices());
        assertArrayEquals(new double[] {9}, one.weights());
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FacilityLocation.select(new double[3][2], new int[2], 0.5));
        assertTrue(e.getMessage().contains("3 rows but 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FacilityLocation.select(new double[3][2], new int[3], 0));
        assertThrows(IllegalArgumentException.class, () -> FacilityLocation.greedy(new double[3][3], 4));
        assertThrows(IllegalArgumentException.class, () -> FacilityLocation.similarity(new double[][] {{1, 2}, {1}}));
    }
}

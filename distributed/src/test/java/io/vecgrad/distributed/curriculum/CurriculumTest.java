package io.vecgrad.distributed.curriculum;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurriculumTest {

    static SoftmaxShard shard(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int f = 0; f < 4; f++) x[i][f] = rng.nextGaussian() + (f == y[i] ? 1.5 : 0);
        }
        return SoftmaxShard.of(x, y, 3);
    }

    @Test
    void curriculumAndAntiCurriculumAreExactReversesWithTiesByIndex() {
        double[] s = {0.5, 0.1, 0.5, 0.3, 0.1};
        int[] asc = Ordering.CURRICULUM.order(s, new Rng(1));
        assertArrayEquals(new int[] {1, 4, 3, 0, 2}, asc);
        int[] desc = Ordering.ANTI_CURRICULUM.order(s, new Rng(1));
        for (int i = 0; i < 5; i++) assertEquals(asc[i], desc[4 - i]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Ordering.CURRICULUM.order(new double[5], new Rng(1)));
    }

    @Test
    void randomOrderingIsAUniformPermutation() {
        int n = 5, trials = 5000;
        int[] firstPosition = new int[n];
        for (int t = 0; t < trials; t++) firstPosition[Ordering.RANDOM.order(new double[n], new Rng(t))[0]]++;
        double chi2 = 0, expected = trials / (double) n;
        for (int c : firstPosition) chi2 += (c - expected) * (c - expected) / expected;
        assertTrue(chi2 < 18.5, "χ² = " + chi2);   // 4 degrees of freedom, p ≈ 0.001
    }

    @Test
    void pacingIsNonDecreasingFromCeilBNToNAtRoundAT() {
        int n = 137, rounds = 40;
        for (Pacing.Shape shape : Pacing.Shape.values()) {
            Pacing g = new Pacing(shape, 0.5, 0.1, rounds, 4);
            assertEquals((int) Math.ceil(0.1 * n), g.usable(0, n), shape.toString());
            assertEquals(n, g.usable(20, n), shape.toString());
            assertEquals(n, g.usable(39, n), shape.toString());
            for (int t = 1; t < rounds; t++) assertTrue(g.usable(t, n) >= g.usable(t - 1, n), shape + " at " + t);
        }
        assertEquals(60, Pacing.linear(0.5, 0.2, 100).usable(25, 100));
        assertEquals(100, Pacing.none(10).usable(0, 100));
    }

    @Test
    void minibatchesComeOnlyFromTheUsablePrefix() {
        SoftmaxShard data = shard(50, 2);
        int[] order = Ordering.CURRICULUM.order(data.scores(ParamVector.zeros(data.dim())), new Rng(0));
        Set<Integer> prefix = new HashSet<>();
        for (int i = 0; i < 7; i++) prefix.add(order[i]);
        ExampleProblem spy = new ExampleProblem() {
            public int size() {
                return data.size();
            }

            public int dim() {
                return data.dim();
            }

            public double loss(ParamVector x, int i) {
                return data.loss(x, i);
            }

            public double gradient(ParamVector x, int[] batch, ParamVector out) {
                for (int i : batch) assertTrue(prefix.contains(i), "example " + i + " outside the prefix");
                return data.gradient(x, batch, out);
            }
        };
        PacedProblem p = new PacedProblem(spy, order, 8);
        p.setUsable(7);
        Rng rng = new Rng(3);
        for (int k = 0; k < 50; k++) p.gradient(ParamVector.zeros(data.dim()), rng, ParamVector.zeros(data.dim()));
    }

    @Test
    void equalClientScoresGiveAUniformSelection() {
        int clients = 6, trials = 6000;
        int[] count = new int[clients];
        for (int t = 0; t < trials; t++) {
            for (int c : ClientSelection.ordered(new double[clients], Ordering.CURRICULUM, 3, 2, new Rng(t))) count[c]++;
        }
        double expected = trials * 2.0 / clients, chi2 = 0;
        for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
        assertTrue(chi2 < 20.5, "χ² = " + chi2);   // 5 degrees of freedom, p ≈ 0.001
        int[] easiest = ClientSelection.ordered(new double[] {5, 1, 4, 2, 3, 0}, Ordering.CURRICULUM, 3, 3, new Rng(1));
        assertArrayEquals(new int[] {1, 3, 5}, easiest);
        int[] hardest = ClientSelection.ordered(new double[] {5, 1, 4, 2, 3, 0}, Ordering.ANTI_CURRICULUM, 2, 2, new Rng(1));
        assertArrayEquals(new int[] {0, 2}, hardest);
    }

    private static ParamVector train(Ordering ordering, Pacing pacing, boolean orderedSelection, int threads) {
        int m = 6;
        List<Worker> workers = new ArrayList<>();
        int[] sizes = new int[m];
        for (int k = 0; k < m; k++) {
            SoftmaxShard data = shard(30 + 5 * k, 10 + k);
            sizes[k] = data.size();
            int[] order = ordering.order(data.scores(ParamVector.zeros(data.dim())), new Rng(k));
            workers.add(new Worker(k, ParamVector.zeros(data.dim()), new PacedProblem(data, order, 5)));
        }
        CurriculumFedAvg fl = new CurriculumFedAvg(new CurriculumFedAvg.Config(pacing, 3, orderedSelection, Ordering.CURRICULUM, 4, 0.2), sizes);
        try (SyncSimulator sim = SyncSimulator.builder(workers).seed(9).threads(threads).build()) {
            fl.setUp(sim);
            for (int r = 0; r < 12; r++) fl.round(sim, r);
            return fl.model(sim);
        }
    }

    @Test
    void withAllDataFromRoundZeroEveryOrderingIsPlainFedAvg() {
        ParamVector base = train(Ordering.RANDOM, Pacing.none(12), false, 1);
        assertTrue(base.bitwiseEquals(train(Ordering.CURRICULUM, Pacing.none(12), false, 1)));
        assertTrue(base.bitwiseEquals(train(Ordering.ANTI_CURRICULUM, Pacing.none(12), false, 1)));
        Pacing paced = Pacing.linear(0.5, 0.2, 12);
        assertFalse(train(Ordering.CURRICULUM, paced, false, 1).bitwiseEquals(train(Ordering.ANTI_CURRICULUM, paced, false, 1)),
                "with pacing the orderings must matter");
    }

    @Test
    void sameSeedSameModelWithOneOrTwoThreads() {
        Pacing paced = Pacing.linear(0.5, 0.2, 12);
        assertTrue(train(Ordering.CURRICULUM, paced, true, 1).bitwiseEquals(train(Ordering.CURRICULUM, paced, true, 2)));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.linear(0, 0.5, 10));
        assertThrows(IllegalArgumentException.class, () -> Pacing.step(0.5, 0.5, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> Ordering.CURRICULUM.order(new double[] {1, Double.NaN}, new Rng(1)));
        SoftmaxShard data = shard(5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PacedProblem(data, new int[] {0, 1, 1, 3, 4}, 2));
        assertTrue(e.getMessage().contains("repeated index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PacedProblem(data, new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> ClientSelection.ordered(new double[3], Ordering.CURRICULUM, 2, 3, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxShard.of(new double[][] {{1}}, new int[] {3}, 3));
    }
}

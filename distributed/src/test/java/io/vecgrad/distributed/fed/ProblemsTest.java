package io.vecgrad.distributed.fed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    private static final ClassificationData[] DIGITS = ClassificationData.digits(0.25, 3);

    private static ParamVector random(int d, long seed) {
        Rng rng = new Rng(seed);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = 0.1 * rng.nextGaussian();
        return new ParamVector(v);
    }

    @Test
    void softmaxRegressionGradientMatchesTheNnLinearModelAndCentralDifferences() {
        ClassificationData train = DIGITS[0];
        int[] shard = Arrays.copyOfRange(Shards.iid(train.size(), 5, 1)[2], 0, 40);
        SoftmaxRegression hand = new SoftmaxRegression(train, shard, 0, 1e-3);
        ModuleProblem nn = new ModuleProblem(() -> new Linear(64, 10), train, shard, 0, 1e-3);
        assertEquals(hand.dim(), nn.dim());
        ParamVector x = random(hand.dim(), 2);
        ParamVector g1 = ParamVector.zeros(hand.dim()), g2 = ParamVector.zeros(hand.dim());
        // the nn problem adds l2 on the bias too; compare without regularisation
        SoftmaxRegression handNoL2 = new SoftmaxRegression(train, shard, 0, 0);
        ModuleProblem nnNoL2 = new ModuleProblem(() -> new Linear(64, 10), train, shard, 0, 0);
        double l1 = handNoL2.gradient(x, new Rng(1), g1), l2 = nnNoL2.gradient(x, new Rng(1), g2);
        assertEquals(l1, l2, 1e-12);
        assertArrayEquals(g1.data(), g2.data(), 1e-12);
        ParamVector g = ParamVector.zeros(hand.dim());
        hand.gradient(x, new Rng(1), g);
        double h = 1e-6;
        for (int i : new int[] {0, 7, 100, 639, 640, 649}) {
            ParamVector xp = x.copy(), xm = x.copy();
            xp.data()[i] += h;
            xm.data()[i] -= h;
            assertEquals((hand.loss(xp) - hand.loss(xm)) / (2 * h), g.get(i), 1e-7, "coordinate " + i);
        }
    }

    @Test
    void minibatchesAreDeterministicPerStreamAndMlpTrains() {
        ClassificationData train = DIGITS[0];
        Supplier<Module> mlp = () -> new Sequential(new Linear(64, 16), Activation.relu(), new Linear(16, 10));
        ModuleProblem p = new ModuleProblem(mlp, train, Shards.iid(train.size(), 2, 1)[0], 16, 0);
        ParamVector x = p.initialParams(new Rng(5));
        ParamVector g1 = ParamVector.zeros(p.dim()), g2 = ParamVector.zeros(p.dim());
        p.gradient(x, new Rng(9), g1);
        p.gradient(x, new Rng(9), g2);
        assertTrue(g1.bitwiseEquals(g2));
        double before = p.loss(x);
        for (int t = 0; t < 200; t++) {
            p.gradient(x, new Rng(t), g1);
            x.axpyInPlace(-0.2, g1);
        }
        assertTrue(p.loss(x) < 0.5 * before, p.loss(x) + " vs " + before);
        assertTrue(p.accuracy(x, DIGITS[1]) > 0.8, "accuracy " + p.accuracy(x, DIGITS[1]));
    }

    @Test
    void iidShardsPartitionTheIndices() {
        int[][] s = Shards.iid(103, 10, 4);
        int[] all = Arrays.stream(s).flatMapToInt(Arrays::stream).sorted().toArray();
        for (int i = 0; i < 103; i++) assertEquals(i, all[i]);
        for (int[] shard : s) assertTrue(shard.length == 10 || shard.length == 11);
        assertArrayEquals(s[3], Shards.iid(103, 10, 4)[3]);
    }

    @Test
    void dirichletShardsPartitionTheIndicesAndSmallAlphaSkewsTheLabels() {
        int[] labels = DIGITS[0].labels();
        for (double alpha : new double[] {0.1, 100}) {
            int[][] s = Shards.dirichlet(labels, 10, 8, alpha, 2);
            int[] all = Arrays.stream(s).flatMapToInt(Arrays::stream).sorted().toArray();
            assertEquals(labels.length, all.length);
            for (int i = 0; i < all.length; i++) assertEquals(i, all[i]);
        }
        double skewed = meanDominantShare(Shards.dirichlet(labels, 10, 8, 0.1, 2), labels);
        double even = meanDominantShare(Shards.dirichlet(labels, 10, 8, 100, 2), labels);
        assertTrue(skewed > 0.35 && even < 0.2 && skewed > 2 * even, "dominant label share: α = 0.1 " + skewed + ", α = 100 " + even);
        assertThrows(IllegalArgumentException.class, () -> Shards.dirichlet(labels, 10, 8, 0, 2));
    }

    /** Average over workers of the share of the most frequent label in the shard. */
    private static double meanDominantShare(int[][] shards, int[] labels) {
        double s = 0;
        for (int[] shard : shards) {
            int[] count = new int[10];
            for (int i : shard) count[labels[i]]++;
            s += (double) Arrays.stream(count).max().orElseThrow() / shard.length;
        }
        return s / shards.length;
    }

    @Test
    void gammaSamplerHasTheRightMean() {
        Rng rng = new Rng(1);
        for (double a : new double[] {0.3, 2.5}) {
            double s = 0;
            for (int k = 0; k < 20000; k++) s += Shards.gamma(a, rng);
            assertEquals(a, s / 20000, 5 * Math.sqrt(a / 20000));
        }
    }
}

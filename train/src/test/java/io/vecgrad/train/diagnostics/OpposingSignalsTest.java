package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.Batch;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpposingSignalsTest {
    static final int N = 300, D = 8, GROUP = 12;
    static final double M = 8, LR = 2.0;

    /**
     * Benign two-class Gaussian data (label = sign of feature 1 + noise) in D dimensions, with
     * feature 0 small; when {@code planted}, examples 0..GROUP−1 (label 0) and GROUP..2·GROUP−1
     * (label 1) carry the large feature x₀ = +8 with opposite labels. Full-batch GD at lr 2 makes
     * that direction sharp enough for the groups' losses to swing.
     */
    static Tensor[] data(boolean planted, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[N * D];
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) x[i * D + j] = (j == 0 ? 0.3 : 1) * rng.nextGaussian();
            y[i] = x[i * D + 1] + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
            if (planted && i < 2 * GROUP) {
                x[i * D] = M;
                y[i] = i < GROUP ? 0 : 1;
            }
        }
        return new Tensor[] {Tensor.wrap(x, N, D), Tensor.wrap(y, N)};
    }

    static OpposingSignals train(boolean planted, long seed) {
        Tensor[] d = data(planted, seed);
        Model m = Small.mlp(D, 16, 2, seed);
        Optimizer opt = Optimizer.of(m.parameters(), Sgd.gradientDescent(LR));
        OpposingSignals sig = new OpposingSignals(m, d[0], d[1], GROUP, -0.5);
        Batch all = new Batch(d[0], d[1], IntStream.range(0, N).toArray());
        for (int t = 0; t < 60; t++) {
            sig.observe(t);
            m.lossAndGradients(all);
            opt.step(m.gradients());
        }
        sig.observe(60);
        return sig;
    }

    @Test
    void findsThePlantedOpposingPair() {
        OpposingSignals.Detection det = train(true, 1).detect();
        assertTrue(det.opposing(), det.toString());
        assertTrue(det.cosine() < -0.5, "cosine " + det.cosine());
        int[] a = det.a().indices(), b = det.b().indices();
        long plantedA = Arrays.stream(a).filter(i -> i < 2 * GROUP).count(), plantedB = Arrays.stream(b).filter(i -> i < 2 * GROUP).count();
        String groups = Arrays.toString(a) + " / " + Arrays.toString(b);
        assertTrue(plantedA >= a.length * 2 / 3.0 && plantedB >= b.length * 2 / 3.0, "groups mostly planted examples: " + groups);
        assertTrue(plantedA + plantedB >= 2 * GROUP * 2 / 3.0, "most planted examples found: " + groups);
        boolean aIsLabel0 = Arrays.stream(a).filter(i -> i < 2 * GROUP).allMatch(i -> i < GROUP);
        boolean bIsLabel0 = Arrays.stream(b).filter(i -> i < 2 * GROUP).allMatch(i -> i < GROUP);
        assertTrue(aIsLabel0 != bIsLabel0, "the planted label-0 and label-1 groups are separated: " + Arrays.toString(a) + " / " + Arrays.toString(b));
    }

    @Test
    void reportsNothingOnCleanData() {
        for (long seed = 1; seed <= 3; seed++) {
            OpposingSignals.Detection det = train(false, seed).detect();
            assertFalse(det.opposing(), "seed " + seed + ": " + det);
        }
    }

    @Test
    void lossChangesSumToTheProbeLossChangeAndRankingIsDeterministic() {
        OpposingSignals s = train(true, 2);
        double[] l0 = s.groupLoss(IntStream.range(0, N).toArray());
        for (int t = 0; t < 5; t++) {
            double sum = Arrays.stream(s.lossChanges(t)).sum();
            assertEquals(N * (l0[t + 1] - l0[t]), sum, 1e-9);
        }
        OpposingSignals again = train(true, 2);
        assertArrayEquals(s.outliers(3), again.outliers(3));
        assertArrayEquals(s.detect().a().indices(), again.detect().a().indices());
    }

    @Test
    void writesCsvPlotAndSection(@TempDir Path dir) throws Exception {
        OpposingSignals s = train(true, 1);
        var section = s.write(dir, s.detect());
        assertTrue(Files.size(dir.resolve("opposing-signals-losses.png")) > 1000);
        assertEquals(62, Files.readAllLines(dir.resolve("opposing-signals.csv")).size());
        assertTrue(section.get("Opposing signals (P66)").contains("opposing pair"));
    }

    @Test
    void tiesAreBrokenByIndex() {
        Model m = Small.mlp(2, 3, 2, 1);
        Tensor x = Tensor.zeros(DType.FLOAT64, 6, 2);
        OpposingSignals s = new OpposingSignals(m, x, Tensor.wrap(new long[] {0, 1, 0, 1, 0, 1}, 6), 2, -0.5);
        s.observe(0);
        s.observe(1);
        assertArrayEquals(new int[] {0, 1}, s.outliers(0));
    }
}

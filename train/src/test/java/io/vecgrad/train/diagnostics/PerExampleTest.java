package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.datasets.Batch;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.Model;
import org.junit.jupiter.api.Test;

class PerExampleTest {
    static Batch batch(Tensor x, Tensor y) {
        int[] idx = new int[x.shape()[0]];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return new Batch(x, y, idx);
    }

    static void setFlat(Model m, double[] theta) {
        Params p = m.parameters();
        int at = 0;
        for (String name : p.names()) {
            Tensor t = p.get(name);
            double[] v = java.util.Arrays.copyOfRange(theta, at, at + t.numel());
            t.copyFrom(Tensor.wrap(v, t.shape()));
            at += t.numel();
        }
    }

    @Test
    void meanOfPerExampleLossesIsTheBatchLoss() {
        Model m = Small.mlp(4, 6, 3, 1);
        Tensor x = Small.inputs(9, 4, 2), y = Small.labels(9, 3, 2);
        double[] l = PerExample.losses(m, x, y);
        double mean = java.util.Arrays.stream(l).average().orElseThrow();
        assertEquals(m.evaluate(batch(x, y)).loss(), mean, 1e-13);
        for (int i = 0; i < 9; i++) {
            assertEquals(m.evaluate(batch(x.slice(0, i, i + 1), y.slice(0, i, i + 1))).loss(), l[i], 1e-13, "example " + i);
        }
    }

    @Test
    void perExampleGradientsMatchCentralDifferencesOfTheExampleLoss() {
        Model m = Small.mlp(3, 4, 3, 5);
        Tensor x = Small.inputs(4, 3, 6), y = Small.labels(4, 3, 6);
        double[][] g = PerExample.gradients(m, x, y);
        double[] theta = PerExample.flatten(m.parameters());
        double h = 1e-6;
        for (int k = 0; k < 4; k++) {
            Tensor xk = x.slice(0, k, k + 1), yk = y.slice(0, k, k + 1);
            for (int i = 0; i < theta.length; i++) {
                double[] t = theta.clone();
                t[i] += h;
                setFlat(m, t);
                double up = PerExample.losses(m, xk, yk)[0];
                t[i] -= 2 * h;
                setFlat(m, t);
                double down = PerExample.losses(m, xk, yk)[0];
                setFlat(m, theta);
                assertEquals((up - down) / (2 * h), g[k][i], 1e-7, "example " + k + ", parameter " + i);
            }
        }
    }

    @Test
    void perExampleGradientsEqualSingleExampleBackwardPassesAndAverageToTheBatchGradient() {
        Model m = Small.mlp(4, 5, 3, 3);
        Tensor x = Small.inputs(7, 4, 4), y = Small.labels(7, 3, 4);
        double[][] g = PerExample.gradients(m, x, y);
        for (int k = 0; k < 7; k++) {
            m.lossAndGradients(batch(x.slice(0, k, k + 1), y.slice(0, k, k + 1)));
            assertArrayEquals(PerExample.flatten(m.gradients()), g[k], 0.0, "example " + k);
        }
        m.lossAndGradients(batch(x, y));
        double[] batch = PerExample.flatten(m.gradients());
        for (int i = 0; i < batch.length; i++) {
            double s = 0;
            for (double[] row : g) s += row[i];
            assertEquals(batch[i], s / 7, 1e-14, "parameter " + i);
        }
        assertArrayEquals(batch, PerExample.meanGradient(m, x, y), 1e-15);
    }

    @Test
    void logitGradientsAreSoftmaxMinusOneHot() {
        Model m = Small.mlp(4, 5, 3, 3);
        Tensor x = Small.inputs(5, 4, 8), y = Small.labels(5, 3, 8);
        double[][] r = PerExample.logitGradients(m, x, y);
        double[] loss = PerExample.losses(m, x, y);
        long[] lab = y.toLongArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, r[i][0] + r[i][1] + r[i][2], 1e-15);
            assertEquals(Math.exp(-loss[i]) - 1, r[i][(int) lab[i]], 1e-12, "p_y − 1 = exp(−ℓ) − 1");
        }
    }

    @Test
    void mismatchedBatchesAreRejectedWithTheShapes() {
        Model m = Small.mlp(4, 5, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.gradients(m, Small.inputs(5, 4, 1), Small.labels(4, 3, 1)));
        assertEquals(true, e.getMessage().contains("PerExample.gradients") && e.getMessage().contains("[5, 4]"), e.getMessage());
    }
}

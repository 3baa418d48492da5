package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class NvgdTest {
    static final GaussianTarget P = new GaussianTarget(new double[] {1, -0.5}, new double[][] {{0.5, 0.1}, {0.1, 0.8}});

    @Test
    void trainedWitnessApproximatesTheScoreDifferenceOfTwoGaussians() {
        // particles q = N(0, I): the optimal witness is ∇log p(x) − ∇log q(x) = ∇log p(x) + x
        double[][] x = SvgdTest.gaussian(300, 2, 0, 1, 11);
        Nvgd nvgd = new Nvgd(P, x, new Nvgd.Config(0.1, 0, 1500, 5e-3, 30, 32), 3); // early stopping on the held-out 25 %
        nvgd.trainWitness();
        double[][] f = nvgd.witness(x);
        double err = 0, norm = 0;
        for (int i = 0; i < x.length; i++) {
            double[] s = P.score(x[i]);
            for (int j = 0; j < 2; j++) {
                double target = s[j] + x[i][j];
                err += (f[i][j] - target) * (f[i][j] - target);
                norm += target * target;
            }
        }
        double rel = Math.sqrt(err / norm);
        assertTrue(rel < 0.2, "relative L2 error " + rel);
    }

    @Test
    void hutchinsonEstimatorIsUnbiased() {
        double[][] j = {{1.5, -0.3, 0.2}, {0.7, 2.0, -1.1}, {0.4, 0.9, -0.6}};
        Rng r = new Rng(5);
        int n = 40000;
        double sum = 0, sq = 0;
        for (int k = 0; k < n; k++) {
            double[] z = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double v = 0;
            for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) v += z[a] * j[a][b] * z[b];
            sum += v;
            sq += v * v;
        }
        double mean = sum / n, se = Math.sqrt((sq / n - mean * mean) / n);
        assertEquals(1.5 + 2.0 - 0.6, mean, 4 * se);
    }

    @Test
    void particlesMoveTowardTheTargetAndRunsAreDeterministic() {
        double[][] x0 = SvgdTest.gaussian(40, 2, -2, 0.5, 12);
        Nvgd.Config c = new Nvgd.Config(0.1, 10, 20, 5e-3, 10, 16);
        double[][] a = new Nvgd(P, x0, c, 1).run();
        double[][] b = new Nvgd(P, x0, c, 1).run();
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0);
        double before = dist(SvgdTest.mean(x0)), after = dist(SvgdTest.mean(a));
        assertTrue(after < 0.7 * before, "distance of the particle mean to p's mean: " + before + " -> " + after);
        assertThrows(IllegalArgumentException.class, () -> new Nvgd(P, new double[3][2], c, 1));
    }

    static double dist(double[] m) {
        return Math.hypot(m[0] - 1, m[1] + 0.5);
    }
}

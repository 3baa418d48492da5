package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class TargetsAndMetricsTest {
    static final GaussianMixture M = new GaussianMixture(new double[] {1, 3}, new double[][] {{-2, 0}, {2, 1}}, new double[][] {{1, 0.5}, {0.7, 1.2}});

    @Test
    void mixtureScoreIsTheGradientOfTheLogDensity() {
        double[] x = {0.3, -0.4};
        double[] s = M.score(x);
        for (int j = 0; j < 2; j++) {
            double[] p = x.clone(), q = x.clone();
            p[j] += 1e-6;
            q[j] -= 1e-6;
            assertEquals((M.logDensity(p) - M.logDensity(q)) / 2e-6, s[j], 1e-7);
        }
    }

    @Test
    void mixtureSamplesHaveTheMixtureWeights() {
        double[][] x = M.sample(4000, new Rng(1));
        double[] share = M.modeShares(x);
        assertEquals(0.25, share[0], 4 * Math.sqrt(0.25 * 0.75 / 4000) + 0.01); // assignment error of overlapping tails allowed
        assertEquals(2, M.modesCovered(x, 0.1));
    }

    @Test
    void gaussianTargetScoreMatchesFiniteDifferences() {
        GaussianTarget g = new GaussianTarget(new double[] {1, 2}, new double[][] {{2, 0.3}, {0.3, 0.5}});
        double[] x = {-0.5, 0.7};
        double[] s = g.score(x);
        for (int j = 0; j < 2; j++) {
            double[] p = x.clone(), q = x.clone();
            p[j] += 1e-6;
            q[j] -= 1e-6;
            assertEquals((g.logDensity(p) - g.logDensity(q)) / 2e-6, s[j], 1e-7);
        }
    }

    @Test
    void mmdIsZeroForIdenticalSamplesAndSeparatesDistributions() {
        double[][] a = M.sample(200, new Rng(2)), b = M.sample(200, new Rng(3));
        assertEquals(0, Mmd.squared(a, a, Mmd.medianBandwidth(a, a)), 0);
        double[][] shifted = new double[200][];
        for (int i = 0; i < 200; i++) shifted[i] = new double[] {b[i][0] + 1.5, b[i][1]};
        double bw = Mmd.medianBandwidth(a, b);
        double same = Mmd.squared(a, b, bw), diff = Mmd.squared(a, shifted, bw);
        assertTrue(same < 0.02, "same distribution: " + same);
        assertTrue(diff > 5 * same, "shifted " + diff + " vs same " + same);
        assertThrows(IllegalArgumentException.class, () -> Mmd.squared(a, new double[0][], 1));
    }

    @Test
    void annealingSchedulesEndAtOne() {
        Annealing c = Annealing.cyclical(100, 4, 2);
        assertEquals(0, c.gamma(0), 0);
        assertEquals(0.2304, c.gamma(12), 1e-12); // ((12 mod 25)/25)^2
        assertEquals(1, c.gamma(100), 0);
        assertEquals(0.5, Annealing.linear(10).gamma(5), 0);
        assertEquals(1, Annealing.linear(10).gamma(50), 0);
        assertEquals(1, Annealing.tanh(10, 1).gamma(10), 0);
        assertThrows(IllegalArgumentException.class, () -> Annealing.cyclical(3, 4, 1));
    }
}

package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class SvgdTest {
    static final GaussianTarget G = new GaussianTarget(new double[] {1, -1}, new double[][] {{1, 0.6}, {0.6, 2}});

    static double[][] gaussian(int n, int d, double mean, double std, long seed) {
        Rng r = new Rng(seed);
        double[][] x = new double[n][d];
        for (double[] p : x) for (int j = 0; j < d; j++) p[j] = mean + std * r.nextGaussian();
        return x;
    }

    @Test
    void oneParticleIsGradientAscentOnLogDensity() {
        double[] x = {4, 3};
        Svgd svgd = new Svgd(G, new double[][] {x.clone()}, new Svgd.Config(0.1, Svgd.StepRule.CONSTANT, -1, Annealing.none(), 0));
        for (int t = 0; t < 1000; t++) {
            double[] s = G.score(x);
            for (int j = 0; j < 2; j++) x[j] += 0.1 * s[j];
            svgd.step();
            assertArrayEquals(x, svgd.particles()[0], 1e-12, "step " + t);
        }
        assertArrayEquals(new double[] {1, -1}, svgd.particles()[0], 1e-6, "finds the mode (MAP)");
    }

    @Test
    void repulsionCancelsInTheMeanAndGammaZeroKeepsTheMean() {
        double[][] x = gaussian(30, 3, 0.5, 2, 1);
        double[][] s = new double[30][];
        for (int i = 0; i < 30; i++) s[i] = new double[] {Math.sin(i), i * 0.1, -1};
        double[][] phi = Svgd.direction(x, s, -1, 0);
        for (int m = 0; m < 3; m++) {
            double sum = 0;
            for (double[] p : phi) sum += p[m];
            assertEquals(0, sum, 1e-12);
        }
        Svgd a = new Svgd(G, gaussian(40, 2, 3, 1, 2), new Svgd.Config(0.5, Svgd.StepRule.CONSTANT, -1, t -> 0.0, 20));
        double[] before = mean(a.particles());
        double[] after = mean(a.run());
        assertArrayEquals(before, after, 1e-12);
    }

    @Test
    void annealingAtGammaOneIsPlainSvgdBitwise() {
        double[][] x0 = gaussian(25, 2, 0, 3, 3);
        double[][] a = new Svgd(G, x0, Svgd.Config.reference(0.05, 50)).run();
        double[][] b = new Svgd(G, x0, Svgd.Config.reference(0.05, 50).withAnnealing(t -> 1.0)).run();
        double[][] c = new Svgd(G, x0, Svgd.Config.reference(0.05, 50).withAnnealing(Annealing.cyclical(10, 2, 5))).run(); // γ = 1 after step 10
        for (int i = 0; i < 25; i++) assertArrayEquals(a[i], b[i], 0);
        boolean differs = false;
        for (int i = 0; i < 25; i++) differs |= !java.util.Arrays.equals(a[i], c[i]);
        assertTrue(differs);
    }

    @Test
    void stationaryParticlesMatchTheGaussiansMeanAndCovariance() {
        int n = 100;
        double[][] x = new Svgd(G, gaussian(n, 2, 0, 1, 4), new Svgd.Config(0.1, Svgd.StepRule.CONSTANT, -1, Annealing.none(), 1000)).run();
        double[] m = mean(x);
        double[][] cov = new double[2][2];
        for (double[] p : x) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) cov[i][j] += (p[i] - m[i]) * (p[j] - m[j]) / (n - 1);
        // bounds: 3 standard errors of a Monte Carlo estimate with n draws (SVGD is at least as accurate in 2-D)
        assertEquals(1, m[0], 3 * Math.sqrt(1.0 / n));
        assertEquals(-1, m[1], 3 * Math.sqrt(2.0 / n));
        assertEquals(1, cov[0][0], 3 * Math.sqrt(2.0 / (n - 1)) * 1);
        assertEquals(2, cov[1][1], 3 * Math.sqrt(2.0 / (n - 1)) * 2);
        assertEquals(0.6, cov[0][1], 3 * Math.sqrt((1 * 2 + 0.36) / (n - 1.0)));
    }

    @Test
    void medianBandwidthIsPermutationInvariantAndScalesQuadratically() {
        double[][] x = gaussian(21, 3, 0, 1, 5);
        double h = RbfKernel.medianBandwidth(x);
        double[][] perm = new double[21][];
        for (int i = 0; i < 21; i++) perm[i] = x[(i * 8) % 21];
        assertEquals(h, RbfKernel.medianBandwidth(perm), 0);
        double[][] scaled = new double[21][3];
        for (int i = 0; i < 21; i++) for (int j = 0; j < 3; j++) scaled[i][j] = 2.5 * x[i][j];
        assertEquals(6.25 * h, RbfKernel.medianBandwidth(scaled), 1e-12 * h);
    }

    @Test
    void rejectsMismatchedParticles() {
        assertThrows(IllegalArgumentException.class, () -> new Svgd(G, new double[][] {{1, 2, 3}}, Svgd.Config.reference(0.1, 1)));
        assertThrows(IllegalArgumentException.class, () -> Svgd.Config.reference(0, 1));
    }

    static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] p : x) for (int j = 0; j < m.length; j++) m[j] += p[j] / x.length;
        return m;
    }
}

package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import org.junit.jupiter.api.Test;

class NoiseCovarianceTest {
    /**
     * Linear regression y = w*ᵀx + ε, x ~ N(0, I_d), ε ~ N(0, σ²), loss ½(wᵀx − y)². At w = w* + δ the
     * per-example gradient is g = (δᵀx − ε)x, whose covariance is (‖δ‖² + σ²)·I + δδᵀ (Gaussian
     * fourth moments: E[(δᵀx)²xxᵀ] = ‖δ‖²I + 2δδᵀ, minus the mean's outer product δδᵀ).
     */
    static double[][] regressionGradients(int m, double[] delta, double sigma, Rng rng) {
        int d = delta.length;
        double[][] g = new double[m][d];
        for (int k = 0; k < m; k++) {
            double[] x = new double[d];
            double r = -sigma * rng.nextGaussian();
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextGaussian();
                r += delta[i] * x[i];
            }
            for (int i = 0; i < d; i++) g[k][i] = r * x[i];
        }
        return g;
    }

    @Test
    void estimatorIsUnbiasedOnLinearRegressionWithKnownNoise() {
        double[] delta = {0.8, -0.5, 0.3};
        double sigma = 0.7;
        int d = 3, m = 5, reps = 6000;
        double n2 = 0.8 * 0.8 + 0.5 * 0.5 + 0.3 * 0.3;
        double[][] sum = new double[d][d], sumSq = new double[d][d];
        Rng rng = new Rng(42);
        for (int r = 0; r < reps; r++) {
            double[][] a = NoiseCovariance.of(regressionGradients(m, delta, sigma, rng)).dense();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sum[i][j] += a[i][j];
                    sumSq[i][j] += a[i][j] * a[i][j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double truth = (i == j ? n2 + sigma * sigma : 0) + delta[i] * delta[j];
                double mean = sum[i][j] / reps;
                double se = Math.sqrt((sumSq[i][j] / reps - mean * mean) / reps);
                // 1/M instead of 1/(M−1) would be 20 % low on the diagonal: about 8 standard errors here
                assertEquals(truth, mean, 4 * se, "entry (" + i + "," + j + "), standard error " + se);
            }
        }
    }

    @Test
    void isotropicRegressionNoiseHasFullRankMinOfDAndMMinusOne() {
        double[] zero = new double[6];
        Rng rng = new Rng(3);
        assertEquals(6, NoiseCovariance.of(regressionGradients(40, zero, 1, rng)).spectrum().rank(1e-6));
        assertEquals(3, NoiseCovariance.of(regressionGradients(4, zero, 1, rng)).spectrum().rank(1e-6));
    }

    @Test
    void covarianceIsSymmetricPsdWithTraceTheMeanSquaredDeviation() {
        double[][] g = regressionGradients(12, new double[] {1, 2, -1, 0.5}, 0.3, new Rng(9));
        NoiseCovariance pop = NoiseCovariance.of(g, NoiseCovariance.Normalization.POPULATION);
        double[][] a = pop.dense();
        double[] mean = pop.mean();
        double msd = 0;
        for (double[] row : g) {
            for (int i = 0; i < 4; i++) msd += (row[i] - mean[i]) * (row[i] - mean[i]) / g.length;
        }
        assertEquals(msd, pop.trace(), 1e-12);
        double tr = 0;
        for (int i = 0; i < 4; i++) {
            tr += a[i][i];
            for (int j = 0; j < 4; j++) assertEquals(a[i][j], a[j][i], 0.0);
        }
        assertEquals(msd, tr, 1e-12);
        double[] w = Linalg.eigvalsh(Tensor.of(flat(a), 4, 4)).toDoubleArray();
        assertTrue(w[0] > -1e-12, "smallest eigenvalue " + w[0]);
        assertEquals(pop.trace() * 12 / 11, NoiseCovariance.of(g).trace(), 1e-12);
    }

    @Test
    void identicalGradientsGiveZeroCovarianceOfRankZero() {
        double[][] g = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}};
        NoiseCovariance c = NoiseCovariance.of(g);
        assertEquals(0, c.trace());
        assertEquals(0, c.spectrum().rank(1e-3));
        assertEquals(0, c.spectrum().effectiveRank());
    }

    @Test
    void gramTrickAndLanczosMatchTheDenseEigenvaluesOnASmallModel() {
        Model m = Small.mlp(4, 5, 3, 11);
        double[][] g = PerExample.gradients(m, Small.inputs(30, 4, 12), Small.labels(30, 3, 12));
        NoiseCovariance c = NoiseCovariance.of(g);
        int d = c.dimension();
        assertEquals(43, d);
        double[] dense = Linalg.eigvalsh(Tensor.of(flat(c.dense()), d, d)).toDoubleArray();
        double[] gram = c.gramEigenvalues();
        double scale = dense[d - 1];
        for (int i = 0; i < gram.length && i < d; i++) assertEquals(Math.max(0, dense[d - 1 - i]), gram[i], 1e-10 * scale, "eigenvalue " + i);
        NoiseCovariance.Eigenpairs top = c.top(5, new Rng(1));
        for (int i = 0; i < 5; i++) {
            assertEquals(dense[d - 1 - i], top.values()[i], 1e-8 * scale, "Lanczos eigenvalue " + i);
            double[] av = c.apply(top.vectors()[i]);
            for (int j = 0; j < d; j++) assertEquals(top.values()[i] * top.vectors()[i][j], av[j], 1e-6 * scale, "Σv = λv, pair " + i);
        }
        assertArrayEquals(top.values(), c.top(5, new Rng(1)).values(), 0.0, "same seed, same result");
    }

    @Test
    void miniBatchCovarianceIsSigmaOverBByMonteCarlo() {
        double[][] g = regressionGradients(20, new double[] {1, -1}, 0.5, new Rng(5));
        NoiseCovariance pop = NoiseCovariance.of(g, NoiseCovariance.Normalization.POPULATION);
        int b = 4, reps = 40000;
        Rng rng = new Rng(6);
        double[] mean = pop.mean();
        double tr = 0;
        for (int r = 0; r < reps; r++) {
            double[] s = new double[2];
            for (int j = 0; j < b; j++) {
                double[] gk = g[rng.nextInt(20)];
                s[0] += gk[0] / b;
                s[1] += gk[1] / b;
            }
            tr += ((s[0] - mean[0]) * (s[0] - mean[0]) + (s[1] - mean[1]) * (s[1] - mean[1])) / reps;
        }
        assertEquals(pop.trace() / b, tr, 0.03 * pop.trace() / b);
        assertEquals((20.0 - 4) / (4 * 19), NoiseCovariance.miniBatchFactor(4, 20), 1e-15);
    }

    @Test
    void badInputNamesTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseCovariance.of(new double[][] {{1, 2}, {1}}));
        assertTrue(e.getMessage().contains("gradient 1 has length 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseCovariance.of(new double[][] {{1, 2}}));
    }

    static double[] flat(double[][] a) {
        double[] f = new double[a.length * a.length];
        for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, f, i * a.length, a.length);
        return f;
    }
}

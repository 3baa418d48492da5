package io.vecgrad.train.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class DiffusionMetricTest {
    @Test
    void isotropicMetricLengthIsEuclideanOverSqrtC() {
        int d = 4;
        double c = 2.5;
        double[][] basis = new double[d][d];
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            basis[i][i] = 1;
            values[i] = c;
        }
        double[] step = {0.3, -1.2, 0.5, 2.0};
        DiffusionMetric.Step s = DiffusionMetric.of(values, basis).measure(step);
        assertEquals(s.euclidean() / Math.sqrt(c), s.metric(), 1e-14);
        assertEquals(1, s.spanFraction(), 1e-14);
    }

    @Test
    void stepOrthogonalToTheEigenspaceHasZeroLengthAndSpan() {
        double r = Math.sqrt(0.5);
        DiffusionMetric m = DiffusionMetric.of(new double[] {3, 1}, new double[][] {{r, r, 0}, {0, 0, 1}});
        DiffusionMetric.Step s = m.measure(new double[] {1, -1, 0});
        assertEquals(0, s.metric(), 1e-15);
        assertEquals(0, s.spanFraction(), 1e-15);
        DiffusionMetric.Step in = m.measure(new double[] {2 * r, 2 * r, -3});
        assertEquals(1, in.spanFraction(), 1e-14);
        assertEquals(Math.sqrt(4 / 3.0 + 9), in.metric(), 1e-14);
    }

    @Test
    void spanFractionStaysInTheUnitIntervalOnRealEigenvectors() {
        double[][] g = NoiseCovarianceTest.regressionGradients(8, new double[] {1, 0.5, -0.2, 0, 0.3}, 0.4, new Rng(2));
        DiffusionMetric m = DiffusionMetric.of(NoiseCovariance.of(g).top(2, new Rng(3)));
        Rng rng = new Rng(4);
        for (int t = 0; t < 50; t++) {
            double[] step = new double[5];
            for (int i = 0; i < 5; i++) step[i] = rng.nextGaussian();
            double f = m.measure(step).spanFraction();
            assertTrue(f >= 0 && f <= 1, "span fraction " + f);
        }
    }
}

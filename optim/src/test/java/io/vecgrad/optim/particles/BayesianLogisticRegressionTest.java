package io.vecgrad.optim.particles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class BayesianLogisticRegressionTest {
    static double[][] x = new double[200][3];
    static int[] y = new int[200];

    static {
        Rng r = new Rng(7);
        double[] w = {1.5, -2, 0.5};
        for (int i = 0; i < 200; i++) {
            double z = 0.3;
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
                z += w[j] * x[i][j];
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
    }

    @Test
    void scoreIsTheGradientOfTheLogPosterior() {
        BayesianLogisticRegression post = new BayesianLogisticRegression(x, y, 0.5);
        double[] w = {0.2, -0.4, 0.1, 0.3};
        double[] s = post.score(w);
        for (int j = 0; j < 4; j++) {
            double[] p = w.clone(), q = w.clone();
            p[j] += 1e-6;
            q[j] -= 1e-6;
            assertEquals((post.logDensity(p) - post.logDensity(q)) / 2e-6, s[j], 1e-5 * Math.max(1, Math.abs(s[j])));
        }
    }

    @Test
    void svgdPosteriorPredictsHeldOutDataBetterThanThePrior() {
        double[][] xTrain = java.util.Arrays.copyOfRange(x, 0, 150), xTest = java.util.Arrays.copyOfRange(x, 150, 200);
        int[] yTrain = java.util.Arrays.copyOfRange(y, 0, 150), yTest = java.util.Arrays.copyOfRange(y, 150, 200);
        BayesianLogisticRegression post = new BayesianLogisticRegression(xTrain, yTrain, 1);
        double[][] prior = SvgdTest.gaussian(50, 4, 0, 1, 8);
        double[][] w = new Svgd(post, prior, Svgd.Config.reference(0.05, 300)).run();
        double before = BayesianLogisticRegression.predictiveLogLikelihood(prior, xTest, yTest);
        double after = BayesianLogisticRegression.predictiveLogLikelihood(w, xTest, yTest);
        assertTrue(after > before + 0.1, before + " -> " + after);
        assertTrue(after > -0.6, "held-out log-likelihood " + after + " (log 0.5 = -0.69 is chance)");
        assertThrows(IllegalArgumentException.class, () -> new BayesianLogisticRegression(x, new int[3], 1));
    }
}

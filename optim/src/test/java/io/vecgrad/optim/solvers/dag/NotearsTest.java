package io.vecgrad.optim.solvers.dag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.dag.Acyclicity;
import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.optim.problems.dag.LeastSquaresScore;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class NotearsTest {
    @Test
    void recoversASmallErDag() {
        DagSampler.Sample s = DagSampler.sample(DagSampler.Graph.ER, 8, 8, 2000, true, 5);
        DagFit fit = Notears.fit(s.x(), s.n(), s.d(), Notears.Options.defaults());
        DagMetrics m = fit.metrics(s.w());
        assertTrue(DagMetrics.isDag(fit.weights(), 8));
        assertTrue(m.shd() <= 1, "SHD " + m + " stop " + fit.stop());
        assertTrue(Acyclicity.NOTEARS.value(fit.raw(), 8) < 1e-7);
    }

    @Test
    void recoversAChainWithItsWeights() {
        int d = 5, n = 3000;
        Rng r = new Rng(2);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double prev = 0;
            for (int j = 0; j < d; j++) {   // X_j = 1.2·X_{j−1} + N(0, 1)
                prev = 1.2 * prev + r.nextGaussian();
                x[i * d + j] = prev;
            }
        }
        double[] truth = new double[d * d];
        for (int j = 1; j < d; j++) truth[(j - 1) * d + j] = 1.2;
        DagFit fit = Notears.fit(x, n, d, Notears.Options.defaults().withLambda(0.01));
        assertEquals(0, fit.metrics(truth).shd(), "fit " + java.util.Arrays.toString(fit.weights()));
        for (int j = 1; j < d; j++) assertEquals(1.2, fit.weights()[(j - 1) * d + j], 0.1);
    }

    @Test
    void augmentedLagrangianGradientMatchesCentralDifferences() {
        int d = 4;
        DagSampler.Sample s = DagSampler.sample(DagSampler.Graph.ER, d, 4, 100, true, 1);
        LeastSquaresScore q = LeastSquaresScore.of(s.x(), s.n(), d);
        Rng r = new Rng(3);
        double[] z = new double[2 * d * (d - 1)];
        for (int k = 0; k < z.length; k++) z[k] = 0.3 * r.nextDouble();
        double[] g = new double[z.length];
        Notears.augmentedLagrangian(z, g, q, Acyclicity.NOTEARS, 3.0, 0.5, 0.1, d);
        double[] fd = new double[z.length], scratch = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            double[] p = z.clone(), m = z.clone();
            p[k] += 1e-6;
            m[k] -= 1e-6;
            fd[k] = (Notears.augmentedLagrangian(p, scratch, q, Acyclicity.NOTEARS, 3.0, 0.5, 0.1, d)
                    - Notears.augmentedLagrangian(m, scratch, q, Acyclicity.NOTEARS, 3.0, 0.5, 0.1, d)) / 2e-6;
        }
        assertArrayEquals(fd, g, 1e-6);
    }

    @Test
    void boundedLbfgsSolvesANonnegativeQuadratic() {
        // min ½‖x − c‖² over x ≥ 0 has solution max(c, 0).
        double[] c = {1.5, -2, 0.25, -0.1, 3};
        NonnegativeLbfgs.Run run = NonnegativeLbfgs.minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = x[i] - c[i];
                f += 0.5 * g[i] * g[i];
            }
            return f;
        }, new double[5], 100, 10);
        assertArrayEquals(new double[] {1.5, 0, 0.25, 0, 3}, run.x(), 1e-6);
    }

    @Test
    void deterministic() {
        DagSampler.Sample s = DagSampler.sample(DagSampler.Graph.SF, 6, 6, 300, true, 9);
        DagFit a = Notears.fit(s.x(), s.n(), s.d(), Notears.Options.defaults());
        DagFit b = Notears.fit(s.x(), s.n(), s.d(), Notears.Options.defaults());
        assertArrayEquals(a.raw(), b.raw());
    }
}

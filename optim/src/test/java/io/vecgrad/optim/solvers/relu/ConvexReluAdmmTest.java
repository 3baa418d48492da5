package io.vecgrad.optim.solvers.relu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class ConvexReluAdmmTest {
    static final int N = 40, D = 3;
    static final double[] X = new double[N * D], Y = new double[N];

    static {
        Rng r = new Rng(21);
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < D - 1; k++) X[i * D + k] = r.nextGaussian();
            X[i * D + D - 1] = 1;   // a constant feature plays the bias
            Y[i] = Math.max(0, X[i * D] - 0.5 * X[i * D + 1]) - Math.max(0, X[i * D + 1] + 0.3) + 0.1 * r.nextGaussian();
        }
    }

    static ConvexReluProblem problem(int p, double beta) {
        return new ConvexReluProblem(X, Y, N, D, ActivationPatterns.sample(X, N, D, p, 3), beta);
    }

    @Test
    void patternsAreUniqueAndConsistentWithTheirGenerators() {
        ActivationPatterns p = ActivationPatterns.sample(X, N, D, 12, 1);
        for (int i = 0; i < p.count(); i++) {
            double[] h = p.generator(i);
            boolean[] mask = p.pattern(i);
            for (int r = 0; r < N; r++) {
                double s = 0;
                for (int k = 0; k < D; k++) s += X[r * D + k] * h[k];
                assertTrue((mask[r] ? s : -s) >= 0, "(2D−I)Xh >= 0 fails at pattern " + i + " row " + r);
            }
            for (int j = 0; j < i; j++) assertTrue(!java.util.Arrays.equals(mask, p.pattern(j)));
        }
    }

    @Test
    void groupProxZeroesSmallBlocksAndShrinksOthersByExactlyT() {
        double[] z = {3, 4, 0.1, -0.2, 0, -2};
        double[] out = ConvexReluAdmm.groupSoftThreshold(z, 3, 2, 1.0);
        assertArrayEquals(new double[] {2.4, 3.2, 0, 0, 0, -1}, out, 1e-15);   // norms 5 → 4, 0.22 → 0, 2 → 1
    }

    @Test
    void recoveryIsExactOnFeasiblePoints() {
        ConvexReluProblem prob = problem(8, 0.1);
        int p = prob.patterns();
        double[] u = new double[prob.size()];
        Rng r = new Rng(4);
        for (int i = 0; i < p; i++) {   // v_i = c·h_i and w_i = c'·h_i satisfy their cone constraints exactly
            double[] h = prob.activationPatterns().generator(i);
            double c = i % 3 == 0 ? 0 : r.nextDouble(), c2 = i % 2 == 0 ? 0 : r.nextDouble();
            for (int k = 0; k < D; k++) {
                u[i * D + k] = c * h[k];
                u[(p + i) * D + k] = c2 * h[k];
            }
        }
        assertEquals(0.0, prob.coneViolation(u), 0.0);
        TwoLayerRelu net = TwoLayerRelu.fromConvex(prob, u);
        assertArrayEquals(prob.predict(u), net.predict(X, N), 1e-12);
        assertEquals(prob.objective(u), net.objective(X, Y, N, 0.1), 1e-12);
    }

    @Test
    void admmFixedPointSatisfiesTheKkt() {
        double beta = 0.5, rho = 1.0;
        ConvexReluProblem prob = problem(10, beta);
        ConvexReluAdmm.Result res = ConvexReluAdmm.solve(prob, new ConvexReluAdmm.Options(rho, 1.0, 20000, 1e-8));
        assertTrue(res.iterations() < 20000, "not converged, primal residual " + res.primalResidual());
        double[] v = res.v();
        // primal feasibility
        assertTrue(prob.coneViolation(v) <= 1e-7, "cone violation " + prob.coneViolation(v));
        // cone multipliers μ = −ρν ≥ 0, complementary to Gv
        double[] gv = prob.cone(v);
        double[] mu = new double[res.nu().length];
        for (int k = 0; k < mu.length; k++) {
            mu[k] = -rho * res.nu()[k];
            assertTrue(mu[k] >= -1e-7, "mu " + mu[k]);
            assertEquals(0.0, mu[k] * gv[k], 1e-6);
        }
        // stationarity: Fᵀ(Fv − y) + g − Gᵀμ = 0 with g = ρλ a subgradient of β Σ‖v_a‖
        double[] f = prob.predict(v);
        for (int r = 0; r < N; r++) f[r] -= Y[r];
        double[] grad = prob.predictAdjoint(f), gmu = prob.coneAdjoint(mu);
        int nonzero = 0;
        for (int a = 0; a < 2 * prob.patterns(); a++) {
            double norm = 0, lamNorm = 0;
            for (int k = 0; k < D; k++) {
                norm += v[a * D + k] * v[a * D + k];
                lamNorm += Math.pow(rho * res.lambda()[a * D + k], 2);
            }
            norm = Math.sqrt(norm);
            lamNorm = Math.sqrt(lamNorm);
            for (int k = 0; k < D; k++) {
                double g = rho * res.lambda()[a * D + k];
                assertEquals(0.0, grad[a * D + k] + g - gmu[a * D + k], 1e-6, "stationarity block " + a);
                if (norm > 0) assertEquals(beta * v[a * D + k] / norm, g, 1e-6, "subgradient block " + a);
            }
            if (norm == 0) assertTrue(lamNorm <= beta + 1e-7, "dual norm " + lamNorm + " > beta");
            else nonzero++;
        }
        assertTrue(nonzero > 0 && nonzero < 2 * prob.patterns(), "nonzero blocks " + nonzero);
    }

    @Test
    void objectiveDecreasesToAStableValueAndTheNetworkMatchesTheConvexModel() {
        ConvexReluProblem prob = problem(10, 0.5);
        ConvexReluAdmm.Result res = ConvexReluAdmm.solve(prob, new ConvexReluAdmm.Options(1.0, 1.0, 5000, 1e-9));
        double[] obj = res.objectives();
        double last = obj[obj.length - 1];
        assertTrue(obj[Math.min(200, obj.length - 1)] - last < 1e-2 * Math.abs(last), "slow: " + obj[200] + " vs " + last);
        TwoLayerRelu net = TwoLayerRelu.fromConvex(prob, res.v());
        double viol = prob.coneViolation(res.v());
        assertArrayEquals(prob.predict(res.v()), net.predict(X, N), 1e-6 + 10 * viol);
        assertEquals(res.objective(), net.objective(X, Y, N, 0.5), 1e-6);
    }

    @Test
    void convexOptimumOverTheSgdNetworksPatternsCertifiesSgd() {
        // With the trained network's own activation patterns among the D_i, that network is a
        // feasible point of the convex program, so the convex optimum can only be lower.
        TwoLayerRelu.Training sgd = TwoLayerRelu.trainSgd(X, Y, N, D, 8, 0.5, 2e-3, 100, 10, 1);
        double[] h = sgd.objectives();
        assertTrue(h[h.length - 1] < h[0], "SGD made no progress");
        TwoLayerRelu net = sgd.net();
        double[][] dirs = new double[net.width()][];
        for (int j = 0; j < dirs.length; j++) dirs[j] = java.util.Arrays.copyOfRange(net.u(), j * D, (j + 1) * D);
        ConvexReluProblem prob = new ConvexReluProblem(X, Y, N, D, ActivationPatterns.sample(X, N, D, 16, 3, dirs), 0.5);
        ConvexReluAdmm.Result res = ConvexReluAdmm.solve(prob, new ConvexReluAdmm.Options(1.0, 1.0, 5000, 1e-8));
        assertTrue(res.objective() <= h[h.length - 1] + 1e-6, "convex " + res.objective() + " vs SGD " + h[h.length - 1]);
    }

    @Test
    void deterministic() {
        ConvexReluProblem prob = problem(6, 0.5);
        ConvexReluAdmm.Options o = ConvexReluAdmm.Options.defaults().withMaxIter(100);
        assertArrayEquals(ConvexReluAdmm.solve(prob, o).v(), ConvexReluAdmm.solve(prob, o).v());
    }
}

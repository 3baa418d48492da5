package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class CboTest {
    static final double[][] X = {{0, 0}, {1, 2}, {-1, 3}, {2, -1}};
    static final double[] F = {3, 1, 5, 2};

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Test
    void consensusGoesFromTheMeanToTheBestParticleAsAlphaGrows() {
        assertArrayEquals(new double[] {0.5, 1}, Cbo.consensus(X, F, 0, null), 1e-15);
        double prev = Double.POSITIVE_INFINITY;
        for (double a : new double[] {10, 1e3, 1e6}) {
            double e = dist(Cbo.consensus(X, F, a, null), X[1]);
            assertTrue(e <= prev);
            prev = e;
        }
        assertArrayEquals(X[1], Cbo.consensus(X, F, 1e6, null), 1e-12);
    }

    @Test
    void consensusIsShiftInvariantTranslationEquivariantAndInTheHull() {
        double[] v = Cbo.consensus(X, F, 0.7, null);
        double[] shifted = F.clone();
        for (int i = 0; i < 4; i++) shifted[i] += 100;
        assertArrayEquals(v, Cbo.consensus(X, shifted, 0.7, null), 1e-12);
        double[][] moved = new double[4][];
        for (int i = 0; i < 4; i++) moved[i] = new double[] {X[i][0] + 5, X[i][1] - 2};
        double[] w = Cbo.consensus(moved, F, 0.7, null);
        assertArrayEquals(new double[] {v[0] + 5, v[1] - 2}, w, 1e-12);
        assertTrue(v[0] >= -1 && v[0] <= 2 && v[1] >= -1 && v[1] <= 3);
        // batches: only the named particles count
        assertArrayEquals(Cbo.consensus(new double[][] {X[1], X[3]}, new double[] {1, 2}, 0.7, null), Cbo.consensus(X, F, 0.7, new int[] {1, 3}), 0);
    }

    @Test
    void withoutNoiseEveryParticleContractsByExactlyOneMinusLambdaDt() {
        Cbo.Config c = Cbo.Config.defaults().withParticles(4).withSigma(0).withDt(0.1).withLambda(2).withAlpha(0.7);
        Cbo cbo = new Cbo(v -> F[index(v)], X, c, 1);
        cbo.step();
        double[] v = cbo.consensus();
        double[][] after = cbo.particles();
        for (int i = 0; i < 4; i++) assertEquals((1 - 0.2) * dist(X[i], v), dist(after[i], v), 1e-12);
    }

    static int index(double[] v) {
        for (int i = 0; i < X.length; i++) if (v[0] == X[i][0] && v[1] == X[i][1]) return i;
        throw new IllegalStateException();
    }

    @Test
    void anisotropicNoiseLeavesAgreeingCoordinatesAlone() {
        // particles share coordinate 1, so u_1 = 0 for all of them: anisotropic noise never moves it
        double[][] x0 = {{0, 7}, {1, 7}, {-2, 7}, {3, 7}};
        Cbo.Config c = Cbo.Config.defaults().withParticles(4).withNoise(Cbo.Noise.ANISOTROPIC).withSigma(1).withAlpha(1);
        Cbo cbo = new Cbo(v -> v[0] * v[0], x0, c, 3);
        for (int t = 0; t < 5; t++) cbo.step();
        for (double[] p : cbo.particles()) assertEquals(7, p[1], 0);
        Cbo iso = new Cbo(v -> v[0] * v[0], x0, c.withNoise(Cbo.Noise.ISOTROPIC), 3);
        iso.step();
        boolean moved = false;
        for (double[] p : iso.particles()) moved |= p[1] != 7;
        assertTrue(moved, "isotropic noise moves every coordinate");
    }

    @Test
    void consensusConvergesToTheMinimizerOfAConvexQuadraticAsAlphaGrows() {
        double[] xstar = {0.4, -0.3, 0.2, 0.5, -0.1};
        ToDoubleFunction<double[]> f = v -> {
            double s = 0;
            for (int i = 0; i < v.length; i++) s += (i + 1) * (v[i] - xstar[i]) * (v[i] - xstar[i]);
            return s;
        };
        double[] alphas = {1, 100, 1e4, 1e6};
        double[] errs = new double[alphas.length];
        for (int k = 0; k < alphas.length; k++) {
            for (int seed = 1; seed <= 5; seed++) {
                Cbo.Config c = Cbo.Config.defaults().withParticles(50).withAlpha(alphas[k]).withSigma(0.5)
                        .withDt(0.05).withIterations(1000).withDomain(-2, 2);
                Cbo cbo = new Cbo(f, 5, c, seed);
                cbo.run();
                errs[k] += dist(cbo.consensus(), xstar) / 5;
            }
        }
        for (int k = 1; k < alphas.length; k++) assertTrue(errs[k] < errs[k - 1], java.util.Arrays.toString(errs));
        assertTrue(errs[3] < 0.01, "alpha=1e6 error " + errs[3]);
    }

    @Test
    void findsTheRastriginMinimumWhereGradientDescentStalls() {
        int d = 5, hits = 0, gdHits = 0;
        for (int seed = 1; seed <= 10; seed++) {
            Cbo.Config c = Cbo.Config.defaults().withParticles(200).withAlpha(1e4).withSigma(2).withNoise(Cbo.Noise.ANISOTROPIC)
                    .withDt(0.01).withIterations(500).withDomain(-3, 3);
            Cbo cbo = new Cbo(TestFunctions::rastrigin, d, c, seed);
            cbo.run();
            if (dist(cbo.consensus(), new double[d]) < 0.1) hits++;
            double[] x = PerturbationStream.of(seed, "gd").gaussian(0, 0, d);
            for (int i = 0; i < d; i++) x[i] *= 1.5;
            for (int t = 0; t < 2000; t++) {
                double[] g = TestFunctions.rastriginGradient(x);
                for (int i = 0; i < d; i++) x[i] -= 0.002 * g[i];
            }
            if (dist(x, new double[d]) < 0.1) gdHits++;
        }
        assertTrue(hits >= 9, "CBO reached 0 in " + hits + " of 10 seeds");
        assertTrue(gdHits <= 3, "GD reached 0 in " + gdHits + " of 10 seeds");
    }

    @Test
    void batchedRunsOnlyEvaluateTheBatchAndStayDeterministic() {
        AtomicLong calls = new AtomicLong();
        Cbo.Config c = Cbo.Config.defaults().withParticles(40).withBatch(10, true).withIterations(30);
        ZerothOrderResult a = Cbo.minimize(v -> {
            calls.incrementAndGet();
            return TestFunctions.sphere(v);
        }, 3, c, 8);
        assertEquals(300, calls.get());
        assertEquals(300, a.evaluations());
        ZerothOrderResult b = Cbo.minimize(TestFunctions::sphere, 3, c, 8);
        assertArrayEquals(a.x(), b.x(), 0);
        assertArrayEquals(a.history(), b.history(), 0);
        ZerothOrderResult full = Cbo.minimize(TestFunctions::sphere, 3, c.withBatch(10, false).withSigma(0.5).withIterations(300), 8);
        assertTrue(full.value() < 1e-3, "full-update batched CBO on the sphere: " + full.value());
    }

    @Test
    void rejectsBadConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> Cbo.Config.defaults().withParticles(0));
        assertThrows(IllegalArgumentException.class, () -> Cbo.Config.defaults().withDt(0));
        assertThrows(IllegalArgumentException.class, () -> new Cbo(TestFunctions::sphere, X, Cbo.Config.defaults(), 1));
    }
}

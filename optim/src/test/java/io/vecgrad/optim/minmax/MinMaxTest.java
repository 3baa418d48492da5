package io.vecgrad.optim.minmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.compress.VectorCompressor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxTest {
    static double[] start(int d, long seed) {
        double[] z = new double[d];
        Rng r = new Rng(seed);
        for (int i = 0; i < d; i++) z[i] = r.nextGaussian();
        return z;
    }

    @Test
    void bilinearOperatorIsMonotoneAndLambdaStronglyMonotone() {
        for (double lambda : new double[] {0, 0.3}) {
            QuadraticGame g = QuadraticGame.bilinear(3, 6, lambda, 0.5, new Rng(1));
            for (int s = 0; s < 20; s++) {
                double[] z = start(g.dim(), 2 * s), w = start(g.dim(), 2 * s + 1);
                double[] df = Vectors.axpy(g.operator().apply(z), -1, g.operator().apply(w));
                double[] dz = Vectors.axpy(z, -1, w);
                assertEquals(lambda * Vectors.dot(dz, dz), Vectors.dot(df, dz), 1e-10);
            }
            assertEquals(lambda, g.monotonicity(), 1e-12);
        }
    }

    @Test
    void meanOfDeviceOperatorsIsTheProblemsOperatorAndVanishesAtTheSolution() {
        QuadraticGame g = QuadraticGame.stronglyMonotone(4, 5, 0.2, new Rng(2));
        double[] z = start(g.dim(), 3);
        assertArrayEquals(g.operator().apply(z), Operator.mean(g.devices()).apply(z), 1e-12);
        assertEquals(0, Vectors.norm(g.operator().apply(g.solution())), 1e-10);
    }

    @Test
    void gapIsNonNegativeAndZeroAtTheSolution() {
        QuadraticGame g = QuadraticGame.stronglyMonotone(2, 4, 0.3, new Rng(5));
        assertEquals(0, g.gap(g.solution()), 1e-10);
        for (int s = 0; s < 20; s++) {
            double[] z = start(g.dim(), s);
            assertTrue(g.gap(z) > 0);
            // the gap's two parts are attained: f(x, y') <= max and f(x', y) >= min for any y', x'
            double[] y2 = start(g.dim(), 100 + s);
            System.arraycopy(z, 0, y2, 0, 4);
            double[] x2 = start(g.dim(), 200 + s);
            System.arraycopy(z, 4, x2, 4, 4);
            assertTrue(g.value(y2) - g.value(x2) <= g.gap(z) + 1e-9);
        }
        assertTrue(Double.isNaN(QuadraticGame.bilinear(1, 3, 0, 0, new Rng(1)).gap(new double[6])));
    }

    /** f(x, y) = xᵀAy + aᵀx + bᵀy with A = I + 0.3·G/√n (singular values bounded away from 0), λ = 0. */
    static QuadraticGame wellConditionedBilinear(int n, Rng rng) {
        double[] a = new double[n * n];
        for (int i = 0; i < n * n; i++) a[i] = (i % (n + 1) == 0 ? 1 : 0) + 0.3 * rng.nextGaussian() / Math.sqrt(n);
        double[] av = new double[n], bv = new double[n];
        for (int i = 0; i < n; i++) {
            av[i] = rng.nextGaussian();
            bv[i] = rng.nextGaussian();
        }
        return new QuadraticGame(n, n, List.of(new double[n * n]), List.of(a), List.of(new double[n * n]), List.of(av), List.of(bv));
    }

    @Test
    void extragradientConvergesOnTheBilinearGameWhereGdaDiverges() {
        QuadraticGame g = wellConditionedBilinear(8, new Rng(7));
        double step = 0.5 / g.lipschitz();
        double[] z0 = new double[g.dim()];
        double d0 = g.distanceToSolution(z0);
        VIOptions o = VIOptions.iterations(3000).metric(g::distanceToSolution).recordEvery(100);
        MinMaxResult gda = new GradientDescentAscent(step).solve(g.devices(), z0, o);
        MinMaxResult eg = new Extragradient(step).solve(g.devices(), z0, o);
        MinMaxResult og = new OptimisticGradient(0.5 * step).solve(g.devices(), z0, o);
        assertTrue(gda.trace().lastMetric() > 10 * d0, "GDA distance " + gda.trace().lastMetric() + " vs start " + d0);
        double[] m = gda.trace().metric();
        for (int i = 1; i < m.length; i++) assertTrue(m[i] > m[i - 1], "GDA distance grows monotonically");
        assertTrue(eg.trace().lastMetric() < 1e-6 * d0, "EG distance " + eg.trace().lastMetric());
        assertTrue(og.trace().lastMetric() < 1e-3 * d0, "OG distance " + og.trace().lastMetric());
    }

    @Test
    void stopsAtTheTargetAndCountsDenseBits() {
        QuadraticGame g = QuadraticGame.bilinear(3, 5, 0.5, 0.5, new Rng(8));
        VIOptions o = VIOptions.iterations(10_000).metric(g::gap).target(1e-8);
        MinMaxResult r = new Extragradient(0.5 / g.lipschitz()).solve(g.devices(), new double[g.dim()], o);
        assertEquals(MinMaxResult.Stop.TARGET, r.stop());
        assertTrue(r.trace().lastMetric() <= 1e-8);
        assertEquals(2.0 * 3 * 64 * g.dim() * r.iterations(), r.uplinkBits(), 0);
        assertEquals(2L * 3 * r.iterations(), r.operatorCalls());
    }

    @Test
    void mashaWithIdentityAndAlwaysRefreshedAnchorIsExtragradient() {
        QuadraticGame g = QuadraticGame.bilinear(4, 5, 0.1, 0.5, new Rng(9));
        double step = 0.4 / g.lipschitz();
        double[] z0 = start(g.dim(), 1);
        for (int k = 1; k <= 5; k++) {
            double[] eg = new Extragradient(step).solve(g.devices(), z0, VIOptions.iterations(k)).z();
            double[] m1 = Masha.masha1(VectorCompressor.identity(), step, 0, 3).solve(g.devices(), z0, VIOptions.iterations(k)).z();
            double[] m2 = Masha.masha2(VectorCompressor.identity(), step, 0, 3).solve(g.devices(), z0, VIOptions.iterations(k)).z();
            assertArrayEquals(eg, m1, 1e-12);
            assertArrayEquals(eg, m2, 1e-12);
        }
    }

    @Test
    void mashaConvergesLinearlyOnTheStronglyMonotoneBilinearProblem() {
        QuadraticGame g = QuadraticGame.bilinear(5, 20, 0.5, 0.5, new Rng(10));
        int d = g.dim();
        double[] z0 = new double[d];
        double d0 = g.distanceToSolution(z0);
        VectorCompressor rand = VectorCompressor.randK(d / 10), top = VectorCompressor.topK(d / 10);
        double tau = Masha.defaultTau(rand, d);
        double gamma = Masha.defaultStep(tau, rand.omega(d), g.deviceCount(), g.meanSquareLipschitz());
        VIOptions o = VIOptions.iterations(6000).metric(g::distanceToSolution).recordEvery(100);
        for (Masha m : List.of(Masha.masha1(rand, gamma, tau, 1), Masha.masha2(top, gamma, Masha.defaultTau(top, d), 1))) {
            MinMaxResult r = m.solve(g.devices(), z0, o);
            double[] dist = r.trace().metric();
            assertTrue(dist[dist.length - 1] < 1e-8 * d0, m.name() + " distance " + dist[dist.length - 1]);
            // linear: every 100 iterations contract the distance by a factor ≥ 1.5 until rounding (1e-11) is reached
            for (int i = 1; i < dist.length && dist[i] > 1e-11 * d0; i++) {
                assertTrue(dist[i] < dist[i - 1] / 1.5, m.name() + " record " + i + ": " + dist[i - 1] + " -> " + dist[i]);
            }
        }
    }

    @Test
    void mashaBitsMatchTheExpectedFormula() {
        QuadraticGame g = QuadraticGame.bilinear(3, 20, 0.5, 0.5, new Rng(11));
        int d = g.dim(), devices = 3, iters = 4000;
        VectorCompressor q = VectorCompressor.randK(4);
        double tau = 0.9;
        Masha m = Masha.masha1(q, 0.05, tau, 5);
        MinMaxResult r = m.solve(g.devices(), new double[d], VIOptions.iterations(iters));
        double dense = 64.0 * d;
        double perIteration = (r.uplinkBits() / devices - dense) / iters;   // minus the initial anchor
        // refreshes ~ Binomial(iters, 1 - tau): sd of the mean is dense·sqrt(tau(1-tau)/iters); 4.5 sd
        double sd = dense * Math.sqrt(tau * (1 - tau) / iters);
        assertEquals(m.expectedUplinkBitsPerIteration(d), perIteration, 4.5 * sd);
        assertEquals(q.bits(d) + 0.1 * dense, m.expectedUplinkBitsPerIteration(d), 1e-9);
        // the bits are whole messages: compressed ones plus an integer number of dense refreshes
        double refreshes = (perIteration - q.bits(d)) * iters / dense;
        assertEquals(Math.rint(refreshes), refreshes, 1e-6);
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        QuadraticGame g = QuadraticGame.bilinear(3, 10, 0.5, 0.5, new Rng(12));
        VectorCompressor q = VectorCompressor.randK(2);
        double[] z0 = start(g.dim(), 4);
        MinMaxResult a = Masha.masha1(q, 0.05, 0.8, 42).solve(g.devices(), z0, VIOptions.iterations(300));
        MinMaxResult b = Masha.masha1(q, 0.05, 0.8, 42).solve(g.devices(), z0, VIOptions.iterations(300));
        MinMaxResult c = Masha.masha1(q, 0.05, 0.8, 43).solve(g.devices(), z0, VIOptions.iterations(300));
        assertArrayEquals(a.z(), b.z(), 0);
        assertEquals(a.uplinkBits(), b.uplinkBits(), 0);
        assertFalse(java.util.Arrays.equals(a.z(), c.z()));
        assertArrayEquals(QuadraticGame.bilinear(3, 10, 0.5, 0.5, new Rng(12)).solution(), g.solution(), 0);
    }

    @Test
    void divergenceIsReportedNotHidden() {
        QuadraticGame g = QuadraticGame.bilinear(1, 4, 0, 0, new Rng(13));
        MinMaxResult r = new GradientDescentAscent(10).solve(g.devices(), start(g.dim(), 1), VIOptions.iterations(100_000));
        assertEquals(MinMaxResult.Stop.DIVERGED, r.stop());
    }
}

package io.vecgrad.distributed.dadao;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DadaoTest {

    /** Local least squares f_i(x) = (1/2m)||A_i x − b_i||² on n nodes, with the exact minimiser of Σ f_i. */
    static final class Regression {
        final int n, m, d;
        final double[][][] a;
        final double[][] b;
        final double mu, smooth;
        final double[] xStar;

        Regression(int n, int m, int d, long seed) {
            this.n = n;
            this.m = m;
            this.d = d;
            Rng rng = new Rng(seed);
            a = new double[n][m][d];
            b = new double[n][m];
            double lo = Double.MAX_VALUE, hi = 0;
            double[] h = new double[d * d], rhs = new double[d];
            for (int i = 0; i < n; i++) {
                double[] hi2 = new double[d * d];
                for (int r = 0; r < m; r++) {
                    for (int k = 0; k < d; k++) a[i][r][k] = rng.nextGaussian();
                    b[i][r] = rng.nextGaussian() + i;
                    for (int k = 0; k < d; k++) {
                        rhs[k] += a[i][r][k] * b[i][r] / m;
                        for (int l = 0; l < d; l++) hi2[k * d + l] += a[i][r][k] * a[i][r][l] / m;
                    }
                }
                double[] ev = Linalg.eigvalsh(Tensor.of(hi2, d, d)).toDoubleArray();
                lo = Math.min(lo, ev[0]);
                hi = Math.max(hi, ev[d - 1]);
                for (int k = 0; k < d * d; k++) h[k] += hi2[k];
            }
            mu = lo;
            smooth = hi;
            xStar = Linalg.solve(Tensor.of(h, d, d), Tensor.of(rhs)).toDoubleArray();
        }

        void gradient(int i, double[] x, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (int r = 0; r < m; r++) {
                double res = -b[i][r];
                for (int k = 0; k < d; k++) res += a[i][r][k] * x[k];
                for (int k = 0; k < d; k++) out[k] += a[i][r][k] * res / m;
            }
        }

        double[][] start(long seed) {
            Rng rng = new Rng(seed);
            double[][] x = new double[n][d];
            for (double[] row : x) for (int k = 0; k < d; k++) row[k] = rng.nextGaussian();
            return x;
        }

        double distance(Dadao run) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double[] x = run.model(i);
                for (int k = 0; k < d; k++) s += (x[k] - xStar[k]) * (x[k] - xStar[k]);
            }
            return s / n;
        }
    }

    static int[][] complete(int n) {
        List<int[]> e = new ArrayList<>();
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) e.add(new int[] {i, j});
        return e.toArray(new int[0][]);
    }

    static int[][] cycle(int n) {
        int[][] e = new int[n][];
        for (int i = 0; i < n; i++) e[i] = new int[] {i, (i + 1) % n};
        return e;
    }

    private static Dadao dadao(Regression p, GraphSpectrum g, double gradRate, long seed) {
        return new Dadao(DadaoConstants.of(p.mu, p.smooth, g.chi1(), g.lambdaMix()), g, p::gradient, p.start(seed), gradRate, g.lambdaMix(), new Rng(seed));
    }

    @Test
    void graphConstantsOfTheCompleteGraphAndTheCycle() {
        // K_n: L = nI − 11ᵀ, |E| = n(n−1)/2, λ⁺ = n/|E| = 2/(n−1); resistance of an edge = 2/n in L, so ½·2/n·|E| in L_norm.
        int n = 6;
        GraphSpectrum k = GraphSpectrum.of(n, complete(n));
        assertEquals((n - 1) / 2.0, k.chi1(), 1e-12);
        assertEquals(0.5 * (2.0 / n) * (n * (n - 1) / 2.0), k.chi2(), 1e-12);
        assertEquals(Math.sqrt(2 * k.chi1() * k.chi2()), k.lambdaMix(), 1e-12);
        // C_n: λ⁺(L) = 2 − 2cos(2π/n), |E| = n, edge resistance (n−1)/n.
        GraphSpectrum c = GraphSpectrum.of(n, cycle(n));
        assertEquals(n / (2 - 2 * Math.cos(2 * Math.PI / n)), c.chi1(), 1e-10);
        assertEquals(0.5 * (n - 1.0) / n * n, c.chi2(), 1e-10);
    }

    @Test
    void flowIsASemigroup() {
        DadaoConstants c = DadaoConstants.of(0.5, 4, 3, 2);
        double[] ab = c.flow(0.7 + 1.9), a = c.flow(0.7), b = c.flow(1.9);
        for (int r = 0; r < 6; r++) {
            for (int col = 0; col < 6; col++) {
                double v = 0;
                for (int k = 0; k < 6; k++) v += a[r * 6 + k] * b[k * 6 + col];
                assertEquals(ab[r * 6 + col], v, 1e-13);
            }
        }
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0}, java.util.Arrays.copyOf(c.flow(0), 6), 0);
    }

    @Test
    void zAndZTildeSumToZeroAfterThousandsOfEvents() {
        Regression p = new Regression(8, 10, 3, 1);
        GraphSpectrum g = GraphSpectrum.of(8, cycle(8));
        Dadao run = dadao(p, g, 1, 2);
        for (int step = 1; step <= 20; step++) {
            run.advance(step * 20.0);
            for (int i = 0; i < 8; i++) run.model(i);   // catch everyone up to a common time
            for (int comp : new int[] {Dadao.Z, Dadao.Z_TILDE}) {
                for (double v : run.sum(comp)) assertEquals(0, v, 1e-11);
            }
        }
        assertTrue(run.gossipEvents() > 1000, "events " + run.gossipEvents());
        double ySum = 0;
        for (double v : run.sum(Dadao.Y_TILDE)) ySum += Math.abs(v);
        assertTrue(ySum > 1e-3, "the conservation check must not be vacuous: Ỹ moves");
    }

    @Test
    void nullEventsLeaveTheTrajectoryUnchanged() {
        Regression p = new Regression(5, 8, 2, 3);
        GraphSpectrum g = GraphSpectrum.of(5, complete(5));
        Dadao plain = dadao(p, g, 1, 4), interrupted = dadao(p, g, 1, 4);
        plain.advance(30);
        for (double t = 0.37; t < 30; t += 0.37) {
            interrupted.advance(t);
            interrupted.catchUp((int) (t * 10) % 5, t);
        }
        interrupted.advance(30);
        for (int i = 0; i < 5; i++) assertArrayEquals(plain.model(i), interrupted.model(i), 1e-11);
        assertEquals(plain.gossipEvents(), interrupted.gossipEvents());
    }

    @Test
    void convergesGeometricallyToTheLeastSquaresSolutionOnACompleteGraph() {
        Regression p = new Regression(6, 30, 3, 5);
        GraphSpectrum g = GraphSpectrum.of(6, complete(6));
        Dadao run = dadao(p, g, 1, 6);
        double d0 = p.distance(run);
        run.advance(150);
        double d1 = p.distance(run);
        run.advance(300);
        double d2 = p.distance(run);
        assertTrue(d1 < 1e-2 * d0, d0 + " → " + d1);
        assertTrue(d2 < 1e-2 * d1, d1 + " → " + d2);
    }

    @Test
    void eventCountsMatchThePoissonRatesAndGossipIsDecoupledFromGradients() {
        Regression p = new Regression(10, 5, 2, 7);
        GraphSpectrum g = GraphSpectrum.of(10, cycle(10));
        double t = 200;
        Dadao run = dadao(p, g, 1, 8);
        run.advance(t);
        double wantGrad = 10 * t, wantGossip = g.lambdaMix() * t;
        assertEquals(wantGrad, run.gradientEvents(), 4 * Math.sqrt(wantGrad));
        assertEquals(wantGossip, run.gossipEvents(), 4 * Math.sqrt(wantGossip));
        Dadao faster = dadao(p, g, 2, 8);
        faster.advance(t);
        assertEquals(2 * wantGrad, faster.gradientEvents(), 4 * Math.sqrt(2 * wantGrad));
        assertEquals(run.gossipEvents(), faster.gossipEvents());
        assertEquals(run.gossipEvents() * 2 * 8 * 2, run.bytesSent());
    }

    @Test
    void drivenByTheCoreEventEngineItConvergesWithTheSameRates() {
        Regression p = new Regression(6, 30, 3, 5);
        GraphSpectrum g = GraphSpectrum.of(6, cycle(6));
        Dadao run = dadao(p, g, 1, 6);
        io.vecgrad.distributed.sim.EventEngine engine = new io.vecgrad.distributed.sim.EventEngine(6, 17);
        run.drive(engine, 1, g.lambdaMix());
        double d0 = p.distance(run);
        double t = 300;
        engine.runUntil(t);
        run.syncClock(engine);
        assertTrue(p.distance(run) < 1e-4 * d0, d0 + " → " + p.distance(run));
        assertEquals(6 * t, run.gradientEvents(), 4 * Math.sqrt(6 * t));
        assertEquals(g.lambdaMix() * t, run.gossipEvents(), 4 * Math.sqrt(g.lambdaMix() * t));
        for (int i = 0; i < 6; i++) run.model(i);   // catch every node up to the engine's time
        for (double v : run.sum(Dadao.Z)) assertEquals(0, v, 1e-9);
        assertThrows(IllegalStateException.class, () -> run.advance(400));
    }

    @Test
    void sameSeedSameTrajectory() {
        Regression p = new Regression(4, 6, 2, 9);
        GraphSpectrum g = GraphSpectrum.of(4, cycle(4));
        Dadao a = dadao(p, g, 1, 10), b = dadao(p, g, 1, 10);
        a.advance(25);
        b.advance(25);
        for (int i = 0; i < 4; i++) assertArrayEquals(a.model(i), b.model(i), 0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> GraphSpectrum.of(4, new int[][] {{0, 1}, {2, 3}}));
        assertThrows(IllegalArgumentException.class, () -> GraphSpectrum.of(3, new int[][] {{0, 3}}));
        assertThrows(IllegalArgumentException.class, () -> DadaoConstants.of(2, 1, 1, 1));
        Regression p = new Regression(4, 6, 2, 9);
        GraphSpectrum g = GraphSpectrum.of(4, cycle(4));
        Dadao run = dadao(p, g, 1, 10);
        run.advance(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.advance(4));
        assertTrue(e.getMessage().contains("before the clock"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Dadao(DadaoConstants.of(1, 2, 1, 1), g, p::gradient, p.start(1), 0, 1, new Rng(1)));
    }
}

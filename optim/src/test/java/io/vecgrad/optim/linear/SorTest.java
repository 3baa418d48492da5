package io.vecgrad.optim.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** P51 properties: SOR basics and the Tsallis-INF learner. */
class SorTest {
    static double[] randomSpd(int n, Random rnd) {
        double[] m = new double[n * n], a = new double[n * n];
        for (int i = 0; i < m.length; i++) m[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
                a[i * n + j] = s + (i == j ? 0.1 : 0);
            }
        }
        return a;
    }

    /** Gauss–Seidel in the code's form: x ← x + (D + L)⁻¹(b − Ax) by forward substitution. */
    static double[] gaussSeidelStep(double[] a, int n, double[] b, double[] x) {
        double[] r = new double[n], d = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = b[i];
            for (int j = 0; j < n; j++) r[i] -= a[i * n + j] * x[j];
        }
        for (int i = 0; i < n; i++) {
            double s = r[i];
            for (int j = 0; j < i; j++) s -= a[i * n + j] * d[j];
            d[i] = s / a[i * n + i];
        }
        double[] out = x.clone();
        for (int i = 0; i < n; i++) out[i] += d[i];
        return out;
    }

    @Property(tries = 20)
    void omegaOneIsGaussSeidel(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Random rnd = new Random(seed);
        double[] a = randomSpd(n, rnd), b = new double[n];
        for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
        double[] x = new double[n];
        for (int k = 1; k <= 5; k++) {
            x = gaussSeidelStep(a, n, b, x);
            double[] sor = Sor.solve(a, n, b, new double[n], 1.0, 0, k).x();
            assertArrayEquals(x, sor, 1e-9 * (1 + max(x)), "iterate " + k);
        }
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    @Property(tries = 20)
    void convergesForEveryOmegaInZeroTwoOnSpd(@ForAll @DoubleRange(min = 0.2, max = 1.9) double omega, @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Random rnd = new Random(seed);
        int n = 6;
        double[] a = randomSpd(n, rnd), b = new double[n];
        for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
        Sor.SorResult r = Sor.solve(a, n, b, new double[n], omega, 1e-6, 2_000_000);
        assertTrue(r.converged(), "omega " + omega + ": residual " + r.relativeResidual());
        Sor.SorResult s = Sor.ssor(Sor.dense(a, n), b, new double[n], omega, 1e-6, 2_000_000);
        assertTrue(s.converged(), "SSOR omega " + omega);
    }

    @Test
    void optimalOmegaBeatsGaussSeidelOnTheLaplacian() {
        CsrMatrix a = RelaxationProblems.shiftedLaplacian(12, 0);
        double[] b = RelaxationProblems.rhs(new Rng(1), a.rows());
        double wStar = Sor.optimalOmega(RelaxationProblems.jacobiRadius(12, 0));
        int gs = Sor.solve(a, b, new double[a.rows()], 1.0, 1e-8, 10_000).iterations();
        int opt = Sor.solve(a, b, new double[a.rows()], wStar, 1e-8, 10_000).iterations();
        assertTrue(opt < gs / 3, opt + " vs " + gs);
        // the Jacobi radius formula agrees with power iteration on D⁻¹(L + U)
        double[] v = new double[a.rows()], w = new double[a.rows()];
        java.util.Arrays.fill(v, 1);
        double lam = 0;
        for (int k = 0; k < 3000; k++) {
            for (int i = 0; i < v.length; i++) w[i] = -(a.rowDot(i, v) - 4 * v[i]) / 4;
            lam = Math.sqrt(dot(w, w) / dot(v, v));
            double nw = Math.sqrt(dot(w, w));
            for (int i = 0; i < v.length; i++) v[i] = w[i] / nw;
        }
        assertEquals(RelaxationProblems.jacobiRadius(12, 0), lam, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Sor.solve(a, b, new double[a.rows()], 2.0, 1e-8, 10));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void tsallisProbabilitiesSumToOneAndFavourTheBestArm() {
        TsallisInf bandit = new TsallisInf(5, 3);
        Random rnd = new Random(2);
        for (int t = 0; t < 200; t++) {
            double[] p = bandit.probabilities();
            double s = 0;
            for (double v : p) {
                assertTrue(v > 0);
                s += v;
            }
            assertEquals(1, s, 1e-9);
            int arm = bandit.select();
            bandit.update(10 + 5 * arm + rnd.nextInt(3));
        }
        double[] p = bandit.probabilities();
        for (int i = 1; i < 5; i++) assertTrue(p[0] > p[i], "arm 0 (cheapest) most likely: " + java.util.Arrays.toString(p));
    }

    @Test
    void averageRegretShrinksWithT() {
        // a stochastic cost table: arm i costs mean[i] + U(0, 4)
        double[] mean = {30, 22, 18, 25, 40};
        double[] regretPerRound = new double[3];
        int[] horizons = {100, 1000, 5000};
        for (int h = 0; h < 3; h++) {
            double total = 0;
            for (int trial = 0; trial < 5; trial++) {
                TsallisInf bandit = new TsallisInf(mean.length, 100 + trial);
                Random rnd = new Random(trial);
                double cost = 0;
                for (int t = 0; t < horizons[h]; t++) {
                    int arm = bandit.select();
                    double c = mean[arm] + 4 * rnd.nextDouble();
                    cost += c;
                    bandit.update(c);
                }
                total += (cost - horizons[h] * (18 + 2)) / horizons[h];
            }
            regretPerRound[h] = total / 5;
        }
        assertTrue(regretPerRound[1] < regretPerRound[0] && regretPerRound[2] < regretPerRound[1],
                java.util.Arrays.toString(regretPerRound));
        assertTrue(regretPerRound[2] < 1.5, "average regret at T = 5000: " + regretPerRound[2]);
    }
}

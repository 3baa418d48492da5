package io.vecgrad.tensor.linalg.iterative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.SymmetricEigen;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpectralMethodsTest {

    @Property(tries = 30)
    void tridiagonalEigenMatchesJacobi(@ForAll @IntRange(min = 1, max = 25) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] d = Mats.gaussianVector(r, n);
        double[] e = Mats.gaussianVector(r, n - 1);
        if (n > 3) e[n / 2] = 0;   // a split
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            t[i][i] = d[i];
            if (i + 1 < n) t[i][i + 1] = t[i + 1][i] = e[i];
        }
        SymmetricTridiagonal.Eigen eig = SymmetricTridiagonal.eigen(d, e);
        assertArrayEquals(SymmetricEigen.values(t), eig.values(), 1e-12 * (1 + n));
        for (int j = 0; j < n; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = eig.vectors()[i][j];
            double[] tv = Mats.matvec(t, v);
            for (int i = 0; i < n; i++) assertEquals(eig.values()[j] * v[i], tv[i], 1e-12 * (1 + n));
            assertEquals(1, Mats.norm(v), 1e-12);
        }
    }

    /** Cauchy interlacing between successive Lanczos steps: the Ritz values of T_j separate those of T_{j+1}. */
    @Property(tries = 15)
    void ritzValuesInterlace(@ForAll @IntRange(min = 2, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.symmetrize(Mats.gaussian(r, n, n));
        LanczosResult res = Lanczos.run(LinearOperator.of(Mats.tensor(a)), n, new Rng(seed), Lanczos.Reorthogonalization.FULL);
        double[] alpha = res.alpha(), beta = res.beta();
        double tol = 1e-10 * (1 + Math.abs(res.ritzValues()[0]) + Math.abs(res.ritzValues()[res.steps() - 1]));
        double[] prev = SymmetricTridiagonal.eigen(new double[] {alpha[0]}, new double[0]).values();
        for (int j = 2; j <= res.steps(); j++) {
            double[] cur = SymmetricTridiagonal.eigen(Arrays.copyOf(alpha, j), Arrays.copyOf(beta, j - 1)).values();
            for (int i = 0; i < j - 1; i++) {
                assertTrue(cur[i] <= prev[i] + tol && prev[i] <= cur[i + 1] + tol, "interlacing fails at step " + j + ", index " + i);
            }
            prev = cur;
        }
    }

    /** With n steps the Ritz values are the eigenvalues; the basis is orthonormal; T = QᵀAQ; residual bounds are the true residuals. */
    @Property(tries = 15)
    void fullLanczosRecoversSpectrum(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.symmetrize(Mats.gaussian(r, n, n));
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        LanczosResult res = Lanczos.run(op, n, Tensor.of(Mats.gaussianVector(r, n)), Lanczos.Reorthogonalization.FULL);
        double[] exact = SymmetricEigen.values(a);
        assertTrue(res.steps() <= n);
        double[] ritz = res.ritzValues();
        double scale = 1 + Math.abs(exact[0]) + Math.abs(exact[n - 1]);
        if (res.steps() == n) assertArrayEquals(exact, ritz, 1e-9 * scale);
        assertEquals(exact[n - 1], ritz[ritz.length - 1], 1e-9 * scale);
        assertEquals(exact[0], ritz[0], 1e-9 * scale);
        int k = res.steps();
        double[][] q = new double[k][];
        double[] flat = res.basis().toDoubleArray();
        for (int i = 0; i < k; i++) q[i] = Arrays.copyOfRange(flat, i * n, (i + 1) * n);
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) assertEquals(i == j ? 1 : 0, Krylov.dot(q[i], q[j]), 1e-12);
        double[] t = res.tridiagonal().toDoubleArray();
        for (int i = 0; i < k; i++) {
            double[] aq = Mats.matvec(a, q[i]);
            for (int j = 0; j < k; j++) assertEquals(t[j * k + i], Krylov.dot(q[j], aq), 1e-10 * scale);
        }
        for (int j = 0; j < k; j++) {
            double[] y = res.ritzVector(j).toDoubleArray();
            double[] ay = Mats.matvec(a, y);
            for (int i = 0; i < n; i++) ay[i] -= ritz[j] * y[i];
            assertEquals(res.residualBound(j), Mats.norm(ay), 1e-9 * scale);
        }
    }

    /** Extreme Ritz values after k ≪ n steps match a dense eigensolver for a separated spectrum, with full and selective reorthogonalisation; no ghost copies. */
    @Property(tries = 6)
    void extremeRitzValuesMatchDense(@ForAll @IntRange(min = 60, max = 90) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = 1 + r.nextDouble();
        lambda[0] = 10;
        lambda[1] = -5;
        double[][] a = Mats.withSpectrum(r, lambda);
        double[] exact = SymmetricEigen.values(a);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        for (Lanczos.Reorthogonalization mode : new Lanczos.Reorthogonalization[] {Lanczos.Reorthogonalization.FULL, Lanczos.Reorthogonalization.SELECTIVE}) {
            LanczosResult res = Lanczos.run(op, 40, new Rng(seed), mode);
            double[] ritz = res.ritzValues();
            assertEquals(exact[n - 1], ritz[ritz.length - 1], 1e-9, mode.name());
            assertEquals(exact[0], ritz[0], 1e-9, mode.name());
            assertTrue(ritz[ritz.length - 2] < 2.5, mode + ": a ghost copy of the top eigenvalue: " + ritz[ritz.length - 2]);
            assertTrue(ritz[1] > 0.5, mode + ": a ghost copy of the bottom eigenvalue: " + ritz[1]);
            assertTrue(res.residualBound(ritz.length - 1) < 1e-8);
        }
    }

    @Test
    void lanczosStopsAtInvariantSubspace() {
        LinearOperator op = LinearOperator.diagonal(Tensor.of(new double[] {1, 2, 3, 4, 5}));
        LanczosResult res = Lanczos.run(op, 5, Tensor.of(new double[] {1, 1, 0, 0, 0}), Lanczos.Reorthogonalization.FULL);
        assertEquals(2, res.steps());
        assertArrayEquals(new double[] {1, 2}, res.ritzValues(), 1e-14);
        assertEquals(0, res.nextBeta());
        assertEquals(2, res.operatorApplies());
    }

    @Test
    void powerIterationFindsDominantEigenvalue() {
        Random r = new Random(11);
        int n = 40;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = r.nextDouble();
        lambda[7] = -4;    // largest in magnitude, negative
        LinearOperator op = LinearOperator.of(Mats.tensor(Mats.withSpectrum(r, lambda)));
        PowerIteration.Result res = PowerIteration.run(op, 500, 1e-12, new Rng(1));
        assertTrue(res.converged());
        assertEquals(-4, res.eigenvalue(), 1e-9);
        double[] v = res.vector().toDoubleArray();
        double[] av = op.apply(res.vector()).toDoubleArray();
        for (int i = 0; i < n; i++) assertEquals(-4 * v[i], av[i], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> PowerIteration.run(op, 0, 1e-6, new Rng(1)));
    }

    /** SLQ: each probe's quadrature reproduces qᵀAᵖq for p ≤ 2k − 1, the broadened density integrates to 1, moments estimate tr(Aᵖ)/n. */
    @Property(tries = 8)
    void slqDensityAndMoments(@ForAll @IntRange(min = 10, max = 50) int n, @ForAll @IntRange(min = 2, max = 8) int steps, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.symmetrize(Mats.gaussian(r, n, n));
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] /= Math.sqrt(n);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        int probes = 5;
        SpectralDensity d = SpectralDensity.estimate(op, steps, probes, new Rng(seed));
        // Gauss quadrature exactness, probe by probe.
        Rng stream = new Rng(seed).split("slq");
        double[] exactMoment = new double[2 * steps];
        for (int p = 0; p < probes; p++) {
            double[] z = stream.split(p).rademacher(DType.FLOAT64, n).toDoubleArray();
            double sum = 0;
            for (double w : d.weights(p)) sum += w;
            assertEquals(1.0 / probes, sum, 1e-13);
            double[] v = z.clone();
            for (int k = 1; k < 2 * steps; k++) {
                v = Mats.matvec(a, v);
                exactMoment[k] += Krylov.dot(z, v) / n / probes;
            }
        }
        for (int k = 1; k < 2 * steps; k++) assertEquals(exactMoment[k], d.moment(k), 1e-9 * (1 + Math.pow(3, k)), "moment " + k);
        assertEquals(1, d.moment(0), 1e-13);
        double sigma = 0.05;
        double[] grid = SpectralDensity.grid(d.minNode() - 10 * sigma, d.maxNode() + 10 * sigma, 4001);
        double[] rho = d.density(grid, sigma);
        double h = grid[1] - grid[0], integral = 0;
        for (int i = 0; i < grid.length; i++) integral += (i == 0 || i == grid.length - 1 ? 0.5 : 1) * rho[i] * h;
        assertEquals(1, integral, 1e-8);
    }

    /** The averaged SLQ moments are unbiased estimates of tr(Aᵖ)/n: within 5 standard deviations of Hutchinson's variance. */
    @Test
    void slqMomentsMatchTracesOfPowers() {
        Random r = new Random(21);
        int n = 40;
        double[][] a = Mats.symmetrize(Mats.gaussian(r, n, n));
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] /= Math.sqrt(n);
        a[0][0] += 3;
        int probes = 200;
        SpectralDensity d = SpectralDensity.estimate(LinearOperator.of(Mats.tensor(a)), 6, probes, new Rng(4));
        double[][] power = a;
        for (int p = 1; p <= 4; p++) {
            if (p > 1) power = Mats.matmul(power, a);
            double sd = Math.sqrt(hutchinsonVariance(power) / probes) / n;
            assertEquals(Mats.trace(power) / n, d.moment(p), 5 * sd + 1e-12, "moment " + p);
        }
    }

    /** Var(zᵀAz) for Rademacher z and symmetric A: 2(‖A‖²_F − Σ aᵢᵢ²). */
    private static double hutchinsonVariance(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (i != j) s += a[i][j] * a[i][j];
        return 2 * s;
    }

    /** Hutchinson is unbiased: with m probes it lands within 4 standard deviations (exact variance) of the trace; its standard error estimate is of the right size. */
    @Property(tries = 10)
    void hutchinsonWithinStatisticalBound(@ForAll @IntRange(min = 5, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.symmetrize(Mats.gaussian(r, n, n));
        int m = 400;
        TraceEstimation.Estimate t = TraceEstimation.hutchinson(LinearOperator.of(Mats.tensor(a)), m, new Rng(seed));
        double sd = Math.sqrt(hutchinsonVariance(a) / m);
        assertEquals(Mats.trace(a), t.value(), 4 * sd + 1e-12);
        assertEquals(m, t.operatorApplies());
        assertTrue(t.standardError() > 0.5 * sd && t.standardError() < 2 * sd, t + " vs " + sd);
    }

    /** On a low-rank-plus-noise matrix Hutch++ has far lower variance than Hutchinson at the same number of products. */
    @Test
    void hutchPlusPlusHasLowerVarianceOnLowRankPlusNoise() {
        Random r = new Random(8);
        int n = 100;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = 0.01 * r.nextGaussian();
        for (int i = 0; i < 5; i++) lambda[i] = 50 + 10 * i;
        double[][] a = Mats.withSpectrum(r, lambda);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        double tr = Mats.trace(a);
        int reps = 40, budget = 30;
        double seH = 0, sePP = 0;
        for (int s = 0; s < reps; s++) {
            TraceEstimation.Estimate h = TraceEstimation.hutchinson(op, budget, new Rng(s));
            TraceEstimation.Estimate pp = TraceEstimation.hutchPlusPlus(op, budget, new Rng(s));
            assertEquals(budget, pp.operatorApplies());
            seH += (h.value() - tr) * (h.value() - tr);
            sePP += (pp.value() - tr) * (pp.value() - tr);
        }
        assertTrue(sePP < seH / 100, "mean squared errors: Hutch++ " + sePP / reps + ", Hutchinson " + seH / reps);
    }

    @Test
    void sameSeedSameBits() {
        Random r = new Random(1);
        LinearOperator op = LinearOperator.of(Mats.tensor(Mats.spd(r, 30)));
        assertArrayEquals(SpectralDensity.estimate(op, 10, 3, new Rng(5)).density(new double[] {0.5, 1, 2}, 0.1),
                SpectralDensity.estimate(op, 10, 3, new Rng(5)).density(new double[] {0.5, 1, 2}, 0.1), 0);
        assertEquals(TraceEstimation.hutchPlusPlus(op, 12, new Rng(2)), TraceEstimation.hutchPlusPlus(op, 12, new Rng(2)));
        assertArrayEquals(Lanczos.run(op, 8, new Rng(3), Lanczos.Reorthogonalization.SELECTIVE).ritzValues(),
                Lanczos.run(op, 8, new Rng(3), Lanczos.Reorthogonalization.SELECTIVE).ritzValues(), 0);
        assertTrue(TraceEstimation.hutchinson(op, 5, new Rng(2)).value() != TraceEstimation.hutchinson(op, 5, new Rng(3)).value());
    }

    @Test
    void badSpectralInput() {
        LinearOperator op = LinearOperator.identity(3, DType.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> Lanczos.run(op, 0, new Rng(0), Lanczos.Reorthogonalization.FULL));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.run(op, 2, Tensor.zeros(DType.FLOAT64, 3), Lanczos.Reorthogonalization.FULL));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.run(op, 2, Tensor.zeros(DType.FLOAT64, 4), Lanczos.Reorthogonalization.FULL));
        assertThrows(IllegalArgumentException.class, () -> SpectralDensity.estimate(op, 2, 0, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> TraceEstimation.hutchPlusPlus(op, 2, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> TraceEstimation.hutchinson(LinearOperator.of(Mats.tensor(new double[][] {{1, 2}})), 2, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> SymmetricTridiagonal.eigen(new double[] {1, 2}, new double[] {1, 2}));
    }
}

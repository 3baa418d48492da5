package io.vecgrad.optim.newton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SpectralDensity;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class HessianSpectrumTest {
    static final int N = 60;

    static double[] spectrum() {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) s[i] = i < 3 ? 50 + 10 * i : -1 + 4.0 * i / N;      // a bulk in [−1, 3) and three outliers
        return s;
    }

    static LinearOperator op() {
        return LinearOperator.of(SolversTest.withSpectrum(spectrum(), 11));
    }

    @Test
    void densityIntegratesToOneAndMomentsAreTheProbesQuadraticForms() {
        LinearOperator a = op();
        int probes = 6, steps = 12;
        HessianSpectrum s = HessianSpectrum.estimate(a, steps, probes, new Rng(5));
        SpectralDensity d = s.density();
        double[] grid = SpectralDensity.grid(d.minNode() - 5, d.maxNode() + 5, 20001);
        double[] rho = d.density(grid, 0.1);
        double integral = 0;
        for (int i = 1; i < grid.length; i++) integral += 0.5 * (rho[i] + rho[i - 1]) * (grid[i] - grid[i - 1]);
        assertEquals(1, integral, 1e-9);
        // Gauss quadrature with k nodes is exact for degree ≤ 2k − 1: probe p's moments are zᵀAᵏz/n for
        // its own Rademacher vector z (the Hutchinson samples of tr(Aᵏ)/n), drawn as SpectralDensity draws them.
        Rng stream = new Rng(5).split("slq");
        for (int k = 1; k <= 3; k++) {
            double hutchinson = 0;
            for (int p = 0; p < probes; p++) {
                Tensor z = stream.split(p).rademacher(DType.FLOAT64, N);
                Tensor w = z.copy();
                for (int j = 0; j < k; j++) w = a.apply(w);
                hutchinson += dot(z, w) / N / probes;
            }
            assertEquals(hutchinson, d.moment(k), 1e-10 * Math.max(1, Math.abs(hutchinson)), "moment " + k);
        }
        double exactTrace = 0;
        for (double v : spectrum()) exactTrace += v;
        assertEquals(exactTrace, s.trace(), 0.5 * Math.abs(exactTrace), "trace estimate in range");
        assertEquals(steps * probes, s.hvps());
    }

    @Test
    void extremeEigenvaluesAndPowerIterationCrossCheck() {
        HessianSpectrum s = HessianSpectrum.estimate(op(), 20, 2, new Rng(1));
        assertEquals(70, s.lambdaMax(), 0.7, "λ_max within 1% after 20 steps");
        assertTrue(s.lambdaMin() < -0.5, "the negative bulk edge is seen: " + s.lambdaMin());
        double power = HessianSpectrum.powerTop(op(), 500, 1e-10, new Rng(2)).eigenvalue();
        assertEquals(70, power, 1e-4);
    }

    @Test
    void heavyBallWithLearnedRatesConvergesOnAQuadratic() {
        double[] spec = new double[N];
        for (int i = 0; i < N; i++) spec[i] = 0.5 + 99.5 * i / (N - 1);
        Tensor a = SolversTest.withSpectrum(spec, 12);
        LinearOperator op = LinearOperator.of(a);
        HessianSpectrum s = HessianSpectrum.estimate(op, 30, 1, new Rng(3));
        HessianSpectrum.Rates r = s.rates(1e-3);
        assertEquals(100, r.lambdaMax(), 1.0);
        // x ← x − lr·A·x + μ(x − x_prev) on f = ½xᵀAx converges at rate ≈ (√κ − 1)/(√κ + 1).
        double[] x = new Rng(4).normal(DType.FLOAT64, 0, 1, N).toDoubleArray(), prev = x.clone();
        double start = norm(x);
        for (int t = 0; t < 400; t++) {
            double[] ax = op.apply(Tensor.of(x.clone())).toDoubleArray();
            double[] next = new double[N];
            for (int i = 0; i < N; i++) next[i] = x[i] - r.heavyBallLr() * ax[i] + r.momentum() * (x[i] - prev[i]);
            prev = x;
            x = next;
        }
        assertTrue(norm(x) < 1e-6 * start, "heavy ball did not converge: " + norm(x));
        assertEquals(2 / r.lambdaMax(), r.stableLr(), 1e-15);
    }

    @Test
    void batchSizeRules() {
        assertEquals(0.2, HessianSpectrum.lrForBatch(0.1, 64, 128, false), 1e-15);
        assertEquals(0.1 * Math.sqrt(2), HessianSpectrum.lrForBatch(0.1, 64, 128, true), 1e-15);
        double prev = 0;
        for (int b = 1; b <= 1024; b *= 2) {
            double lr = HessianSpectrum.lrForBatch(0.1, 64, b, true);
            assertTrue(lr > prev);
            prev = lr;
        }
    }

    static double dot(Tensor a, Tensor b) {
        return CurvatureTest.dot(a, b);
    }

    static double norm(double[] x) {
        return Run.norm2(x);
    }
}

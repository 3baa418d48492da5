package io.vecgrad.optim.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** ITD forward mode, stochastic Neumann and SOBA tracking on the spec's closed-form quadratic. */
class MoreEstimatorsTest {
    final QuadraticBilevelTest q = new QuadraticBilevelTest();
    static final int N = QuadraticBilevelTest.N, M = QuadraticBilevelTest.M;

    @Test
    void itdForwardEqualsReverseModeAndFiniteDifferencesOfTheUnrolledMap() {
        double alpha = 0.7 / q.lipschitz;
        Tensor y0 = Tensor.zeros(DType.FLOAT64, N);
        for (int k : new int[] {0, 1, 2, 5, 12}) {
            Hypergradient fwd = Hypergradients.itdForward(k, alpha).estimate(q.f, q.g, q.x, y0);
            Hypergradient rev = Hypergradients.itdReverse(k, alpha, k).estimate(q.f, q.g, q.x, y0);
            assertArrayEquals(rev.grad().toDoubleArray(), fwd.grad().toDoubleArray(), 1e-11, "K=" + k);
            assertArrayEquals(rev.y().toDoubleArray(), fwd.y().toDoubleArray(), 0, "same unrolled point, K=" + k);
            int kk = k;
            assertArrayEquals(q.centralDifferences(xx -> q.phiUnrolled(xx, kk, alpha), 1e-3), fwd.grad().toDoubleArray(), 1e-8);
            assertEquals(k * M, fwd.hvps(), "K·dim(x) JVPs");
        }
        int k = 600;
        assertArrayEquals(q.exactHypergradient(), Hypergradients.itdForward(k, 1 / q.lipschitz).estimate(q.f, q.g, q.x, y0).grad().toDoubleArray(), 1e-8);
    }

    /** Inner batches g_i = ½yᵀA_i y − yᵀBx with Σ A_i / n = A: unbiased HVPs, shared H_xy = −B. */
    Bilevel.Sampler noisyBatches(int n, double noise) {
        Rng r = new Rng(21);
        Tensor[] e = new Tensor[n];
        Tensor sum = Tensor.zeros(DType.FLOAT64, N, N);
        for (int i = 0; i < n - 1; i++) {
            Tensor u = r.split(i).normal(DType.FLOAT64, 0, noise, N, N);
            e[i] = u.add(u.mT());
            sum = sum.add(e[i]);
        }
        e[n - 1] = sum.neg();
        Bilevel.Objective[] batches = new Bilevel.Objective[n];
        Variable bv = Variable.constant(q.b);
        for (int i = 0; i < n; i++) {
            Variable ai = Variable.constant(q.a.add(e[i]));
            batches[i] = (xx, y) -> y.dot(ai.matmul(y)).mul(0.5).sub(y.dot(bv.matmul(xx)));
        }
        return rng -> batches[rng.nextInt(n)];
    }

    @Test
    void stochasticNeumannIsUnbiasedForTheDeterministicTruncatedSeries() {
        Tensor ys = q.yStar(q.x);
        double alpha = 0.5 / q.lipschitz;
        int terms = 12, samples = 400;
        double[] det = Hypergradients.aidNeumann(terms, alpha, Double.POSITIVE_INFINITY).estimate(q.f, q.g, q.x, ys).grad().toDoubleArray();
        // noise-free batches: the stochastic form is the deterministic one
        assertArrayEquals(det, new StochasticNeumann(Bilevel.Sampler.exact(q.g), terms, alpha, false, 1).estimate(q.f, q.g, q.x, ys).grad().toDoubleArray(), 1e-12);
        for (boolean random : new boolean[] {false, true}) {
            StochasticNeumann est = new StochasticNeumann(noisyBatches(5, 0.3), terms, alpha, random, 7);
            double[] mean = new double[M], sq = new double[M];
            for (int s = 0; s < samples; s++) {
                double[] h = est.estimate(q.f, q.g, q.x, ys).grad().toDoubleArray();
                for (int i = 0; i < M; i++) { mean[i] += h[i] / samples; sq[i] += h[i] * h[i] / samples; }
            }
            for (int i = 0; i < M; i++) {
                double se = Math.sqrt(Math.max(sq[i] - mean[i] * mean[i], 0) / samples);
                assertTrue(se > 1e-6, "the estimator must actually be random (se " + se + ")");
                assertTrue(Math.abs(mean[i] - det[i]) <= 5 * se, "random=" + random + ", coordinate " + i + ": mean " + mean[i] + " vs " + det[i] + " (se " + se + ")");
            }
        }
    }

    @Test
    void stochasticNeumannReplaysItsStream() {
        Tensor ys = q.yStar(q.x);
        StochasticNeumann a = new StochasticNeumann(noisyBatches(5, 0.3), 8, 0.05, true, 3);
        StochasticNeumann b = new StochasticNeumann(noisyBatches(5, 0.3), 8, 0.05, true, 3);
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(a.estimate(q.f, q.g, q.x, ys).grad().toDoubleArray(), b.estimate(q.f, q.g, q.x, ys).grad().toDoubleArray(), 0);
        }
    }

    @Test
    void sobaTrackingConvergesToAidWithMonotoneErrorInTheHessianNorm() {
        Tensor ys = q.yStar(q.x);
        double[] exact = q.exactHypergradient();
        Tensor zStar = Tensor.of(q.solveA(ys.sub(q.t).toDoubleArray()), N);
        SobaTracking soba = new SobaTracking(1 / q.lipschitz).start(new Rng(4).normal(DType.FLOAT64, 0, 1, N));
        double prev = Double.POSITIVE_INFINITY;
        Hypergradient h = null;
        for (int it = 0; it < 4000; it++) {
            Tensor e = soba.z().sub(zStar);
            double aNorm = Math.sqrt(Bilevel.dot(e, q.a.matmul(e)));
            assertTrue(aNorm <= prev * (1 + 1e-12) + 1e-15, "iteration " + it + ": ‖z − z*‖_A rose from " + prev + " to " + aNorm);
            prev = aNorm;
            h = soba.estimate(q.f, q.g, q.x, ys);
        }
        assertArrayEquals(exact, h.grad().toDoubleArray(), 1e-8);
        assertEquals(1, h.hvps());
    }
}

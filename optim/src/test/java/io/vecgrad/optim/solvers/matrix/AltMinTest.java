package io.vecgrad.optim.solvers.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.matrix.CompletionProblem;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AltMinTest {
    static final double[] FLAT3 = {1, 1, 1};

    @Test
    void fullObservationRecoversExactlyInOneStep() {
        CompletionProblem p = CompletionProblem.planted(40, 30, new double[] {3, 2, 1}, 1.0, 1);
        AltMin.Result r = AltMin.run(p, AltMin.Options.of(3, 1));
        assertTrue(r.subspaceDistance()[0] < 1e-10, "spectral init is the column space at p = 1");
        assertTrue(p.relativeError(r.estimate()) < 1e-12, "error " + p.relativeError(r.estimate()));
    }

    @Test
    void exactAltMinRecoversALowRankMatrixFromEnoughSamples() {
        CompletionProblem p = CompletionProblem.planted(200, 160, new double[] {1, 0.8, 0.6}, 0.15, 2);
        AltMin.Result r = AltMin.run(p, AltMin.Options.of(3, 50));
        assertTrue(p.relativeError(r.estimate()) < 1e-9, "error " + p.relativeError(r.estimate()));
        double[] d = r.subspaceDistance();
        // geometric decrease of dist(U_t, U*) until round-off
        for (int t = 0; t + 5 < d.length && d[t + 5] > 1e-11; t += 5) assertTrue(d[t + 5] < 0.5 * d[t], "t=" + t + ": " + d[t] + " -> " + d[t + 5]);
    }

    @Test
    void sketchedAltMinRecoversToo() {
        CompletionProblem p = CompletionProblem.planted(200, 160, new double[] {1, 0.8, 0.6}, 0.15, 2);
        AltMin.Result r = AltMin.run(p, AltMin.Options.of(3, 50).withSolver(LeastSquaresSolver.sketched(2, 2, 9)));
        assertTrue(p.relativeError(r.estimate()) < 1e-8, "error " + p.relativeError(r.estimate()));
    }

    @Test
    void sampleSplittingUsesFreshSamplesPerStepAndStillContracts() {
        // 2T+1 = 5 disjoint parts of a fully observed matrix: each step sees about 20 % of the entries
        CompletionProblem p = CompletionProblem.planted(150, 150, FLAT3, 1.0, 3);
        AltMin.Result r = AltMin.run(p, AltMin.Options.of(3, 2).withSplitSamples(true));
        double[] d = r.subspaceDistance();
        assertTrue(d[1] < 0.5 * d[0] && d[2] < 0.5 * d[1], java.util.Arrays.toString(d));
        assertTrue(p.relativeError(r.estimate()) < 0.05, "error " + p.relativeError(r.estimate()));
    }

    @Test
    void clippingZeroesRowsAboveTheIncoherenceLimitAndReorthonormalizes() {
        double[] a = new Rng(2).normal(DType.FLOAT64, 0, 1, 20, 2).toDoubleArray();
        a[0] = 50;                                         // one very coherent row
        Tensor u = Linalg.qr(Tensor.wrap(a, 20, 2)).q();
        Tensor c = AltMin.clip(u, 0.9);
        assertEquals(0, c.select(0, 0).abs().sum().item(), 1e-15);
        assertEquals(0, c.mT().matmul(c).sub(Tensor.eye(DType.FLOAT64, 2)).abs().max().item(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 30})
    void sketchedResidualIsWithinOnePlusEpsilonOfTheOptimum(int iterations) {
        Rng rng = new Rng(5);
        int rows = 300, k = 10;
        double eps = iterations == 1 ? 0.1 : iterations == 3 ? 1e-2 : 1e-12;
        LeastSquaresSolver exact = LeastSquaresSolver.exact(), sketched = LeastSquaresSolver.sketched(4, iterations, 3);
        for (int trial = 0; trial < 20; trial++) {
            Tensor at = rng.normal(DType.FLOAT64, 0, 1, rows, k).mul(rng.uniform(DType.FLOAT64, 0.2, 2, k));
            Tensor bt = at.matmul(rng.normal(DType.FLOAT64, 0, 1, k)).add(rng.normal(DType.FLOAT64, 0, 0.3, rows));
            double[] a = at.toDoubleArray(), b = bt.toDoubleArray(), xs = new double[k], xe = new double[k];
            exact.solve(a, rows, k, b, xe, trial);
            sketched.solve(a, rows, k, b, xs, trial);
            double[] oracle = Linalg.lstsq(at, bt).toDoubleArray();
            for (int c = 0; c < k; c++) assertEquals(oracle[c], xe[c], 1e-12, "exact solve vs Householder lstsq");
            double best = residual(at, xe, bt), got = residual(at, xs, bt);
            assertTrue(got <= (1 + eps) * best, "trial " + trial + ": residual " + got + " vs optimum " + best + " (ε = " + eps + ")");
            if (iterations == 30) for (int c = 0; c < k; c++) assertEquals(xe[c], xs[c], 1e-10);
        }
    }

    @Test
    void exactSolveMatchesLstsqOnShortAndTallDesigns() {     // rows < 2k: scalar Gram loop; rows ≥ 2k: tensor matmul
        Rng rng = new Rng(8);
        for (int rows : new int[] {12, 19, 20, 64}) {
            Tensor at = rng.normal(DType.FLOAT64, 0, 1, rows, 10), bt = rng.normal(DType.FLOAT64, 0, 1, rows);
            double[] x = new double[10];
            LeastSquaresSolver.exact().solve(at.toDoubleArray(), rows, 10, bt.toDoubleArray(), x, 0);
            assertArrayEquals(Linalg.lstsq(at, bt).toDoubleArray(), x, 1e-10, "rows=" + rows);
        }
    }

    private static double residual(Tensor a, double[] x, Tensor b) {
        return Math.sqrt(a.matmul(Tensor.of(x)).sub(b).square().sum().item());
    }

    @Test
    void perColumnRegressionsAreOrderIndependentBitwise() {
        CompletionProblem p = CompletionProblem.planted(80, 60, FLAT3, 0.4, 4);
        double[] u = Linalg.qr(new Rng(1).normal(DType.FLOAT64, 0, 1, 80, 3)).q().toDoubleArray();
        int[] reversed = new int[60];
        for (int j = 0; j < 60; j++) reversed[j] = 59 - j;
        LeastSquaresSolver s = LeastSquaresSolver.sketched(2, 2, 1);
        double[] natural = AltMin.halfStep(p.byColumn(), u, 3, s, 7, null).toDoubleArray();
        double[] backwards = AltMin.halfStep(p.byColumn(), u, 3, s.copy(), 7, reversed).toDoubleArray();
        assertArrayEquals(natural, backwards);
    }

    @Test
    void sameSeedSameResultBitwise() {
        CompletionProblem p = CompletionProblem.planted(60, 50, FLAT3, 0.3, 6);
        AltMin.Options o = AltMin.Options.of(3, 4).withSolver(LeastSquaresSolver.sketched(2, 1, 5)).withSeed(3);
        assertArrayEquals(AltMin.run(p, o).estimate().toDoubleArray(), AltMin.run(p, o).estimate().toDoubleArray());
    }
}

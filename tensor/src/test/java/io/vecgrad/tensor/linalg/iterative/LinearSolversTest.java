package io.vecgrad.tensor.linalg.iterative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LinearSolversTest {
    private static final SolveOptions TIGHT = SolveOptions.defaults().rtol(1e-12);

    /**
     * In float64 CG on a well-conditioned SPD system meets rtol 1e-10 within n iterations and
     * matches a dense solve. (Exact arithmetic terminates at n; in floating point the last
     * residuals of mid-size systems, κ ≈ 5, n ≈ 12, land near 1e-11·‖b‖, so rtol 1e-12 within n
     * depended on rounding: a draw needed 13 iterations once the dot products changed lane order.)
     */
    @Property(tries = 20)
    void cgConvergesWithinNIterations(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.spd(r, n);
        double[] b = Mats.gaussianVector(r, n);
        SolveResult res = ConjugateGradient.solve(LinearOperator.of(Mats.tensor(a)), Tensor.of(b),
                SolveOptions.defaults().rtol(1e-10).maxIter(n));
        assertTrue(res.converged(), res::toString);
        assertTrue(res.iterations() <= n);
        assertEquals(res.iterations() + 1, res.residualNorms().length);
        assertEquals(res.iterations(), res.operatorApplies());
        double[] x = Mats.solve(a, b);
        assertTrue(Mats.maxAbsDiff(x, res.solution().toDoubleArray()) <= 1e-10 * (1 + Mats.norm(x)));
    }

    /** ‖x_k − x*‖_A never increases (checked by re-running with maxIter = k; CG is deterministic). */
    @Property(tries = 10)
    void cgErrorInANormIsMonotone(@ForAll @IntRange(min = 2, max = 25) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = Math.pow(10, 3.0 * i / (n - 1));   // condition number 1e3
        double[][] a = Mats.withSpectrum(r, lambda);
        double[] b = Mats.gaussianVector(r, n);
        double[] xStar = Mats.solve(a, b);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        double previous = aNorm(a, xStar, new double[n]);
        for (int k = 1; k <= n; k++) {
            SolveResult res = ConjugateGradient.solve(op, Tensor.of(b), SolveOptions.defaults().rtol(0).maxIter(k));
            double e = aNorm(a, xStar, res.solution().toDoubleArray());
            assertTrue(e <= previous * (1 + 1e-9) + 1e-12, "A-norm error rose at k=" + k + ": " + previous + " -> " + e);
            previous = e;
            if (res.iterations() < k) break;
        }
    }

    private static double aNorm(double[][] a, double[] xStar, double[] x) {
        double[] e = new double[x.length];
        for (int i = 0; i < e.length; i++) e[i] = x[i] - xStar[i];
        double[] ae = Mats.matvec(a, e);
        double s = 0;
        for (int i = 0; i < e.length; i++) s += e[i] * ae[i];
        return Math.sqrt(Math.max(0, s));
    }

    /** A Jacobi preconditioner undoes bad row/column scaling: fewer iterations than plain CG. */
    @Test
    void jacobiPreconditionerHelpsOnBadlyScaledSystem() {
        Random r = new Random(3);
        int n = 60;
        double[][] b0 = Mats.spd(r, n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.pow(10, 4.0 * i / (n - 1));
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = Math.sqrt(d[i] * d[j]) * b0[i][j];
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        Tensor rhs = Tensor.of(Mats.gaussianVector(r, n));
        SolveResult plain = ConjugateGradient.solve(op, rhs, SolveOptions.defaults().rtol(1e-10).maxIter(2000));
        SolveResult pre = ConjugateGradient.solve(op, rhs, SolveOptions.defaults().rtol(1e-10).maxIter(2000).preconditioner(LinearOperator.jacobi(op)));
        assertTrue(pre.converged() && plain.converged(), pre + " / " + plain);
        assertTrue(pre.iterations() < plain.iterations(), pre + " vs " + plain);
        assertEquals(pre.iterations(), pre.preconditionerApplies());
        assertTrue(Mats.maxAbsDiff(Mats.solve(a, rhs.toDoubleArray()), pre.solution().toDoubleArray()) < 1e-6);
    }

    @Test
    void cgReportsIndefiniteOperator() {
        LinearOperator op = LinearOperator.diagonal(Tensor.of(new double[] {1, -1, 2}));
        SolveResult res = ConjugateGradient.solve(op, Tensor.of(new double[] {1, 1, 1}), TIGHT);
        assertEquals(SolveResult.Reason.NOT_POSITIVE_DEFINITE, res.reason());
        assertEquals(-1, res.info());
    }

    /** MINRES on symmetric indefinite systems: residual norms never increase, the result matches a dense solve and the true residual. */
    @Property(tries = 20)
    void minresResidualsMonotoneOnIndefinite(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = (r.nextBoolean() ? 1 : -1) * (0.5 + 2 * r.nextDouble());
        double[][] a = Mats.withSpectrum(r, lambda);
        double[] b = Mats.gaussianVector(r, n);
        SolveResult res = Minres.solve(LinearOperator.of(Mats.tensor(a)), Tensor.of(b), TIGHT.maxIter(5 * n));
        assertTrue(res.converged(), res::toString);
        double[] h = res.residualNorms();
        for (int i = 1; i < h.length; i++) assertTrue(h[i] <= h[i - 1] * (1 + 1e-12), "MINRES residual rose at " + i);
        double[] x = res.solution().toDoubleArray();
        assertTrue(Mats.maxAbsDiff(Mats.solve(a, b), x) <= 1e-9 * (1 + Mats.norm(x)));
        double[] ax = Mats.matvec(a, x);
        for (int i = 0; i < n; i++) ax[i] -= b[i];
        assertTrue(Mats.norm(ax) <= 1e-10 * Mats.norm(b) + 1e-12);
    }

    @Test
    void minresWithPreconditionerSolves() {
        Random r = new Random(5);
        int n = 30;
        double[][] a = Mats.spd(r, n);
        double[] b = Mats.gaussianVector(r, n);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        SolveResult res = Minres.solve(op, Tensor.of(b), TIGHT.preconditioner(LinearOperator.jacobi(op)));
        assertTrue(res.converged(), res::toString);
        assertTrue(Mats.maxAbsDiff(Mats.solve(a, b), res.solution().toDoubleArray()) < 1e-9);
    }

    /** GMRES(m) for several restart lengths and BiCGSTAB agree with Gaussian elimination on non-symmetric systems. */
    @Property(tries = 20)
    void nonSymmetricSolversMatchDenseSolve(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 30) int restart,
                                            @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.gaussian(r, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) a[i][j] /= Math.sqrt(n);
            a[i][i] += 3;
        }
        double[] b = Mats.gaussianVector(r, n);
        double[] x = Mats.solve(a, b);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        SolveResult g = Gmres.solve(op, Tensor.of(b), TIGHT.restart(restart).maxIter(50 * n));
        assertTrue(g.converged(), g::toString);
        assertTrue(Mats.maxAbsDiff(x, g.solution().toDoubleArray()) <= 1e-10 * (1 + Mats.norm(x)), g::toString);
        SolveResult s = BiCgStab.solve(op, Tensor.of(b), TIGHT.maxIter(50 * n));
        assertTrue(s.converged(), s::toString);
        assertTrue(Mats.maxAbsDiff(x, s.solution().toDoubleArray()) <= 1e-10 * (1 + Mats.norm(x)), s::toString);
    }

    /** Full GMRES (no restart) minimises the residual over a growing space: its history never increases. */
    @Property(tries = 10)
    void fullGmresResidualMonotone(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.gaussian(r, n, n);
        for (int i = 0; i < n; i++) a[i][i] += 2 * Math.sqrt(n);
        SolveResult g = Gmres.solve(LinearOperator.of(Mats.tensor(a)), Tensor.of(Mats.gaussianVector(r, n)), TIGHT.restart(n));
        double[] h = g.residualNorms();
        for (int i = 1; i < h.length; i++) assertTrue(h[i] <= h[i - 1] * (1 + 1e-9) + 1e-14, "GMRES residual rose at " + i);
    }

    @Test
    void preconditionedNonSymmetricSolvers() {
        Random r = new Random(9);
        int n = 40;
        double[][] a = Mats.gaussian(r, n, n);
        for (int i = 0; i < n; i++) a[i][i] = 10 + 100 * i;
        double[] b = Mats.gaussianVector(r, n);
        LinearOperator op = LinearOperator.of(Mats.tensor(a));
        SolveOptions o = TIGHT.preconditioner(LinearOperator.jacobi(op)).maxIter(400);
        for (SolveResult res : new SolveResult[] {Gmres.solve(op, Tensor.of(b), o), BiCgStab.solve(op, Tensor.of(b), o)}) {
            assertTrue(res.converged(), res::toString);
            assertTrue(Mats.maxAbsDiff(Mats.solve(a, b), res.solution().toDoubleArray()) < 1e-10);
        }
    }

    @Test
    void zeroRightHandSideAndExactStart() {
        LinearOperator op = LinearOperator.diagonal(Tensor.of(new double[] {2, 3}));
        SolveResult res = ConjugateGradient.solve(op, Tensor.of(new double[] {0, 0}));
        assertEquals(0, res.iterations());
        assertArrayEquals(new double[] {0, 0}, res.solution().toDoubleArray());
        SolveResult warm = Gmres.solve(op, Tensor.of(new double[] {2, 3}), SolveOptions.defaults().x0(Tensor.of(new double[] {1, 1})));
        assertEquals(0, warm.iterations());
        assertTrue(warm.converged());
    }

    @Test
    void float32OperatorSolvesToFloatAccuracy() {
        Random r = new Random(2);
        int n = 20;
        double[][] a = Mats.spd(r, n);
        double[] b = Mats.gaussianVector(r, n);
        LinearOperator op = LinearOperator.of(Mats.tensor(a).to(DType.FLOAT32));
        SolveResult res = ConjugateGradient.solve(op, Tensor.of(b).to(DType.FLOAT32), SolveOptions.defaults().rtol(1e-6));
        assertEquals(DType.FLOAT32, res.solution().dtype());
        assertTrue(res.converged(), res::toString);
        assertTrue(Mats.maxAbsDiff(Mats.solve(a, b), res.solution().toDoubleArray()) < 1e-4);
    }

    /** Operators from CSR and from the dense matrix agree on products, transposed products and diagonals; composition matches dense algebra. */
    @Property(tries = 20)
    void csrAndDenseOperatorsAgree(@ForAll @IntRange(min = 1, max = 12) int rows, @ForAll @IntRange(min = 1, max = 12) int cols,
                                   @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = Mats.gaussian(r, rows, cols);
        for (double[] row : a) for (int j = 0; j < cols; j++) if (r.nextInt(3) == 0) row[j] = 0;
        Tensor dense = Mats.tensor(a);
        LinearOperator d = LinearOperator.of(dense);
        LinearOperator s = LinearOperator.of(CsrMatrix.fromDense(dense));
        Tensor x = Tensor.of(Mats.gaussianVector(r, cols));
        Tensor y = Tensor.of(Mats.gaussianVector(r, rows));
        assertArrayEquals(Mats.matvec(a, x.toDoubleArray()), s.apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(d.apply(x).toDoubleArray(), s.apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(d.applyTransposed(y).toDoubleArray(), s.applyTransposed(y).toDoubleArray(), 1e-12);
        assertArrayEquals(d.diagonal().get().toDoubleArray(), s.diagonal().get().toDoubleArray(), 0);
        assertArrayEquals(d.transposed().apply(y).toDoubleArray(), s.transposed().apply(y).toDoubleArray(), 1e-12);
        // (2A)·x, (A + A)·x, and for a square part (A + 0.5 I)
        assertArrayEquals(d.apply(x).mul(2).toDoubleArray(), s.scaled(2).apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(d.apply(x).mul(2).toDoubleArray(), s.plus(d).apply(x).toDoubleArray(), 1e-12);
        LinearOperator ata = d.transposed().compose(s);
        double[] expect = d.applyTransposed(d.apply(x)).toDoubleArray();
        assertArrayEquals(expect, ata.apply(x).toDoubleArray(), 1e-10);
        assertArrayEquals(expect, ata.transposed().apply(x).toDoubleArray(), 1e-10);
        if (rows == cols) {
            double[] sh = d.apply(x).add(x.mul(0.5)).toDoubleArray();
            assertArrayEquals(sh, s.shifted(0.5).apply(x).toDoubleArray(), 1e-12);
            double[] diag = s.shifted(0.5).diagonal().get().toDoubleArray();
            for (int i = 0; i < rows; i++) assertEquals(a[i][i] + 0.5, diag[i], 1e-15);
        }
    }

    @Test
    void badInputGivesClearExceptions() {
        LinearOperator op = LinearOperator.of(Mats.tensor(new double[][] {{2, 0}, {0, 3}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConjugateGradient.solve(op, Tensor.of(new double[] {1, 2, 3})));
        assertTrue(e.getMessage().contains("cg") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Minres.solve(op, Tensor.of(new double[] {1, Double.NaN})));
        assertTrue(e.getMessage().contains("minres") && e.getMessage().contains("NaN") && e.getMessage().contains("index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().maxIter(0));
        assertTrue(e.getMessage().contains("maxIter") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().rtol(-1));
        assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().atol(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().restart(0));
        LinearOperator rect = LinearOperator.of(Mats.tensor(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        e = assertThrows(IllegalArgumentException.class, () -> Gmres.solve(rect, Tensor.of(new double[] {1, 2})));
        assertTrue(e.getMessage().contains("gmres") && e.getMessage().contains("2x3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BiCgStab.solve(op, Tensor.of(new double[] {1, 1}),
                SolveOptions.defaults().x0(Tensor.of(new double[] {Double.POSITIVE_INFINITY, 0}))));
        assertTrue(e.getMessage().contains("x0"), e.getMessage());
        LinearOperator nan = LinearOperator.symmetric(2, DType.FLOAT64, v -> Tensor.of(new double[] {Double.NaN, 0}));
        ArithmeticException ae = assertThrows(ArithmeticException.class, () -> ConjugateGradient.solve(nan, Tensor.of(new double[] {1, 1})));
        assertTrue(ae.getMessage().contains("cg: operator returned NaN"), ae.getMessage());
        assertThrows(IllegalArgumentException.class, () -> op.apply(Tensor.of(new double[] {1, 2, 3})));
        assertThrows(UnsupportedOperationException.class, () -> LinearOperator.of(2, 2, DType.FLOAT64, v -> v).applyTransposed(Tensor.of(new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> LinearOperator.jacobi(LinearOperator.of(2, 2, DType.FLOAT64, v -> v)));
        assertThrows(IllegalArgumentException.class, () -> rect.shifted(1));
        assertThrows(IllegalArgumentException.class, () -> LinearOperator.of(Tensor.of(new double[] {1, 2})));
    }

    @Test
    void hitsIterationCapWithSciPyInfo() {
        Random r = new Random(4);
        int n = 50;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = 1 + i * i;
        LinearOperator op = LinearOperator.of(Mats.tensor(Mats.withSpectrum(r, lambda)));
        SolveResult res = ConjugateGradient.solve(op, Tensor.of(Mats.gaussianVector(r, n)), TIGHT.maxIter(3));
        assertEquals(SolveResult.Reason.MAX_ITERATIONS, res.reason());
        assertEquals(3, res.info());
        assertEquals(4, res.residualNorms().length);
    }
}

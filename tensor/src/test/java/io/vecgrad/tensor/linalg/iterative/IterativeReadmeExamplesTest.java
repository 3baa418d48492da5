package io.vecgrad.tensor.linalg.iterative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tensor/README.md section on matrix-free linear algebra and the package's Javadoc examples, run. */
class IterativeReadmeExamplesTest {

    @Test
    void readmeSection() {
        Random rnd = new Random(0);
        int n = 40;
        Tensor spd = Mats.tensor(Mats.spd(rnd, n));
        Tensor b = Tensor.of(Mats.gaussianVector(rnd, n));
        LinearOperator a = LinearOperator.of(spd);
        SolveResult r = ConjugateGradient.solve(a, b, SolveOptions.defaults().rtol(1e-10)
                .preconditioner(LinearOperator.jacobi(a)));
        if (!r.converged()) throw new IllegalStateException(r.toString());
        LanczosResult l = Lanczos.run(a, 30, new Rng(0), Lanczos.Reorthogonalization.FULL);
        double top = l.ritzValues()[l.steps() - 1];
        SpectralDensity d = SpectralDensity.estimate(a, 30, 10, new Rng(1));
        double[] rho = d.density(SpectralDensity.grid(d.minNode() - 1, d.maxNode() + 1, 500), 0.05);
        double tr = TraceEstimation.hutchPlusPlus(a, 99, new Rng(2)).value();
        double[][] dense = Mats.spd(new Random(0), n);
        assertEquals(io.vecgrad.tensor.linalg.SymmetricEigen.values(dense)[n - 1], top, 1e-8);
        assertEquals(Mats.trace(dense), tr, 0.05 * Mats.trace(dense));   // flat spectrum: a few per cent
        assertEquals(500, rho.length);
    }

    @Test
    void javadocExamples() {
        LinearOperator a = LinearOperator.of(Tensor.of(new double[] {4, 1, 1, 3}, 2, 2));
        SolveResult r = ConjugateGradient.solve(a, Tensor.of(new double[] {1, 2}), SolveOptions.defaults().rtol(1e-12));
        assertArrayEquals(new double[] {1.0 / 11, 7.0 / 11}, r.solution().toDoubleArray(), 1e-12);
        CsrMatrix csr = CsrMatrix.fromCoo(2, 3, new int[] {0, 1, 1}, new int[] {2, 0, 2}, new double[] {5, 1, -1}, DType.FLOAT64);
        assertArrayEquals(new double[] {15, -2}, LinearOperator.of(csr).apply(Tensor.of(new double[] {1, 2, 3})).toDoubleArray(), 0);
        SymmetricTridiagonal.Eigen e = SymmetricTridiagonal.eigen(new double[] {2, 2}, new double[] {1});
        assertArrayEquals(new double[] {1, 3}, e.values(), 1e-14);
        LinearOperator h = LinearOperator.symmetric(2, DType.FLOAT64, v -> v.mul(3)).shifted(1e-3);
        assertArrayEquals(new double[] {3.001, 6.002}, h.apply(Tensor.of(new double[] {1, 2})).toDoubleArray(), 1e-12);
        PowerIteration.Result top = PowerIteration.run(a, 100, 1e-12, new Rng(0));
        assertEquals((7 + Math.sqrt(5)) / 2, top.eigenvalue(), 1e-9);
        assertTrue(top.converged());
    }
}

package io.vecgrad.optim.problems.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SensingOperatorTest {
    private static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void adjointIdentityHolds(boolean symmetric) {
        for (int trial = 0; trial < 5; trial++) {
            Rng rng = new Rng(trial).split("adjoint");
            int n1 = 3 + trial, n2 = symmetric ? n1 : 2 + 2 * trial, m = 7 + 3 * trial;
            SensingOperator a = SensingOperator.gaussian(m, n1, n2, symmetric, 40 + trial);
            Tensor x = rng.normal(DType.FLOAT64, 0, 1, n1, n2);
            Tensor y = rng.normal(DType.FLOAT64, 0, 1, m);
            double lhs = dot(a.apply(x), y), rhs = dot(x, a.adjoint(y));
            assertEquals(lhs, rhs, 1e-12 * (Math.abs(lhs) + 1), "⟨A(X), y⟩ = ⟨X, A*(y)⟩");
        }
    }

    @Test
    void symmetricMatricesAreSymmetricAndDetected() {
        SensingOperator a = SensingOperator.gaussian(5, 4, 4, true, 1);
        assertTrue(a.symmetric());
        Tensor e = a.adjoint(Tensor.of(new double[] {1, -2, 0.5, 3, 1}));
        assertEquals(0, e.sub(e.mT()).abs().max().item(), 0);
        assertTrue(!SensingOperator.gaussian(5, 4, 4, false, 1).symmetric());
    }

    @Test
    void gaussianOperatorIsNearIsometryOnLowRankMatrices() {   // RIP sanity: m ≫ n r
        int n = 10, m = 2000;
        SensingOperator a = SensingOperator.gaussian(m, n, n, false, 5);
        Rng rng = new Rng(9);
        for (int t = 0; t < 5; t++) {
            Tensor u = rng.normal(DType.FLOAT64, 0, 1, n, 2), v = rng.normal(DType.FLOAT64, 0, 1, n, 2);
            Tensor mat = u.matmul(v.mT());
            double ratio = a.apply(mat).square().sum().item() / mat.square().sum().item();
            assertTrue(Math.abs(ratio - 1) < 0.15, "‖A(M)‖²/‖M‖² = " + ratio);
        }
    }

    @Test
    void sameSeedSameOperator() {
        Tensor x = new Rng(3).normal(DType.FLOAT64, 0, 1, 4, 5);
        assertArrayEquals(SensingOperator.gaussian(9, 4, 5, false, 2).apply(x).toDoubleArray(),
                SensingOperator.gaussian(9, 4, 5, false, 2).apply(x).toDoubleArray());
    }

    @Test
    void badShapesAreNamed() {
        SensingOperator a = SensingOperator.gaussian(9, 4, 5, false, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.apply(Tensor.zeros(DType.FLOAT64, 5, 4)));
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SensingOperator.gaussian(9, 4, 5, true, 2));
    }

    @Test
    void symmetricGradientMatchesAutodiff() {
        SymmetricSensing p = SymmetricSensing.planted(6, new double[] {1, 0.5}, 40, 4);
        Tensor x = new Rng(1).normal(DType.FLOAT64, 0, 0.5, 6, 3);
        Tensor auto = Autodiff.grad(v -> lossOf(p, v), x);
        assertEquals(0, auto.sub(p.gradient(x)).abs().max().item(), 1e-10);
        assertEquals(p.loss(x), lossOf(p, Variable.constant(x)).item(), 1e-12);
    }

    /** The same loss written with autodiff ops: ½‖A·vec(XXᵀ) − y‖² with A's rows recovered through the adjoint. */
    private static Variable lossOf(SymmetricSensing p, Variable x) {
        int m = p.operator().measurements(), n = p.operator().rows();
        Tensor rows = Tensor.stack(0, rowsOf(p.operator(), m));
        Variable r = Variable.constant(rows).matmul(x.matmul(x.transpose(0, 1)).reshape(n * n)).sub(Variable.constant(p.measurements()));
        return r.square().sum().mul(0.5);
    }

    private static Tensor[] rowsOf(SensingOperator a, int m) {
        Tensor[] rows = new Tensor[m];
        Tensor eye = Tensor.eye(DType.FLOAT64, m);
        for (int i = 0; i < m; i++) rows[i] = a.adjoint(eye.select(0, i).contiguous()).reshape(-1);
        return rows;
    }

    @Test
    void asymmetricGradientMatchesAutodiff() {
        AsymmetricSensing p = AsymmetricSensing.planted(5, 4, new double[] {1}, 30, 8);
        Rng rng = new Rng(2);
        Tensor f = rng.normal(DType.FLOAT64, 0, 0.5, 5, 2), g = rng.normal(DType.FLOAT64, 0, 0.5, 4, 2);
        Tensor rows = Tensor.stack(0, rowsOf(p.operator(), 30));
        Variable fv = Variable.parameter(f), gv = Variable.parameter(g);
        Variable loss = Variable.constant(rows).matmul(fv.matmul(gv.transpose(0, 1)).reshape(20)).sub(Variable.constant(p.measurements())).square().sum().mul(0.5);
        Variable[] grads = Autodiff.gradients(loss, fv, gv);
        Factors mine = p.gradient(new Factors(f, g));
        assertEquals(0, grads[0].value().sub(mine.left()).abs().max().item(), 1e-10);
        assertEquals(0, grads[1].value().sub(mine.right()).abs().max().item(), 1e-10);
        assertEquals(loss.item(), p.loss(new Factors(f, g)), 1e-12);
    }
}

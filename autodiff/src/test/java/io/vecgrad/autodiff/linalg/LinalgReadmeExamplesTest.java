package io.vecgrad.autodiff.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.Lanczos;
import io.vecgrad.tensor.linalg.iterative.LanczosResult;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.linalg.iterative.SolveResult;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The autodiff/README.md section on linear algebra on operators, run and checked. */
class LinalgReadmeExamplesTest {

    @Test
    void hessianOperators() {
        Rng rng = new Rng(3);
        Variable data = Variable.constant(rng.split("x").normal(DType.FLOAT64, 0, 1, 16, 4));
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", rng.split("w").normal(DType.FLOAT64, 0, 1, 4, 2));
        Function<Map<String, Variable>, Variable> loss = p -> data.matmul(p.get("w")).softplus().mean().add(p.get("w").square().sum().mul(0.05));
        Tensor grad = ParameterVector.of(params).flatten(Autodiff.grad(loss, params));

        LinearOperator h = CurvatureOperators.hessian(loss, params);
        LanczosResult top = Lanczos.run(h, 30, new Rng(0), Lanczos.Reorthogonalization.FULL);
        SolveResult newton = ConjugateGradient.solve(h.shifted(1e-3), grad, SolveOptions.defaults().rtol(1e-8));

        assertEquals(8, top.steps());   // capped at n = 8
        assertTrue(newton.converged(), newton::toString);
        Tensor hv = h.apply(newton.solution()).add(newton.solution().mul(1e-3));
        assertArrayEquals(grad.toDoubleArray(), hv.toDoubleArray(), 1e-7 * (1 + grad.normL2(null, false).item()));
    }

    @Test
    void implicitSolve() {
        Rng rng = new Rng(4);
        Variable theta = Variable.parameter(rng.split("t").normal(DType.FLOAT64, 0, 1, 5, 2));
        Variable b = Variable.parameter(rng.split("b").normal(DType.FLOAT64, 0, 1, 5));

        ImplicitSolve.Operator a = (p, v) -> p[0].matmul(p[0].mT().matmul(v)).add(v);   // θθᵀ + I
        Variable x = ImplicitSolve.cgSolve(a, b, SolveOptions.defaults().rtol(1e-12), theta);
        x.square().sum().backward();

        // closed form: d‖x‖²/db = 2A⁻¹x
        Tensor ax = a.apply(new Variable[] {Variable.constant(theta.value())}, Variable.constant(b.grad().div(2))).value();
        assertArrayEquals(x.value().toDoubleArray(), ax.toDoubleArray(), 1e-9);
        assertTrue(theta.grad() != null);
    }
}

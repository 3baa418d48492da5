package io.vecgrad.autodiff.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.SymmetricEigen;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class CurvatureOperatorsTest {

    /** Logistic-regression-like loss of named parameters: a smooth, non-quadratic Hessian. */
    private static Function<Map<String, Variable>, Variable> loss(Tensor x, Tensor y) {
        return p -> Variable.constant(x).matmul(p.get("w")).add(p.get("c")).softplus().sub(Variable.constant(x).matmul(p.get("w")).add(p.get("c")).mul(Variable.constant(y))).mean()
                        .add(p.get("w").square().sum().mul(0.05));
    }

    @Property(tries = 6)
    void hessianOperatorMatchesDenseHessian(@ForAll @IntRange(min = 2, max = 6) int d, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor x = r.split("x").normal(DType.FLOAT64, 0, 1, 20, d);
        Tensor y = r.split("y").bernoulli(DType.FLOAT64, 0.5, 20);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", r.split("w").normal(DType.FLOAT64, 0, 1, d));
        params.put("c", r.split("c").normal(DType.FLOAT64, 0, 1, 1));
        LinearOperator h = CurvatureOperators.hessian(loss(x, y), params);
        assertEquals(d + 1, h.rows());
        assertTrue(h.isSymmetric());
        // dense Hessian over the concatenated vector, from the single-input API
        Function<Variable, Variable> flat = z -> loss(x, y).apply(Map.of("w", z.slice(0, 0, d, 1), "c", z.slice(0, d, d + 1, 1)));
        Tensor z0 = ParameterVector.of(params).flatten(params);
        double[] dense = Autodiff.hessian(flat, z0).toDoubleArray();
        LinearOperator hz = CurvatureOperators.hessian(flat, z0);
        double[][] hm = new double[d + 1][d + 1];
        for (int j = 0; j <= d; j++) {
            Tensor e = Tensor.zeros(DType.FLOAT64, d + 1).setAt(1, j);
            double[] col = h.apply(e).toDoubleArray();
            double[] col2 = hz.apply(e).toDoubleArray();
            for (int i = 0; i <= d; i++) {
                assertEquals(dense[i * (d + 1) + j], col[i], 1e-12);
                assertEquals(dense[i * (d + 1) + j], col2[i], 1e-12);
                hm[i][j] = dense[i * (d + 1) + j];
            }
        }
        // Lanczos on the operator finds the dense extreme eigenvalues; CG solves a Newton system
        LanczosResult lr = Lanczos.run(h, d + 1, new Rng(1), Lanczos.Reorthogonalization.FULL);
        double[] ev = SymmetricEigen.values(hm);
        double[] ritz = lr.ritzValues();
        assertEquals(ev[d], ritz[ritz.length - 1], 1e-9);
        Tensor g = r.split("g").normal(DType.FLOAT64, 0, 1, d + 1);
        SolveResult s = ConjugateGradient.solve(h, g, SolveOptions.defaults().rtol(1e-12));
        assertTrue(s.converged(), s::toString);
        assertArrayEquals(g.toDoubleArray(), h.apply(s.solution()).toDoubleArray(), 1e-9);
    }

    @Property(tries = 5)
    void parameterVectorRoundTrips(@ForAll long seed) {
        Rng r = new Rng(seed);
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("a", r.split("a").normal(DType.FLOAT32, 0, 1, 2, 3));
        p.put("b", r.split("b").normal(DType.FLOAT32, 0, 1, 4));
        ParameterVector layout = ParameterVector.of(p);
        assertEquals(10, layout.size());
        Map<String, Tensor> back = layout.unflatten(layout.flatten(p));
        for (String k : p.keySet()) {
            assertArrayEquals(p.get(k).shape(), back.get(k).shape());
            assertArrayEquals(p.get(k).toFloatArray(), back.get(k).toFloatArray());
        }
    }
}

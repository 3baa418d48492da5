package io.vecgrad.autodiff.linalg;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Hessians of autodiff functions as {@link LinearOperator}s, for CG, Lanczos, SLQ and trace
 * estimation. Built on {@link Autodiff#hvpOperator}: the gradient graph is recorded once
 * (one forward and one create-graph backward at construction), and each
 * {@link LinearOperator#apply} is one backward pass through it. The Hessian is never formed.
 * The operator is symmetric; vectors are flattened (row-major, parameters in map order, see
 * {@link ParameterVector}).
 *
 * <pre>{@code
 * LinearOperator h = CurvatureOperators.hessian(loss, params);          // params: Map<String, Tensor>
 * LanczosResult r = Lanczos.run(h, 30, new Rng(0), Lanczos.Reorthogonalization.FULL);
 * SpectralDensity d = SpectralDensity.estimate(h, 80, 5, new Rng(1));    // PyHessian's density
 * SolveResult newton = ConjugateGradient.solve(h.shifted(1e-3), grad, SolveOptions.defaults());
 * }</pre>
 *
 * <p>The recorded graph keeps the point's activations alive as long as the operator is
 * reachable; build a new operator for a new point.
 */
public final class CurvatureOperators {
    private CurvatureOperators() {}

    /** The Hessian of a scalar f at x (any shape), over vectors of length {@code x.numel()}. */
    public static LinearOperator hessian(Function<Variable, Variable> f, Tensor x) {
        UnaryOperator<Tensor> hvp = Autodiff.hvpOperator(f, x);
        int[] shape = x.shape();
        int n = x.numel();
        DType dt = x.dtype().isFloating() ? x.dtype() : x.dtype().toFloating();
        return LinearOperator.symmetric(n, dt, v -> hvp.apply(v.to(dt).reshape(shape)).reshape(n));
    }

    /** The Hessian of a scalar f of named parameters with respect to all of them, over their flattened vector. */
    public static LinearOperator hessian(Function<Map<String, Variable>, Variable> f, Map<String, Tensor> params) {
        ParameterVector layout = ParameterVector.of(params);
        UnaryOperator<Map<String, Tensor>> hvp = Autodiff.hvpOperator(f, params);
        return LinearOperator.symmetric(layout.size(), layout.dtype(), v -> layout.flatten(hvp.apply(layout.unflatten(v.to(layout.dtype())))));
    }
}

package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.CustomVjp;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * Implicit differentiation of a solver (JAXopt's {@code custom_root} / {@code custom_fixed_point}
 * in Java form). Any solver whose result satisfies {@code F(y*, x) = 0} becomes a differentiable
 * op {@code x ↦ y*(x)}: the forward runs the solver (nothing is taped), and the backward solves
 * the adjoint system {@code (∂_y F)ᵀ w = ȳ} with the caller's {@link AdjointSolver} and returns
 * {@code x̄ = −(∂_x F)ᵀ w} (implicit function theorem) instead of unrolling the iterations.
 *
 * <pre>{@code
 * // y*(x) = argmin_y g(x, y), F = ∇_y g; the adjoint matrix is the Hessian, so CG applies
 * ImplicitDiff id = ImplicitDiff.argmin(g, AdjointSolver.cg());
 * Variable y = id.solve((xv, y0) -> Bilevel.newton(g, xv, y0, 1e-12, 50), x, y0);
 * f(x, y).backward();                            // x.grad() = ∇_x f − H_xy H_yy⁻¹ ∇_y f
 * }</pre>
 *
 * Cost of one backward: one forward of F with its graph, the adjoint solver's products (VJPs of
 * F; HVPs when F = ∇_y g), and one VJP for x̄. Memory: one graph of F, independent of the number
 * of inner iterations. The backward is first-order: a create-graph backward through it throws
 * {@link UnsupportedOperationException} rather than return zero second derivatives (use
 * {@code ImplicitSolve.cgSolve} for those).
 *
 * <p>Failures are never used silently: a solver that reports non-convergence, a solution whose
 * residual {@code ‖F(y*, x)‖} exceeds {@link #residualTolerance(double)}, or an adjoint solve
 * that misses its tolerance throws {@link NotConvergedException}.
 */
public final class ImplicitDiff {
    /** The optimality residual {@code F(y, x)}, shaped like y. */
    @FunctionalInterface
    public interface Residual {
        Variable apply(Variable y, Variable x);
    }

    /** An inner solver: from x and a starting point, a candidate y* with its own convergence flag. */
    @FunctionalInterface
    public interface InnerSolver {
        InnerSolution solve(Tensor x, Tensor yInit);
    }

    /** A solver's result: the solution, whether it met its own criterion, iterations and final residual/gradient norm. */
    public record InnerSolution(Tensor y, boolean converged, int iterations, double residual) {}

    private final Residual f;
    private final AdjointSolver adjoint;
    private final double residualTol;

    private ImplicitDiff(Residual f, AdjointSolver adjoint, double residualTol) {
        this.f = f;
        this.adjoint = adjoint;
        this.residualTol = residualTol;
    }

    /** Root form: y* satisfies {@code F(y*, x) = 0}. */
    public static ImplicitDiff root(Residual f, AdjointSolver adjoint) {
        return new ImplicitDiff(f, adjoint, Double.POSITIVE_INFINITY);
    }

    /**
     * Fixed-point form: y* satisfies {@code y* = T(y*, x)}; {@code F = y − T}, so the adjoint
     * system is {@code (I − ∂_y T)ᵀ w = ȳ} and {@code x̄ = (∂_x T)ᵀ w}. With
     * {@code AdjointSolver.neumann(K, 1, tol)} this is the iteration {@code w ← (∂_y T)ᵀ w + ȳ}
     * (one VJP of T each), valid when T is a contraction in y.
     */
    public static ImplicitDiff fixedPoint(Residual t, AdjointSolver adjoint) {
        return root((y, x) -> y.sub(t.apply(y, x)), adjoint);
    }

    /** Argmin form: {@code F = ∇_y g(x, y)}; the adjoint matrix is the Hessian H_yy (symmetric). */
    public static ImplicitDiff argmin(Bilevel.Objective g, AdjointSolver adjoint) {
        return root((y, x) -> io.vecgrad.autodiff.Autodiff.gradients(g.apply(x, y), y)[0], adjoint);
    }

    /** Also require {@code ‖F(y*, x)‖₂ ≤ tol} of every solution (one extra evaluation of F in the forward). */
    public ImplicitDiff residualTolerance(double tol) {
        return new ImplicitDiff(f, adjoint, tol);
    }

    /** Runs the solver at {@code x.value()} and returns y* as a differentiable function of x. */
    public Variable solve(InnerSolver solver, Variable x, Tensor yInit) {
        return CustomVjp.apply("implicit_root", in -> {
            InnerSolution s = solver.solve(in[0], yInit);
            if (!s.converged()) {
                throw new NotConvergedException("implicit_root: the inner solver did not converge (" + s.iterations() + " iterations, residual " + s.residual() + ")");
            }
            checkResidual(s.y(), in[0]);
            return s.y();
        }, (g, ins, out) -> {
            if (NoGrad.isGradEnabled()) {
                // A create-graph backward would treat this first-order result as a constant and
                // return zero second derivatives: refuse instead of answering wrongly.
                throw new UnsupportedOperationException("implicit_root: second derivatives through ImplicitDiff are"
                        + " not available (its backward is first-order); use autodiff.linalg.ImplicitSolve.cgSolve");
            }
            return new Variable[] {Variable.constant(pullback(out.value(), ins[0].value(), g.value()))};
        }, x);
    }

    /** Wraps an already computed solution {@code yStar} of {@code F(·, x) = 0} as a differentiable function of x. */
    public Variable solution(Variable x, Tensor yStar) {
        return solve((xx, y0) -> new InnerSolution(yStar, true, 0, Double.NaN), x, yStar);
    }

    /** {@code x̄ = −(∂_x F)ᵀ (∂_y F)⁻ᵀ ȳ} at (y*, x); throws when the adjoint solve misses its tolerance. */
    public Tensor pullback(Tensor yStar, Tensor x, Tensor yBar) {
        Linearization lin = Linearization.of(f, yStar, x);
        AdjointSolver.Result r = adjoint.solve(lin::vjpY, yBar.to(yStar.dtype()));
        if (!r.converged()) {
            throw new NotConvergedException("implicit_root: adjoint solve (" + adjoint.name() + ") did not converge: " + r.detail());
        }
        return lin.vjpX(r.w()).neg();
    }

    private void checkResidual(Tensor y, Tensor x) {
        if (residualTol == Double.POSITIVE_INFINITY) return;
        double r = Linearization.of(f, y, x).value().normL2(null, false).item();
        if (!(r <= residualTol)) {
            throw new NotConvergedException("implicit_root: ‖F(y*, x)‖ = " + r + " exceeds the tolerance " + residualTol);
        }
    }
}

package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * Derivative primitives of bilevel problems {@code min_x f(x, y*(x))},
 * {@code y*(x) = argmin_y g(x, y)}: {@link #mixedVjp}, {@link #stopGradient}, partial gradients,
 * and a Newton–CG inner solver. x and y are tensors of any shape (float64 recommended).
 */
public final class Bilevel {
    private Bilevel() {}

    /** A scalar objective of the outer variable x and the inner variable y. */
    @FunctionalInterface
    public interface Objective {
        Variable apply(Variable x, Variable y);
    }

    /**
     * A stochastic objective: each call draws one mini-batch with the given stream and returns
     * the objective on it (an unbiased estimate of the full objective). Used by the stochastic
     * estimators and the paper methods (BO-REP, BSVRB), which need fresh samples per product.
     */
    @FunctionalInterface
    public interface Sampler {
        Objective sample(io.vecgrad.tensor.random.Rng rng);

        /** The deterministic objective as a sampler (every "batch" is the full objective). */
        static Sampler exact(Objective o) {
            return rng -> o;
        }
    }

    /** The same value, cut off from the graph (JAX {@code stop_gradient}). */
    public static Variable stopGradient(Variable v) {
        return Autodiff.stopGradient(v);
    }

    /**
     * {@code ∇ₓ⟨∇ᵧ g(x, y), v⟩ = H_xy g · v}: one gradient with create-graph and one backward
     * (the cost of one HVP). Returns an x-shaped tensor (zeros when ∇ᵧ g does not depend on x).
     */
    public static Tensor mixedVjp(Objective g, Tensor x, Tensor y, Tensor v) {
        return Linearization.gradientOf(g, x, y).vjpX(v);
    }

    /** {@code H_yy g · v}: one HVP. */
    public static Tensor hvpY(Objective g, Tensor x, Tensor y, Tensor v) {
        return Linearization.gradientOf(g, x, y).vjpY(v);
    }

    /** {@code [∇ₓ f(x, y), ∇ᵧ f(x, y)]}: one forward and one backward pass. */
    public static Tensor[] partials(Objective f, Tensor x, Tensor y) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable xv = Variable.parameter(x), yv = Variable.parameter(y);
            Variable out = f.apply(xv, yv);
            Variable[] g = Autodiff.gradients(out, Variable.constant(Tensor.ones(out.dtype(), out.shape())), false, xv, yv);
            return new Tensor[] {
                g[0] == null ? Tensor.zeros(x.dtype(), x.shape()) : g[0].value(),
                g[1] == null ? Tensor.zeros(y.dtype(), y.shape()) : g[1].value()};
        }
    }

    /** {@code ⟨a, b⟩} over all elements, in float64. */
    static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    /** {@code ‖a‖₂}. */
    static double norm(Tensor a) {
        return a.normL2(null, false).item();
    }

    /**
     * Newton–CG on {@code y ↦ g(x, y)} from y0 until {@code ‖∇ᵧ g‖ ≤ tol}: each iteration one
     * gradient and a CG solve on HVPs (rtol 1e-12). For strongly convex inner problems
     * (L2-regularized GLMs). Reports non-convergence in the result, never hides it.
     */
    public static ImplicitDiff.InnerSolution newton(Objective g, Tensor x, Tensor y0, double tol, int maxIter) {
        Tensor y = y0.copy();
        double gn = Double.NaN;
        for (int it = 0; it <= maxIter; it++) {
            Linearization lin = Linearization.gradientOf(g, x, y);
            Tensor grad = lin.value();
            gn = grad.normL2(null, false).item();
            if (gn <= tol) return new ImplicitDiff.InnerSolution(y, true, it, gn);
            if (it == maxIter || !Double.isFinite(gn)) break;
            AdjointSolver.Result step = AdjointSolver.cg(io.vecgrad.tensor.linalg.iterative.SolveOptions.defaults().rtol(1e-12)).solve(lin::vjpY, grad);
            y = y.sub(step.w());
        }
        return new ImplicitDiff.InnerSolution(y, false, maxIter, gn);
    }
}

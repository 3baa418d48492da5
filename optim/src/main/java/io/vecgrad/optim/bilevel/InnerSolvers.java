package io.vecgrad.optim.bilevel;

import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.linesearch.Lbfgs;
import io.vecgrad.tensor.Tensor;

/**
 * Inner solvers for {@code y*(x) = argmin_y g(x, y)} in the {@link ImplicitDiff.InnerSolver}
 * shape, so that any of them can sit under {@link ImplicitDiff} or {@link BilevelSolver} (warm
 * started from the previous solution). Each reports convergence on {@code ‖∇_y g‖₂ ≤ tol}; none
 * hides a failure.
 *
 * <pre>{@code
 * ImplicitDiff.InnerSolver inner = InnerSolvers.lbfgs(g, 1e-10, 500);
 * ImplicitDiff.InnerSolution s = inner.solve(x, y0);
 * }</pre>
 */
public final class InnerSolvers {
    private InnerSolvers() {}

    /** Newton–CG ({@link Bilevel#newton}). */
    public static ImplicitDiff.InnerSolver newton(Bilevel.Objective g, double tol, int maxIter) {
        return (x, y0) -> Bilevel.newton(g, x, y0, tol, maxIter);
    }

    /**
     * L-BFGS ({@link Lbfgs}, history 20, lr 1): one call of {@code maxIter} iterations with the
     * strong-Wolfe line search, then (while the gradient is above tol, at most 9 more calls)
     * unit-step L-BFGS on the same history, because the line search stalls once loss
     * differences fall below rounding (around ‖∇g‖ ≈ 1e-9 for an O(1) loss). The solution's
     * {@code iterations} is the number of gradient evaluations (L-BFGS's function evaluations plus
     * one convergence check per call), which {@link BilevelSolver} adds to its gradient count.
     */
    public static ImplicitDiff.InnerSolver lbfgs(Bilevel.Objective g, double tol, int maxIter) {
        return (x, y0) -> {
            Params p = Params.of("y", y0.copy());
            int[] evals = {0};
            LossAndGrad closure = params -> {
                evals[0]++;
                Tensor y = params.get("y");
                Tensor[] d = Bilevel.partials(g, x, y);
                double loss = g.apply(io.vecgrad.autodiff.Variable.constant(x), io.vecgrad.autodiff.Variable.constant(y)).item();
                return new LossAndGrad.Result(loss, Params.of("y", d[1]));
            };
            Lbfgs opt = new Lbfgs(p, 1.0, maxIter, maxIter * 5 / 4, tol / 10, 0.0, 20, true);
            double gn = Double.NaN;
            for (int round = 0; round < 10; round++) {
                if (round == 1) {
                    // The line search compares losses, which stop changing at rounding level
                    // (|Δg| ~ ‖∇g‖² ≪ ulp(g)) well before ‖∇g‖ reaches 1e-12: continue with
                    // unit-step L-BFGS on the same history, which reads gradients only.
                    Lbfgs polish = new Lbfgs(p, 1.0, maxIter, maxIter * 5 / 4, tol / 10, 0.0, 20, false);
                    polish.loadState(opt.state());
                    opt = polish;
                }
                opt.step(closure);
                gn = Bilevel.norm(Bilevel.partials(g, x, p.get("y"))[1]);
                if (gn <= tol) return new ImplicitDiff.InnerSolution(p.get("y"), true, evals[0] + round + 1, gn);
                if (!Double.isFinite(gn)) break;
            }
            return new ImplicitDiff.InnerSolution(p.get("y"), false, evals[0] + 10, gn);
        };
    }

    /**
     * Plain gradient descent {@code y ← y − γ ∇_y g} for exactly {@code steps} steps (the
     * periodic lower-level update of BO-REP and the usual "N inner steps" of bilevel training).
     * Converged when the final gradient norm is ≤ tol (pass +∞ to accept any).
     */
    public static ImplicitDiff.InnerSolver gradientSteps(Bilevel.Objective g, double lr, int steps, double tol) {
        return (x, y0) -> {
            Tensor y = y0;
            for (int k = 0; k < steps; k++) y = y.sub(Bilevel.partials(g, x, y)[1].mul(lr));
            double gn = tol == Double.POSITIVE_INFINITY ? Double.NaN : Bilevel.norm(Bilevel.partials(g, x, y)[1]);
            return new ImplicitDiff.InnerSolution(y, tol == Double.POSITIVE_INFINITY || gn <= tol, steps, gn);
        };
    }
}

package io.vecgrad.optim.newton;

/**
 * Why a solver of this package stopped. The first three are convergence (SciPy's
 * {@code success = True}); the rest are failures with {@link OptimizeResult#message()} naming the
 * iteration and the figures.
 */
public enum Status {
    /** The gradient test met: {@code ‖g‖∞ ≤ gtol} (projected gradient for bound-constrained problems). */
    GTOL,
    /** The relative reduction test met: {@code (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol}. */
    FTOL,
    /** The step test met: the step is below {@code xtol} (see each solver for the norm). */
    XTOL,
    /** {@code maxiter} iterations were spent first. */
    MAX_ITERATIONS,
    /** The function-evaluation budget ({@code maxfun}) was spent first. */
    MAX_EVALUATIONS,
    /** The line search found no acceptable step (precision loss, or the direction is not a descent direction). */
    LINE_SEARCH_FAILED,
    /** f or ∇f was NaN or infinite at the starting point or at an accepted point. */
    NON_FINITE,
    /** A linear system the method needs (Newton, Levenberg–Marquardt) is singular or indefinite beyond repair. */
    SINGULAR;

    /** True for {@link #GTOL}, {@link #FTOL} and {@link #XTOL}. */
    public boolean converged() {
        return this == GTOL || this == FTOL || this == XTOL;
    }
}

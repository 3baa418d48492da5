package io.vecgrad.optim.constrained;

import java.util.List;

/**
 * What an equality-constrained solve returns: the last iterate and multipliers, the iterations
 * done, the final KKT residual {@code ‖(∇_x L, c)‖}, the flops and sketch steps spent on KKT
 * systems, function-evaluation counts, why it stopped (with a message naming the iteration and
 * the figures) and one {@link Iterate} per iteration for plots. The solution is never silently
 * non-finite: a NaN/Inf is reported as {@link Reason#NON_FINITE}.
 *
 * <pre>{@code
 * ConstrainedResult r = AdaSketchNewton.solve(problem, AdaSketchOptions.defaults());
 * if (r.reason() != ConstrainedResult.Reason.CONVERGED) System.err.println(r.message());
 * }</pre>
 */
public record ConstrainedResult(double[] x, double[] lambda, int iterations, double kktResidual, long kktFlops, long sketchSteps,
                                long functionEvaluations, Reason reason, String message, List<Iterate> history) {
    public ConstrainedResult {
        history = List.copyOf(history);
    }

    /** Why the solver stopped. */
    public enum Reason {
        /** ‖(∇_x L, c)‖ ≤ tolerance. */
        CONVERGED,
        /** The iteration cap was reached. */
        MAX_ITERATIONS,
        /** λ_min(GGᵀ) below the LICQ threshold: dependent or inconsistent constraints. */
        SINGULAR_JACOBIAN,
        /** The KKT matrix is (numerically) singular for the exact solve. */
        SINGULAR_KKT,
        /** f, ∇f, c, G or ∇²L produced NaN or ±Inf. */
        NON_FINITE,
        /** The Armijo search found no acceptable step within its halvings. */
        LINE_SEARCH_FAILED
    }

    /**
     * One outer iteration: the iterate's objective, ‖c‖ and KKT residual before the step; the step
     * length α (NaN for the last record), penalties and δ used; the cumulative KKT flops and sketch steps.
     */
    public record Iterate(int k, double f, double constraintNorm, double kkt, double alpha, double eta1, double eta2, double delta,
                          long kktFlops, long sketchSteps) {}
}

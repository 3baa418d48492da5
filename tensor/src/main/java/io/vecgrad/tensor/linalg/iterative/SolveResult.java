package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * What a Krylov linear solver returns (SciPy's {@code (x, info)} made explicit): the
 * solution, the iterations taken, the residual-norm history (entry 0 is the starting
 * residual, entry k the residual after iteration k, as the solver measures it), why it
 * stopped, and how many operator and preconditioner applications it spent.
 *
 * <pre>{@code
 * SolveResult r = ConjugateGradient.solve(a, b, SolveOptions.defaults().rtol(1e-10));
 * if (!r.converged()) throw new IllegalStateException("CG: " + r);
 * Tensor x = r.solution();
 * }</pre>
 *
 * @param solution          the last iterate, in the operator's dtype
 * @param iterations        iterations performed
 * @param residualNorms     residual norms, length iterations + 1
 * @param reason            why the solver stopped
 * @param operatorApplies   products with A (and Aᵀ) spent
 * @param preconditionerApplies products with the preconditioner spent
 */
public record SolveResult(Tensor solution, int iterations, double[] residualNorms, Reason reason,
                          int operatorApplies, int preconditionerApplies) {

    /** Why a solver stopped. */
    public enum Reason {
        /** The residual met {@code max(rtol·‖b‖, atol)}. */
        CONVERGED,
        /** The iteration cap was reached first. */
        MAX_ITERATIONS,
        /** CG met a direction of non-positive curvature: A (or M) is not positive definite. */
        NOT_POSITIVE_DEFINITE,
        /** A division by (near) zero in the recurrences (BiCGSTAB's ρ or ω, a singular operator). */
        BREAKDOWN
    }

    /** True when the tolerance was met. */
    public boolean converged() {
        return reason == Reason.CONVERGED;
    }

    /** SciPy's info code: 0 converged, the iteration count when the cap was hit, −1 on breakdown. */
    public int info() {
        return switch (reason) {
            case CONVERGED -> 0;
            case MAX_ITERATIONS -> iterations;
            default -> -1;
        };
    }

    /** The last residual norm. */
    public double residualNorm() {
        return residualNorms[residualNorms.length - 1];
    }

    @Override
    public String toString() {
        return "SolveResult(" + reason + ", iterations=" + iterations + ", residual=" + residualNorm()
                + ", operatorApplies=" + operatorApplies + ", preconditionerApplies=" + preconditionerApplies + ")";
    }
}

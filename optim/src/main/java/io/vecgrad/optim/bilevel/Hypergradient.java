package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;

/**
 * One hypergradient estimate {@code ≈ ∇Φ(x)}, {@code Φ(x) = f(x, y*(x))}, with its cost.
 *
 * @param grad      the estimate, x-shaped
 * @param y         the inner point it was evaluated at (AID: the given y; ITD: the unrolled y_K)
 * @param gradients first-order gradient evaluations (forward + backward each)
 * @param hvps      second-order products (HVPs, mixed products H_xy·v, or VJPs of a fixed-point map)
 * @param converged whether the adjoint solve met its tolerance (always true for ITD and DARTS,
 *                  which have no solve)
 * @param residual  the adjoint residual ‖Aᵀw − b‖ (NaN when there is none)
 * @param method    the estimator's name and knobs
 */
public record Hypergradient(Tensor grad, Tensor y, int gradients, int hvps, boolean converged, double residual, String method) {
    /** This estimate, or {@link NotConvergedException} when its adjoint solve did not converge. */
    public Hypergradient orThrow() {
        if (!converged) throw new NotConvergedException(method + ": adjoint solve did not converge (residual " + residual + ")");
        return this;
    }
}

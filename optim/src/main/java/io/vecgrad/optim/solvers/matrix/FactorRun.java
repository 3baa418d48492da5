package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.optim.problems.matrix.Factors;

/**
 * The result of a factored gradient method: the last factors and, per iteration {@code t = 0..T}
 * (entry 0 is the start), the loss and the distance to the planted matrix (NaN when none is known).
 *
 * @param factors the final factors (for the symmetric parameterization both sides are X)
 * @param loss {@code loss[t]} at iterate t
 * @param distance {@code ‖product_t − M*‖_F}, or NaN
 * @param balance {@code ‖L‖_F² / ‖R‖_F²} at iterate t (1 for the symmetric parameterization)
 * @param fixedAt the iteration at which {@link OneStepFix} was applied, or −1
 */
public record FactorRun(Factors factors, double[] loss, double[] distance, double[] balance, int fixedAt) {
    /** Number of iterations run. */
    public int iterations() {
        return loss.length - 1;
    }

    /** The last distance. */
    public double finalDistance() {
        return distance[distance.length - 1];
    }
}

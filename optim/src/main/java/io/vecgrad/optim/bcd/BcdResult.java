package io.vecgrad.optim.bcd;

/**
 * What {@link BlockCoordinateDescent#solve} returns (SciPy-like: solution, counts, history, reason).
 *
 * @param x the solution
 * @param iterations block updates made
 * @param objective {@code f(x) + g(x)} before the first update and after each one (length iterations + 1)
 * @param residual the last proximal-gradient residual (NaN when tol was 0)
 * @param reason why the solve stopped
 * @param lastActiveSetChange for a problem with a non-smooth g: the last iteration (1-based) at which
 *     the set of coordinates at a kink of g (0 for L1, a bound for a box) changed; 0 if it never did
 */
public record BcdResult(double[] x, int iterations, double[] objective, double residual, Reason reason, int lastActiveSetChange) {
    /** Why a solve stopped. */
    public enum Reason {
        /** The residual reached tol. */
        CONVERGED,
        /** The selection rule returned an empty block (no block can make progress). */
        NO_BLOCK,
        /** The iteration budget ran out. */
        MAX_ITERATIONS
    }

    /** The final objective. */
    public double value() {
        return objective[objective.length - 1];
    }
}

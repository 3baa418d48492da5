package io.vecgrad.optim.bcd;

/**
 * What {@link LassoCoordinateDescent#solve} returns.
 *
 * @param x the solution
 * @param epochs epochs run (each {@code p} coordinate updates)
 * @param gapEpochs the epochs (1-based) after which the duality gap was evaluated
 * @param gaps the duality gap of the scaled objective {@code ½n⁻¹‖Ax − b‖² + α‖x‖₁} at those epochs
 * @param objective the objective at {@code x}
 * @param reason why the solve stopped
 */
public record LassoResult(double[] x, int epochs, int[] gapEpochs, double[] gaps, double objective, StopReason reason) {
    /** The last evaluated gap. */
    public double gap() {
        return gaps[gaps.length - 1];
    }
}

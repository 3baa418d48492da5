package io.vecgrad.train;

/**
 * Outcome of one training run, one row of the summary table.
 *
 * @param optimizer the run's label
 * @param steps steps completed
 * @param seconds training wall time
 * @param trainLoss mean training loss over the last epoch's logged steps
 * @param trainAccuracy mean training accuracy over the same steps, NaN for regression
 * @param testLoss held-out loss at the end, NaN without a test split
 * @param testAccuracy held-out accuracy at the end, NaN when not applicable
 * @param status "done", "diverged" (non-finite loss) or "interrupted"
 */
public record RunSummary(String optimizer, long steps, double seconds, double trainLoss,
        double trainAccuracy, double testLoss, double testAccuracy, String status) {
    /** Steps per second of training wall time. */
    public double stepsPerSecond() {
        return seconds > 0 ? steps / seconds : Double.NaN;
    }
}

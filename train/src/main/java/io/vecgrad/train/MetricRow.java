package io.vecgrad.train;

/**
 * One line of metrics.csv: means over the steps since the previous row.
 *
 * @param step global step count after the update (1-based)
 * @param epoch 0-based epoch the step belongs to
 * @param optimizer the run's label (the optimizer spec as typed)
 * @param loss mean training loss over the logged steps
 * @param accuracy mean training accuracy, NaN for regression
 * @param learningRate learning rate of the last logged step
 * @param seconds training wall time of this run so far (excludes checkpoints and evaluation)
 * @param validationLoss validation loss, on the last row of each epoch only (NaN elsewhere)
 * @param validationAccuracy validation accuracy, likewise
 */
public record MetricRow(long step, int epoch, String optimizer, double loss, double accuracy,
        double learningRate, double seconds, double validationLoss, double validationAccuracy) {
    /** A row without validation figures. */
    public MetricRow(long step, int epoch, String optimizer, double loss, double accuracy, double learningRate,
            double seconds) {
        this(step, epoch, optimizer, loss, accuracy, learningRate, seconds, Double.NaN, Double.NaN);
    }
}

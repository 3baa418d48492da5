package io.vecgrad.train;

/**
 * What an {@link EpochListener} learns at the end of each epoch.
 *
 * @param label the run's label
 * @param epoch the 0-based epoch just finished
 * @param step optimizer steps so far
 * @param trainLoss example-weighted mean training loss of the epoch
 * @param trainAccuracy the same for accuracy, NaN for regression
 * @param validation loss and accuracy on the validation set, NaN when the trainer has none
 */
public record EpochEnd(String label, int epoch, long step, double trainLoss, double trainAccuracy, Evaluation validation) {
    /** The metric plateau hooks watch: the validation loss, or the training loss without validation data. */
    public double watchedLoss() {
        return Double.isNaN(validation.loss()) ? trainLoss : validation.loss();
    }
}

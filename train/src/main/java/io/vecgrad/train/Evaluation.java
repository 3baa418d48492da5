package io.vecgrad.train;

/**
 * Loss and accuracy of a model on some examples.
 *
 * @param loss mean loss, NaN when nothing was evaluated
 * @param accuracy fraction correct in [0, 1], or NaN when the task has no accuracy (regression)
 */
public record Evaluation(double loss, double accuracy) {
    /** Nothing evaluated. */
    public static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN);
}

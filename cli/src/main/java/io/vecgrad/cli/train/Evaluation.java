package io.vecgrad.cli.train;

/**
 * Loss and accuracy of a model on some examples.
 *
 * @param loss mean loss
 * @param accuracy fraction correct in [0, 1], or NaN when the task has no accuracy (regression)
 */
public record Evaluation(double loss, double accuracy) {}

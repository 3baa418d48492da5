package io.vecgrad.cli.train;

/**
 * Learning rate as a function of the global step (0-based).
 *
 * <pre>{@code
 * LearningRateSchedule constant = step -> 1e-3;
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
    double at(long step);
}

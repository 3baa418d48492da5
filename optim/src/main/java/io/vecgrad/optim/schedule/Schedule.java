package io.vecgrad.optim.schedule;

/**
 * A schedule: a pure function from the step index (0 for the first update) to a value,
 * usually a learning rate or a multiplier of one. Schedules compose by multiplication
 * ({@link #times}) and by joining at boundaries ({@link Schedules#join}).
 *
 * <pre>{@code
 * Schedule lr = Schedules.linearWarmup(100, 0.0, 1e-3).then(100, Schedules.cosine(1e-3, 900, 0));
 * double now = lr.at(step);
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {
    /** The value at step {@code step} (0-based). */
    double at(long step);

    /** The pointwise product {@code this(t)·other(t)}. */
    default Schedule times(Schedule other) {
        return t -> at(t) * other.at(t);
    }

    /** The pointwise product with a constant. */
    default Schedule times(double c) {
        return t -> at(t) * c;
    }

    /** This schedule until {@code boundary}, then {@code next} restarted at 0. */
    default Schedule then(long boundary, Schedule next) {
        return t -> t < boundary ? at(t) : next.at(t - boundary);
    }

    /** A constant schedule. */
    static Schedule constant(double value) {
        return t -> value;
    }
}

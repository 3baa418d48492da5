package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.optim.schedule.Schedule;

/**
 * Builds a learning-rate schedule from its parameters, the optimizer's base learning rate and
 * the planned number of steps (for schedules such as cosine decay that need the horizon).
 *
 * <pre>{@code
 * registries.schedules().add("constant", "the optimizer's lr at every step",
 *         Map.of(), (p, lr, steps) -> step -> lr);
 * }</pre>
 */
@FunctionalInterface
public interface ScheduleFactory {
    Schedule create(SpecValues params, double baseLr, long totalSteps);
}

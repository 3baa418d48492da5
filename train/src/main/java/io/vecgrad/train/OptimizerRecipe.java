package io.vecgrad.train;

import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.schedule.Schedule;

/**
 * How to build an optimizer once the model's parameters and the learning-rate schedule are
 * known: comparisons build a fresh model per run and need a fresh optimizer over it.
 *
 * <pre>{@code
 * OptimizerRecipe adam = (params, lr) -> Optimizer.of(params, Adam.adam(lr));
 * Optimizer opt = adam.build(model.parameters(), Schedule.constant(1e-3));
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerRecipe {
    Optimizer build(Params params, Schedule learningRate);
}

package io.vecgrad.cli.wiring;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.train.OptimizerRecipe;
import java.util.function.Function;

/**
 * Builds optim {@link Optimizer}s for the trainer: the factory receives the run's learning-rate
 * {@link Schedule}, so the trainer's schedule is followed exactly by every optimizer of optim's
 * registry.
 *
 * <pre>{@code
 * OptimizerRecipe adam = OptimAdapter.live(lr -> OptimizerRegistry.get("adam").build(Map.of(), lr));
 * }</pre>
 */
public final class OptimAdapter {
    private OptimAdapter() {}

    /** A transformation whose rate is the run's schedule. */
    public static OptimizerRecipe live(Function<Schedule, GradientTransformation> tx) {
        return (params, lr) -> Optimizer.of(params, tx.apply(lr));
    }
}

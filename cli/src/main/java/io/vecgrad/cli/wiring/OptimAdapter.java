package io.vecgrad.cli.wiring;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.train.OptimizerRecipe;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds optim {@link Optimizer}s for the trainer from an entry's parameters, in one of two ways:
 * <ul>
 *   <li>{@link #live}: the factory receives the run's learning-rate {@link Schedule}; exact for
 *       every method that takes its rate as a schedule.</li>
 *   <li>{@link #scaled}: the method is built with its base rate and every update is multiplied
 *       by {@code lr(t) / baseLr} (a {@code scaleBySchedule} stage chained after it). Exact for
 *       methods whose update is linear in the rate and whose state does not depend on it
 *       (Adam-like, SGD-like); an approximation otherwise (documented in cli/README.md).</li>
 * </ul>
 *
 * <pre>{@code
 * OptimizerRecipe adam = OptimAdapter.live(lr -> Adam.adam(lr, 0.9, 0.999, 1e-8, 0, false));
 * }</pre>
 */
public final class OptimAdapter {
    private OptimAdapter() {}

    /** A transformation whose rate is the run's schedule. */
    public static OptimizerRecipe live(Function<Schedule, GradientTransformation> tx) {
        return (params, lr) -> Optimizer.of(params, tx.apply(lr));
    }

    /** A method with a fixed rate {@code baseLr}; other rates scale each update. */
    public static OptimizerRecipe scaled(double baseLr, BiFunction<Params, Double, Stepper> stepper) {
        return (params, lr) -> {
            Stepper s = stepper.apply(params, baseLr);
            if (!(s instanceof Optimizer o)) {
                throw new IllegalArgumentException("OptimAdapter: " + s.getClass().getSimpleName()
                        + " needs a loss closure; the trainer hands gradients only");
            }
            Optimizer.Builder b = Optimizer.builder();
            for (Optimizer.Group g : o.groups()) {
                b.group(g.name(), g.params(), Transforms.chain(g.transform(),
                        Transforms.scaleBySchedule(t -> lr.at(t) / baseLr)));
            }
            return b.build();
        };
    }
}

package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.optim.zoo.OptimizerRegistry;

/**
 * The optimizer entries: every optimizer of optim's {@link OptimizerRegistry}, under its name,
 * with its keys, defaults and description. The trainer's learning rate reaches each optimizer
 * as a live schedule ({@link OptimAdapter#live}), so schedules apply exactly; nothing is
 * re-declared here.
 *
 * <pre>{@code
 * OptimizerEntries.register(registries);   // sgd, adam, adamw, adabelief, diffgrad, mass, ssgd, ...
 * }</pre>
 */
public final class OptimizerEntries {
    private OptimizerEntries() {}

    public static void register(Registries r) {
        for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
            r.optimizers().add(e.name(), e.doc() + " (" + e.papers() + ")", e.defaults(),
                    p -> OptimAdapter.live(lr -> e.build(p.values(), lr)));
        }
    }
}

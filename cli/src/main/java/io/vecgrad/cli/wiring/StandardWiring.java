package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.RegistryContributor;

/**
 * The one place where the nn, optim and datasets modules and the experiments are plugged into
 * the command line, found by {@link Registries#standard()} as a service: data sets, models,
 * optimizers (all of optim's {@code OptimizerRegistry}), schedules and experiments.
 *
 * <pre>{@code
 * Registries r = Registries.standard();   // runs StandardWiring.register
 * }</pre>
 */
public final class StandardWiring implements RegistryContributor {
    @Override
    public void register(Registries r) {
        DatasetEntries.register(r);
        ModelEntries.register(r);
        OptimizerEntries.register(r);
        ScheduleEntries.register(r);
        io.vecgrad.cli.experiments.ExperimentEntries.register(r);
    }
}

package io.vecgrad.cli.registry;

import io.vecgrad.experiments.Experiment;

/**
 * Every name the command line knows, in five registries. {@link #standard()} is what the
 * {@code vecgrad} command uses; tests build their own with test-only entries.
 *
 * <pre>{@code
 * Registries r = Registries.standard();
 * r.optimizers().names();   // what --optimizer accepts
 * }</pre>
 */
public final class Registries {
    private final Registry<OptimizerFactory> optimizers = new Registry<>("optimizer");
    private final Registry<ScheduleFactory> schedules = new Registry<>("schedule");
    private final Registry<ModelFactory> models = new Registry<>("model");
    private final Registry<DatasetFactory> datasets = new Registry<>("dataset");
    private final Registry<Experiment> experiments = new Registry<>("experiment");

    /** Empty registries except the built-in {@code constant} schedule. */
    public static Registries empty() {
        Registries r = new Registries();
        r.schedules.add("constant", "the optimizer's lr at every step", Registry.params(),
                (p, lr, steps) -> step -> lr);
        return r;
    }

    /** The registries of the {@code vecgrad} command: {@link #empty()} plus {@link Wiring}. */
    public static Registries standard() {
        Registries r = empty();
        Wiring.register(r);
        return r;
    }

    public Registry<OptimizerFactory> optimizers() {
        return optimizers;
    }

    public Registry<ScheduleFactory> schedules() {
        return schedules;
    }

    public Registry<ModelFactory> models() {
        return models;
    }

    public Registry<DatasetFactory> datasets() {
        return datasets;
    }

    public Registry<Experiment> experiments() {
        return experiments;
    }
}

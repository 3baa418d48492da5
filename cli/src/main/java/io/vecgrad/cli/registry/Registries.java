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
    private final Catalog<OptimizerFactory> optimizers = new Catalog<>("optimizer");
    private final Catalog<ScheduleFactory> schedules = new Catalog<>("schedule");
    private final Catalog<ModelFactory> models = new Catalog<>("model");
    private final Catalog<DatasetFactory> datasets = new Catalog<>("dataset");
    private final Catalog<Experiment> experiments = new Catalog<>("experiment");

    /** Empty registries except the built-in {@code constant} schedule. */
    public static Registries empty() {
        Registries r = new Registries();
        r.schedules.add("constant", "the optimizer's lr at every step", Catalog.params(),
                (p, lr, steps) -> step -> lr);
        return r;
    }

    /**
     * The registries of the {@code vecgrad} command: {@link #empty()} plus every
     * {@link RegistryContributor} service on the class path (the command line's wiring).
     */
    public static Registries standard() {
        Registries r = empty();
        for (RegistryContributor c : java.util.ServiceLoader.load(RegistryContributor.class, Registries.class.getClassLoader())) {
            c.register(r);
        }
        return r;
    }

    public Catalog<OptimizerFactory> optimizers() {
        return optimizers;
    }

    public Catalog<ScheduleFactory> schedules() {
        return schedules;
    }

    public Catalog<ModelFactory> models() {
        return models;
    }

    public Catalog<DatasetFactory> datasets() {
        return datasets;
    }

    public Catalog<Experiment> experiments() {
        return experiments;
    }
}

package io.vecgrad.cli.experiments;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.experiments.Experiment;
import io.vecgrad.experiments.papers.Experiments;

/**
 * Puts the experiments module's registry ({@link Experiments#all()}) on the command line: one
 * entry per experiment, its defaults as the accepted keys, so {@code vecgrad experiment
 * p11-mass:seeds=3} is validated like every other spec.
 *
 * <pre>{@code
 * ExperimentEntries.register(registries);
 * }</pre>
 */
public final class ExperimentEntries {
    private ExperimentEntries() {}

    public static void register(Registries r) {
        for (Experiment e : Experiments.all()) {
            r.experiments().add(e.id(), e.description(), e.defaults(), e);
        }
    }
}

package io.vecgrad.cli.experiments;

import io.vecgrad.cli.registry.Registries;

/** The built-in experiments: one reproduction per wave-1 paper claim. */
public final class ExperimentEntries {
    private ExperimentEntries() {}

    public static void register(Registries r) {
    }
}

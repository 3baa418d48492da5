package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.Params;

/**
 * A reproducible claim from a paper or design note, checked by running something and
 * measuring: {@code vecgrad experiment NAME} prints PASS or FAIL with the measurement.
 *
 * <pre>{@code
 * registries.experiments().add("p04-interpolation", "two-layer Huberized-ReLU net reaches zero loss",
 *         Registry.params("epochs", 200), new P04Interpolation());
 * }</pre>
 */
public interface Experiment {
    /** One sentence stating what should happen, e.g. "GD drives the logistic loss below 1e-3". */
    String claim();

    /**
     * Runs the experiment; use {@link ExperimentContext#train} for training runs so they are
     * recorded in the run folder and shown in the report.
     *
     * @param params the entry's declared parameters, possibly overridden on the command line
     */
    ExperimentResult run(Params params, ExperimentContext context) throws Exception;
}

package io.vecgrad.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one run of an {@link Experiment} measured and its verdict.
 *
 * @param measured what was measured, in words and numbers, e.g. "final loss 3.1e-4 after 200 epochs"
 * @param passed whether the claim held against the threshold fixed in advance
 * @param figures the measured numbers by name (for tables and tests)
 * @param artifacts files the experiment wrote into its folder, relative to it
 */
public record ExperimentResult(String measured, boolean passed, Map<String, Double> figures, List<Path> artifacts) {
    /** PASS or FAIL. */
    public enum Verdict { PASS, FAIL }

    public ExperimentResult {
        figures = Map.copyOf(figures);
        artifacts = List.copyOf(artifacts);
    }

    /** A result without named figures or artifacts. */
    public ExperimentResult(String measured, boolean passed) {
        this(measured, passed, Map.of(), List.of());
    }

    public Verdict verdict() {
        return passed ? Verdict.PASS : Verdict.FAIL;
    }
}

package io.vecgrad.cli.registry;

/**
 * Verdict of one experiment.
 *
 * @param measured what was measured, in words and numbers, e.g. "final loss 3.1e-4 after 200 epochs"
 * @param passed whether the claim held
 */
public record ExperimentResult(String measured, boolean passed) {}

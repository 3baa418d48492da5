package io.vecgrad.optim.zeroth;

/**
 * The loss a worker measures in SPSA: {@code L(θ; batch)} where the batch is the worker's own
 * {@code sample}-th batch of {@code step}. Must not modify {@code theta}; deterministic in its
 * arguments (so replicas agree).
 *
 * <pre>{@code
 * SpsaObjective f = (theta, step, worker, sample) -> quadratic(theta);
 * }</pre>
 */
@FunctionalInterface
public interface SpsaObjective {
    double loss(double[] theta, long step, int worker, int sample);
}

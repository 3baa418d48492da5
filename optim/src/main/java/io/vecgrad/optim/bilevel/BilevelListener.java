package io.vecgrad.optim.bilevel;

/**
 * Receives one {@link BilevelSolver.Step} per outer iteration (upper and lower objectives,
 * hypergradient norm, cumulative gradient and HVP counts). {@code optim} cannot see
 * {@code train}'s {@code MetricsSink}; adapt with a lambda that writes the step's fields as a
 * metrics row.
 */
@FunctionalInterface
public interface BilevelListener {
    void onStep(BilevelSolver.Step step);
}

package io.vecgrad.optim.active;

/**
 * A query policy {@code π_ψ} with a flat parameter vector ψ and the score {@code ∇ψ log π(x | history)}:
 * what {@link Reinforce} and {@link RobustPolicyTraining} need.
 *
 * <pre>{@code
 * TrainablePolicy pi = new SharedScorePolicy(problem, 16, 0.25, new Rng(1));
 * double[] g = new double[pi.parameters().length];
 * pi.addLogProbGradient(history, 3, 1.0, g);   // g += ∇ψ log π(3 | history)
 * }</pre>
 */
public interface TrainablePolicy extends QueryPolicy {
    /** The live parameter vector ψ (trainers update it in place). */
    double[] parameters();

    /** {@code grad += scale · ∇ψ log π(action | history)}. */
    void addLogProbGradient(QueryHistory history, int action, double scale, double[] grad);
}

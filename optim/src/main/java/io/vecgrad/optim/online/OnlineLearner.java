package io.vecgrad.optim.online;

/**
 * A learner of online convex optimization: each round it {@link #play}s a point x_t, then sees
 * the gradient {@code ∇f_t(x_t)} of that round's loss ({@link #observe}). {@link OnlineLoop} runs
 * one against a sequence of losses and tracks the regret.
 *
 * <pre>{@code
 * OnlineLearner l = OptimisticOmd.euclidean(Domain.ball(2, 1), StepRule.adaptive(2, 1e-8), Hint.lastGradient());
 * double[] x = l.play();
 * l.observe(loss.gradient(x));
 * }</pre>
 */
public interface OnlineLearner {
    /** x_t of the current round (the same array contents until {@link #observe} is called). */
    double[] play();

    /** The gradient of the current round's loss at x_t; advances to the next round. */
    void observe(double[] gradient);

    String name();
}

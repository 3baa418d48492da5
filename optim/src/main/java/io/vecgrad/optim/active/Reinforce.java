package io.vecgrad.optim.active;

import io.vecgrad.tensor.random.Rng;

/**
 * The REINFORCE (score-function) estimator of {@code ∇ψ E[loss]} for a {@link TrainablePolicy}:
 * play M episodes, and add {@code (1/M) Σ_m (L_m − b_m) Σ_t ∇ψ log π(x_t | history_t)}. The baseline
 * {@code b_m} is the mean loss of the other M − 1 episodes (leave-one-out), which does not depend on
 * episode m and so keeps the estimator unbiased while cancelling most of its variance; with M = 1 the
 * baseline is 0. Answers do not depend on ψ, so only the policy's log-probabilities carry gradient.
 *
 * <p>Source: policy gradients with a baseline as in Zhang, Jain and Jamieson (arXiv:2010.15382,
 * the policy update of their adversarial training) and Williams (1992); the leave-one-out baseline is
 * our choice [reconstructed].
 *
 * <pre>{@code
 * double[] grad = new double[pi.parameterCount()];
 * double meanLoss = Reinforce.accumulate(problem, pi, 3, 0.2, 20, 8, 1.0, rng, grad);
 * }</pre>
 */
public final class Reinforce {
    private Reinforce() {}

    /**
     * Adds {@code weight ×} the estimate for instance (h, gap) to {@code grad} and returns the mean
     * loss of the M episodes.
     */
    public static double accumulate(IdentificationProblem problem, TrainablePolicy policy, int h, double gap, int budget, int episodes, double weight, Rng rng, double[] grad) {
        double[] losses = new double[episodes];
        Rollouts.Episode[] eps = playAll(problem, policy, h, gap, budget, episodes, rng, losses);
        double total = 0;
        for (double l : losses) total += l;
        for (int m = 0; m < episodes; m++) {
            double b = episodes == 1 ? 0 : (total - losses[m]) / (episodes - 1);
            double adv = weight * (losses[m] - b) / episodes;
            if (adv != 0) addScore(problem, policy, eps[m], budget, adv, grad);
        }
        return total / episodes;
    }

    /** {@code grad += scale · Σ_t ∇ψ log π(x_t | history_t)} along a played episode. */
    public static void addScore(IdentificationProblem problem, TrainablePolicy policy, Rollouts.Episode e, int budget, double scale, double[] grad) {
        QueryHistory hist = new QueryHistory(problem.queries(), budget);
        for (int t = 0; t < e.queries().length; t++) {
            policy.addLogProbGradient(hist, e.queries()[t], scale, grad);
            hist.record(e.queries()[t], e.answers()[t]);
        }
    }

    private static Rollouts.Episode[] playAll(IdentificationProblem problem, TrainablePolicy policy, int h, double gap, int budget, int episodes, Rng rng, double[] losses) {
        if (episodes < 1) throw new IllegalArgumentException("Reinforce.accumulate: need at least 1 episode, got " + episodes);
        Rollouts.Episode[] eps = new Rollouts.Episode[episodes];
        for (int m = 0; m < episodes; m++) {
            eps[m] = Rollouts.play(problem, policy, h, gap, budget, rng);
            losses[m] = eps[m].loss();
        }
        return eps;
    }
}

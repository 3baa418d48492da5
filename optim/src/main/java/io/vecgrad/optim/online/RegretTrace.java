package io.vecgrad.optim.online;

/**
 * Per round t (index t − 1): the learner's loss {@code f_t(x_t)}, its cumulative loss, and the
 * regret {@code Σ_{s≤t} f_s(x_s) − min_x Σ_{s≤t} f_s(x)} (or against a fixed comparator).
 *
 * <pre>{@code
 * RegretTrace r = OnlineLoop.run(learner, sequence, 1000, domain);
 * double finalRegret = r.finalRegret();
 * }</pre>
 */
public record RegretTrace(double[] loss, double[] cumulativeLoss, double[] regret) {
    public int rounds() {
        return loss.length;
    }

    public double finalRegret() {
        return regret[regret.length - 1];
    }
}

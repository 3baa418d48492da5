package io.vecgrad.optim.online;

import java.util.function.IntFunction;

/**
 * The online protocol: for t = 1 … T the learner plays x_t, the loss f_t is revealed, the learner
 * sees {@code ∇f_t(x_t)}; the regret is tracked every round. With {@link QuadraticLoss}es the
 * comparator is the best fixed point in hindsight of each prefix ({@link Hindsight}); for other
 * losses pass a fixed comparator.
 *
 * <pre>{@code
 * Domain x = Domain.simplex(3);
 * RegretTrace r = OnlineLoop.run(OptimisticOmd.entropic(3, StepRule.adaptive(Math.sqrt(Math.log(3)), 1e-8), Hint.lastGradient()),
 *         t -> QuadraticLoss.linear(new double[] {1, 0, 0.5}), 500, x);
 * }</pre>
 */
public final class OnlineLoop {
    private OnlineLoop() {}

    /** Runs {@code rounds} rounds of {@code losses} (called with t = 1 … rounds) against the best fixed point in hindsight. */
    public static RegretTrace run(OnlineLearner learner, IntFunction<QuadraticLoss> losses, int rounds, Domain domain) {
        Hindsight h = new Hindsight(domain);
        return loop(learner, losses, rounds, f -> {
            h.add(f);
            return h.bestValue();
        });
    }

    /** Runs against a fixed comparator u: regret {@code Σ f_s(x_s) − Σ f_s(u)}. */
    public static RegretTrace run(OnlineLearner learner, IntFunction<? extends OnlineLoss> losses, int rounds, double[] comparator) {
        double[] acc = {0};
        return loop(learner, losses, rounds, f -> acc[0] += f.value(comparator));
    }

    private static <L extends OnlineLoss> RegretTrace loop(OnlineLearner learner, IntFunction<? extends L> losses, int rounds,
            java.util.function.ToDoubleFunction<L> comparatorTotal) {
        double[] loss = new double[rounds], cum = new double[rounds], regret = new double[rounds];
        double total = 0;
        for (int t = 1; t <= rounds; t++) {
            double[] x = learner.play();
            L f = losses.apply(t);
            double l = f.value(x);
            learner.observe(f.gradient(x));
            total += l;
            loss[t - 1] = l;
            cum[t - 1] = total;
            regret[t - 1] = total - comparatorTotal.applyAsDouble(f);
        }
        return new RegretTrace(loss, cum, regret);
    }
}

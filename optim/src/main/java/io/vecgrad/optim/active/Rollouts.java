package io.vecgrad.optim.active;

import io.vecgrad.tensor.random.Rng;

/**
 * Plays a query policy against an instance (h, Δ) of an {@link IdentificationProblem} and measures
 * its loss: one episode ({@link #play}), the mean loss over many ({@link #meanLosses}), and the worst
 * mean loss over the instances of a {@link ProblemClass} ({@link #worstCase}), the paper's measure.
 *
 * <pre>{@code
 * Episode e = Rollouts.play(problem, policy, 3, 0.2, 20, rng);       // truth h = 3, Δ = 0.2, T = 20
 * double[] perH = Rollouts.meanLosses(problem, policy, cls, 20, 200, rng);
 * double worst = Rollouts.worstCase(problem, policy, cls, 20, 200, rng);
 * }</pre>
 */
public final class Rollouts {
    private Rollouts() {}

    /** One played episode: the queries asked, the answers and the 0/1 loss of the final guess. */
    public record Episode(int[] queries, boolean[] answers, double loss) {}

    /** Plays {@code budget} queries of {@code policy} with truth {@code h} and gap {@code gap}. */
    public static Episode play(IdentificationProblem problem, QueryPolicy policy, int h, double gap, int budget, Rng rng) {
        problem.checkHypothesis(h, "play");
        IdentificationProblem.checkGap(gap, "play");
        QueryHistory hist = new QueryHistory(problem.queries(), budget);
        int[] qs = new int[budget];
        boolean[] ys = new boolean[budget];
        for (int t = 0; t < budget; t++) {
            int x = policy.sample(hist, rng);
            boolean truth = problem.answer(h, x);
            boolean y = rng.nextDouble() < 0.5 + gap ? truth : !truth;
            hist.record(x, y);
            qs[t] = x;
            ys[t] = y;
        }
        return new Episode(qs, ys, problem.loss(h, hist));
    }

    /** Mean loss over {@code episodes} episodes for every particle of {@code cls}. */
    public static double[] meanLosses(IdentificationProblem problem, QueryPolicy policy, ProblemClass cls, int budget, int episodes, Rng rng) {
        if (episodes < 1) throw new IllegalArgumentException("Rollouts.meanLosses: need at least 1 episode, got " + episodes);
        if (cls.size() != problem.hypotheses()) throw new IllegalArgumentException("Rollouts.meanLosses: class has " + cls.size() + " particles, the problem " + problem.hypotheses() + " hypotheses");
        double[] out = new double[cls.size()];
        for (int h = 0; h < out.length; h++) {
            Rng r = rng.split(h);
            double s = 0;
            for (int e = 0; e < episodes; e++) s += play(problem, policy, h, cls.gap(h), budget, r).loss();
            out[h] = s / episodes;
        }
        return out;
    }

    /** {@code max_h} of {@link #meanLosses}: the estimated worst-case loss over the class. */
    public static double worstCase(IdentificationProblem problem, QueryPolicy policy, ProblemClass cls, int budget, int episodes, Rng rng) {
        double w = 0;
        for (double v : meanLosses(problem, policy, cls, budget, episodes, rng)) w = Math.max(w, v);
        return w;
    }
}

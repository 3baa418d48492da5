package io.vecgrad.optim.active;

/**
 * Uncertainty sampling, the standard active-learning baseline: fit the model to the answers so far
 * and ask the query whose answer the model is least sure of. The model is the Bayesian posterior over
 * hypotheses (uniform prior) under an assumed gap {@code Δ_u}: {@code p(h) ∝ exp(−β d_h)} with
 * {@code d_h} the disagreements of h and {@code β = ln((1+2Δ_u)/(1−2Δ_u))}; the predicted answer to
 * x is {@code P(y=1|x) = Σ_h p(h)(1/2 + Δ_u(2s_h(x)−1))} and the rule asks {@code argmin_x |P(y=1|x) − 1/2|}
 * (lowest index on ties). With {@code Δ_u = 1/2} the posterior is uniform over the hypotheses
 * with the fewest disagreements, and on noiseless thresholds the rule is binary search. For binary
 * queries this is also the most balanced (maximum-information) question of a 20-questions player.
 *
 * <pre>{@code
 * QueryPolicy us = new UncertaintySampling(IdentificationProblem.thresholds(24), 0.2);
 * int next = us.sample(history, rng);   // deterministic: the most uncertain point
 * }</pre>
 */
public final class UncertaintySampling implements QueryPolicy {
    private final IdentificationProblem problem;
    private final double assumedGap;

    public UncertaintySampling(IdentificationProblem problem, double assumedGap) {
        IdentificationProblem.checkGap(assumedGap, "UncertaintySampling(assumedGap)");
        this.problem = problem;
        this.assumedGap = assumedGap;
    }

    /** The predicted probability of a yes to every query under the current posterior. */
    public double[] predictedYes(QueryHistory history) {
        problem.checkHistory(history, "UncertaintySampling");
        int n = problem.hypotheses(), q = problem.queries();
        double[] post = new double[n];
        int min = Integer.MAX_VALUE;
        int[] d = new int[n];
        for (int h = 0; h < n; h++) {
            d[h] = problem.disagreements(h, history);
            min = Math.min(min, d[h]);
        }
        double beta = assumedGap == 0.5 ? Double.POSITIVE_INFINITY : Math.log((1 + 2 * assumedGap) / (1 - 2 * assumedGap));
        double z = 0;
        for (int h = 0; h < n; h++) {
            post[h] = d[h] == min ? 1 : Math.exp(-beta * (d[h] - min));
            z += post[h];
        }
        double[] p = new double[q];
        for (int h = 0; h < n; h++) {
            double w = post[h] / z;
            for (int x = 0; x < q; x++) p[x] += w * (0.5 + (problem.answer(h, x) ? assumedGap : -assumedGap));
        }
        return p;
    }

    @Override
    public double[] distribution(QueryHistory history) {
        double[] p = predictedYes(history);
        int best = 0;
        for (int x = 1; x < p.length; x++) if (Math.abs(p[x] - 0.5) < Math.abs(p[best] - 0.5) - 1e-12) best = x;
        return QueryPolicy.oneHot(p.length, best);
    }
}

package io.vecgrad.optim.active;

import io.vecgrad.tensor.random.Rng;

/**
 * An adaptive data-collection rule: given the history, a probability distribution over the next
 * query. Deterministic rules put all mass on one query.
 *
 * <pre>{@code
 * QueryPolicy us = new UncertaintySampling(problem, 0.25);
 * double[] p = us.distribution(history);       // one-hot on the most uncertain query
 * int x = us.sample(history, rng);
 * }</pre>
 */
public interface QueryPolicy {
    /** Probabilities of each query next (non-negative, summing to 1). */
    double[] distribution(QueryHistory history);

    /** Draws the next query from {@link #distribution}. */
    default int sample(QueryHistory history, Rng rng) {
        return sampleFrom(distribution(history), rng.nextDouble());
    }

    /** Inverse-CDF draw from {@code p} with the uniform number {@code u}. */
    static int sampleFrom(double[] p, double u) {
        double c = 0;
        for (int x = 0; x < p.length; x++) {
            c += p[x];
            if (u < c) return x;
        }
        for (int x = p.length - 1; x >= 0; x--) if (p[x] > 0) return x;
        throw new IllegalArgumentException("QueryPolicy.sampleFrom: distribution has no mass");
    }

    /** Puts all mass on {@code x}. */
    static double[] oneHot(int n, int x) {
        double[] p = new double[n];
        p[x] = 1;
        return p;
    }
}

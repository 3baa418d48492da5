package io.vecgrad.optim.active;

/**
 * Binary search for a 1-D threshold ({@link IdentificationProblem#thresholds}): keep the interval of
 * thresholds consistent with the (per-point majority) answers and ask the point that halves it. On
 * noiseless answers it identifies one of {@code 2^T} thresholds with T queries, which no rule can beat
 * (each answer is one bit), so it is the optimal fixed strategy there; with noise it trusts every
 * answer and is fragile.
 *
 * <pre>{@code
 * QueryPolicy bs = new BinarySearch(24);
 * int next = bs.sample(new QueryHistory(24, 5), rng);   // 11: splits the 25 thresholds 12 | 13
 * }</pre>
 */
public final class BinarySearch implements QueryPolicy {
    private final int points;

    public BinarySearch(int points) {
        if (points < 1) throw new IllegalArgumentException("BinarySearch: need at least 1 point, got " + points);
        this.points = points;
    }

    @Override
    public double[] distribution(QueryHistory history) {
        if (history.queries() != points) throw new IllegalArgumentException("BinarySearch: history has " + history.queries() + " queries, expected " + points);
        int lo = 0, hi = points; // thresholds z in [lo, hi]
        for (int i = 0; i < points; i++) {
            int y = history.yeses(i), n = history.noes(i);
            if (n > y) lo = Math.max(lo, i + 1);
            if (y > n) hi = Math.min(hi, i);
        }
        if (lo > hi) { // conflicting majorities: search between them
            int t = lo;
            lo = hi;
            hi = t;
        }
        int x = lo == hi ? Math.min(lo, points - 1) : Math.floorDiv(lo + hi - 1, 2);
        return QueryPolicy.oneHot(points, Math.max(0, Math.min(points - 1, x)));
    }
}

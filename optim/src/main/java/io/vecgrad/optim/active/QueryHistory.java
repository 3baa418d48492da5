package io.vecgrad.optim.active;

/**
 * The answers seen so far, summarised by their sufficient statistics: for every query the number of
 * yes and no answers, plus the number of queries asked and the budget. Under the Bernoulli model of
 * {@link IdentificationProblem} these counts carry everything the order of the history does.
 *
 * <pre>{@code
 * QueryHistory hist = new QueryHistory(24, 20);   // 24 queries, budget 20
 * hist.record(7, true);                            // asked query 7, answer yes
 * int left = hist.remaining();                     // 19
 * }</pre>
 */
public final class QueryHistory {
    private final int[] yes, no;
    private final int budget;
    private int asked;

    public QueryHistory(int queries, int budget) {
        if (queries < 1) throw new IllegalArgumentException("QueryHistory: need at least 1 query, got " + queries);
        if (budget < 1) throw new IllegalArgumentException("QueryHistory: budget must be at least 1, got " + budget);
        this.yes = new int[queries];
        this.no = new int[queries];
        this.budget = budget;
    }

    /** Records the answer to query {@code x}. */
    public void record(int x, boolean answer) {
        if (x < 0 || x >= yes.length) throw new IllegalArgumentException("QueryHistory.record: query " + x + " outside [0, " + yes.length + ")");
        if (asked >= budget) throw new IllegalStateException("QueryHistory.record: budget of " + budget + " queries already spent");
        if (answer) yes[x]++;
        else no[x]++;
        asked++;
    }

    public int queries() {
        return yes.length;
    }

    public int yeses(int x) {
        return yes[x];
    }

    public int noes(int x) {
        return no[x];
    }

    public int asked() {
        return asked;
    }

    public int budget() {
        return budget;
    }

    public int remaining() {
        return budget - asked;
    }

    /** Empties the history (same size and budget). */
    public void clear() {
        java.util.Arrays.fill(yes, 0);
        java.util.Arrays.fill(no, 0);
        asked = 0;
    }
}

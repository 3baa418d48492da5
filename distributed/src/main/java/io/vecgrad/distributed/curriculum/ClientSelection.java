package io.vecgrad.distributed.curriculum;

import io.vecgrad.tensor.random.Rng;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which m clients train in a round. {@link #uniform} is FedAvg's draw; {@link #ordered} is the
 * ordered-learning selection of P47 [reconstructed: the paper describes it only as "inspired by
 * ordered learning"]: rank clients by a client-level score (the global model's mean loss on the
 * client's data), easiest first for a curriculum or hardest first for an anti-curriculum,
 * keep the first {@code eligible} (a pacing schedule over clients) and draw m of them
 * uniformly. Ties in the score are broken by a fresh random permutation, so equal scores give
 * a uniform selection.
 *
 * <pre>{@code
 * int[] who = ClientSelection.ordered(losses, Ordering.CURRICULUM, 30, 10, rng);   // 10 of the 30 easiest
 * }</pre>
 */
public final class ClientSelection {
    private ClientSelection() {}

    /** m distinct clients of M uniformly, ascending. */
    public static int[] uniform(int clients, int m, Rng rng) {
        check("uniform", clients, clients, m);
        int[] perm = rng.permutation(clients).toIntArray();
        int[] out = Arrays.copyOf(perm, m);
        Arrays.sort(out);
        return out;
    }

    /** m clients drawn uniformly among the {@code eligible} best-ranked by {@code scores} under {@code ordering}, ascending. */
    public static int[] ordered(double[] scores, Ordering ordering, int eligible, int m, Rng rng) {
        check("ordered", scores.length, eligible, m);
        if (ordering == Ordering.RANDOM) return uniform(scores.length, m, rng);
        int[] tieBreak = rng.split("ties").permutation(scores.length).toIntArray();
        int[] rankOf = new int[scores.length];
        for (int r = 0; r < tieBreak.length; r++) rankOf[tieBreak[r]] = r;
        double sign = ordering == Ordering.CURRICULUM ? 1 : -1;
        int[] ranked = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> sign * scores[i]).thenComparingInt(i -> rankOf[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] pick = rng.split("pick").permutation(eligible).toIntArray();
        int[] out = new int[m];
        for (int k = 0; k < m; k++) out[k] = ranked[pick[k]];
        Arrays.sort(out);
        return out;
    }

    private static void check(String op, int clients, int eligible, int m) {
        if (m < 1 || eligible < m || eligible > clients) {
            throw new IllegalArgumentException("ClientSelection." + op + ": need 1 ≤ m ≤ eligible ≤ M, got m = " + m
                    + ", eligible = " + eligible + ", M = " + clients);
        }
    }
}

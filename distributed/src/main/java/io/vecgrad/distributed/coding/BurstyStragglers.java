package io.vecgrad.distributed.coding;

import io.vecgrad.tensor.random.Rng;

/**
 * The (B, W, λ)-bursty straggler model of sequential gradient coding (Krishnan, Ebrahimi,
 * Khisti, ICLR 2023; {@code follows_straggler_model} in the authors' simulator): in every
 * window of W consecutive rounds at most λ distinct workers straggle, and a worker straggling
 * in round r did not straggle in rounds [r−W+1, r−B] (its straggling inside any window is one
 * burst of at most B consecutive rounds). A pattern is {@code straggles[round][worker]}.
 *
 * <pre>{@code
 * boolean[][] p = BurstyStragglers.random(40, 8, 1, 3, 2, 0.3, new Rng(1));
 * assert BurstyStragglers.follows(p, 1, 3, 2);
 * }</pre>
 */
public final class BurstyStragglers {
    private BurstyStragglers() {}

    /** Whether {@code pattern} conforms to the (B, W, λ) model. */
    public static boolean follows(boolean[][] pattern, int burst, int window, int lambda) {
        checkParams("BurstyStragglers.follows", burst, window, lambda);
        for (int r = 0; r < pattern.length; r++) {
            for (int w = 0; w < pattern[r].length; w++) {
                if (pattern[r][w] && !allowed(pattern, r, w, burst, window, lambda)) return false;
            }
        }
        return true;
    }

    /**
     * A random conforming pattern: round by round, each worker (in a random order) proposes to
     * straggle with probability {@code p} and does so when the model still allows it.
     */
    public static boolean[][] random(int rounds, int workers, int burst, int window, int lambda, double p, Rng rng) {
        checkParams("BurstyStragglers.random", burst, window, lambda);
        if (rounds < 0 || workers < 1) {
            throw new IllegalArgumentException("BurstyStragglers.random: rounds = " + rounds + ", workers = " + workers);
        }
        boolean[][] pattern = new boolean[rounds][workers];
        for (int r = 0; r < rounds; r++) {
            int[] order = rng.split(r).permutation(workers).toIntArray();
            for (int w : order) {
                if (rng.nextDouble() >= p) continue;
                pattern[r][w] = true;
                if (!allowed(pattern, r, w, burst, window, lambda)) pattern[r][w] = false;
            }
        }
        return pattern;
    }

    /** Whether worker w straggling in round r is allowed given rounds ≤ r of the pattern. */
    private static boolean allowed(boolean[][] pattern, int r, int w, int burst, int window, int lambda) {
        for (int q = Math.max(0, r - window + 1); q <= r - burst; q++) {
            if (pattern[q][w]) return false;
        }
        int n = pattern[r].length, distinct = 0;
        for (int v = 0; v < n; v++) {
            for (int q = Math.max(0, r - window + 1); q <= r; q++) {
                if (pattern[q][v]) {
                    distinct++;
                    break;
                }
            }
        }
        return distinct <= lambda;
    }

    static void checkParams(String op, int burst, int window, int lambda) {
        if (burst < 1 || window < burst + 1 || lambda < 0) {
            throw new IllegalArgumentException(op + ": need B ≥ 1, W ≥ B + 1 and λ ≥ 0, got B = " + burst
                    + ", W = " + window + ", λ = " + lambda);
        }
    }
}

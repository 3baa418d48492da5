package io.vecgrad.distributed.coding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sequential gradient coding with selective reattempts (SR-SGC; Krishnan, Ebrahimi, Khisti,
 * "Sequential Gradient Coding For Straggler Mitigation", ICLR 2023, scheme 1, following the
 * authors' {@code SelectiveRepeatSGC} simulator): jobs g(1), g(2), … start one per round and
 * job t must be decodable by the end of round t + B. A gradient code with
 * {@code s = ⌈Bλ / (W − 1 + B)⌉} is used; in round r every worker computes its coded task for
 * job r, except that when job r − B still misses results from v &gt; s workers, v − s of them
 * redo their job-(r − B) task instead (those that straggled in round r − B first: the model
 * guarantees they do not straggle now). A job decodes once n − s distinct workers delivered it.
 *
 * <p>This class runs the schedule only (which task each worker computes, what arrives); the
 * coded vectors themselves come from {@link GradientCode}.
 *
 * <pre>{@code
 * SelectiveRepeatSgc sgc = new SelectiveRepeatSgc(8, 1, 3, 2);    // n, B, W, λ → s = 1
 * SelectiveRepeatSgc.Run run = sgc.run(pattern, 30);
 * boolean ok = run.allOnTime();
 * }</pre>
 */
public final class SelectiveRepeatSgc {
    private final int n;
    private final int burst;
    private final int window;
    private final int lambda;
    private final int s;

    /** The schedule's outcome: per job the round where it became decodable (−1: never) and per round each worker's job (−1: idle). */
    public record Run(int[] decodedRound, int[][] jobOf, int delay) {
        /** Whether every job was decodable by round t + B. */
        public boolean allOnTime() {
            for (int t = 0; t < decodedRound.length; t++) {
                if (decodedRound[t] < 0 || decodedRound[t] > t + delay) return false;
            }
            return true;
        }
    }

    /** SR-SGC for n workers under the (B, W, λ) model; requires B | (W − 1). */
    public SelectiveRepeatSgc(int n, int burst, int window, int lambda) {
        BurstyStragglers.checkParams("SelectiveRepeatSgc", burst, window, lambda);
        if ((window - 1) % burst != 0) {
            throw new IllegalArgumentException("SelectiveRepeatSgc: B = " + burst + " must divide W − 1 = " + (window - 1));
        }
        this.n = n;
        this.burst = burst;
        this.window = window;
        this.lambda = lambda;
        this.s = (int) Math.ceil(burst * (double) lambda / (window - 1 + burst));
        if (s >= n) throw new IllegalArgumentException("SelectiveRepeatSgc: s = " + s + " ≥ n = " + n + " workers");
    }

    /** Stragglers tolerated per job by the underlying gradient code, ⌈Bλ/(W−1+B)⌉. */
    public int stragglers() {
        return s;
    }

    /** Normalized load (s+1)/n. */
    public double load() {
        return (s + 1) / (double) n;
    }

    /** Decoding delay T = B. */
    public int delay() {
        return burst;
    }

    /** Runs {@code jobs} jobs over {@code jobs + B} rounds under {@code straggles[round][worker]}. */
    public Run run(boolean[][] straggles, int jobs) {
        int rounds = jobs + burst;
        if (straggles.length < rounds) {
            throw new IllegalArgumentException("SelectiveRepeatSgc.run: " + jobs + " jobs need " + rounds
                    + " rounds of straggler pattern, got " + straggles.length);
        }
        boolean[][] delivered = new boolean[jobs][n];
        int[] count = new int[jobs];
        int[] decoded = new int[jobs];
        Arrays.fill(decoded, -1);
        int[][] jobOf = new int[rounds][n];
        for (int r = 0; r < rounds; r++) {
            if (straggles[r].length != n) {
                throw new IllegalArgumentException("SelectiveRepeatSgc.run: round " + r + " lists " + straggles[r].length
                        + " workers, expected " + n);
            }
            Arrays.fill(jobOf[r], r < jobs ? r : -1);
            int old = r - burst;
            if (old >= 0 && decoded[old] < 0 && n - count[old] > s) {
                for (int w : redoOrder(delivered[old], straggles[old])) {
                    if (n - count[old] - countRedo(jobOf[r], old) <= s) break;
                    jobOf[r][w] = old;
                }
            }
            for (int w = 0; w < n; w++) {
                int job = jobOf[r][w];
                if (job < 0 || straggles[r][w] || delivered[job][w]) continue;
                delivered[job][w] = true;
                count[job]++;
            }
            for (int t = 0; t < jobs; t++) {
                if (decoded[t] < 0 && count[t] >= n - s) decoded[t] = r;
            }
        }
        return new Run(decoded, jobOf, burst);
    }

    /** Workers missing the old job: those that straggled then first (index order within each class). */
    private int[] redoOrder(boolean[] delivered, boolean[] straggledThen) {
        List<Integer> first = new ArrayList<>(), rest = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            if (delivered[w]) continue;
            (straggledThen[w] ? first : rest).add(w);
        }
        first.addAll(rest);
        return first.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int countRedo(int[] jobs, int old) {
        int c = 0;
        for (int j : jobs) if (j == old) c++;
        return c;
    }

    @Override
    public String toString() {
        return "SR-SGC(n=" + n + ", B=" + burst + ", W=" + window + ", λ=" + lambda + ", s=" + s + ")";
    }
}

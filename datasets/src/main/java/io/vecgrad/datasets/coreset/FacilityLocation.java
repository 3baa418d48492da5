package io.vecgrad.datasets.coreset;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Weighted facility-location coreset selection (CRAIG), as used by P49 (Liu &amp; Mirzasoleiman,
 * "Data-Efficient Augmentation for Training Neural Networks", NeurIPS 2022) to choose which
 * examples to augment.
 *
 * <p>Follows the reference code github.com/tianyu139/data-efficient-augmentation
 * ({@code utils/subset.py: get_coreset}, which calls CRAIG's {@code get_orders_and_weights}):
 * <ul>
 *   <li>per class {@code c}, the ground set {@code V_c} is the examples with that label; the
 *       similarity is {@code s_ij = D_max − ||g_i − g_j||₂} with {@code D_max} the largest
 *       pairwise distance within the class (Euclidean metric);</li>
 *   <li>the facility-location objective {@code F(S) = Σ_{i∈V_c} max_{j∈S} s_ij} is maximised by
 *       (lazy) greedy under a budget {@code k_c}; the reference's {@code equal_num} splits the
 *       budget in proportion to class sizes: here {@code k_c = max(1, round(fraction · |V_c|))};</li>
 *   <li>the weight of a selected {@code j} is its cluster size
 *       {@code #{i ∈ V_c : j = argmin_{j'∈S} ||g_i − g_j'||}} (ties to the smaller index);
 *       the reference then normalises the weights to mean 1 ({@link Coreset#normalizedWeights}).</li>
 * </ul>
 * The rows {@code g_i} are proxy gradients, in the reference the last-layer logit gradient
 * {@code softmax(z_i) − onehot(y_i)} (train.diagnostics.PerExample#logitGradients computes it).
 * Greedy ties go to the smaller index, so lazy and naive greedy return the same set.
 *
 * <pre>{@code
 * double[][] g = PerExample.logitGradients(model, x, y);
 * Coreset c = FacilityLocation.select(g, labels, 0.3);   // 30 % of each class, weights sum to N
 * }</pre>
 */
public final class FacilityLocation {
    private FacilityLocation() {}

    /**
     * Per-class weighted coreset of {@code fraction} of the rows of {@code g} (rows = examples,
     * {@code labels[i]} ≥ 0 the class of row i). Deterministic: no randomness is involved.
     */
    public static Coreset select(double[][] g, int[] labels, double fraction) {
        if (g.length != labels.length) {
            throw new IllegalArgumentException("FacilityLocation.select: " + g.length + " rows but " + labels.length + " labels");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("FacilityLocation.select: fraction must be in (0, 1], got " + fraction);
        }
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) throw new IllegalArgumentException("FacilityLocation.select: negative label " + labels[i] + " at row " + i);
            classes = Math.max(classes, labels[i] + 1);
        }
        List<Integer> idx = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int[] members = members(labels, c);
            if (members.length == 0) continue;
            double[][] gc = new double[members.length][];
            for (int a = 0; a < members.length; a++) gc[a] = g[members[a]];
            int k = Math.max(1, (int) Math.round(fraction * members.length));
            double[][] sim = similarity(gc);
            int[] chosen = lazyGreedy(sim, k);
            int[] sizes = clusterSizes(sim, chosen);
            for (int j = 0; j < chosen.length; j++) {
                idx.add(members[chosen[j]]);
                w.add((double) sizes[j]);
            }
        }
        return new Coreset(idx.stream().mapToInt(Integer::intValue).toArray(), w.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {@code s_ij = D_max − ||g_i − g_j||₂}, {@code D_max} the largest pairwise distance (CRAIG's similarity). */
    public static double[][] similarity(double[][] g) {
        int n = g.length;
        if (n > 0) {
            for (int i = 1; i < n; i++) {
                if (g[i].length != g[0].length) {
                    throw new IllegalArgumentException("FacilityLocation.similarity: row " + i + " has length " + g[i].length + ", row 0 has " + g[0].length);
                }
            }
        }
        double[][] d = new double[n][n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int t = 0; t < g[i].length; t++) {
                    double diff = g[i][t] - g[j][t];
                    s += diff * diff;
                }
                d[i][j] = d[j][i] = Math.sqrt(s);
                max = Math.max(max, d[i][j]);
            }
        }
        for (double[] row : d) {
            for (int j = 0; j < n; j++) row[j] = max - row[j];
        }
        return d;
    }

    /** {@code F(S) = Σ_i max_{j∈S} sim[i][j]}, 0 for the empty set. */
    public static double value(double[][] sim, int[] set) {
        double f = 0;
        for (double[] row : sim) {
            double best = 0;
            for (int j : set) best = Math.max(best, row[j]);
            f += best;
        }
        return f;
    }

    /** Plain greedy: {@code k} times add the element of largest marginal gain (ties: smaller index). */
    public static int[] greedy(double[][] sim, int k) {
        int n = checkBudget(sim, k);
        double[] cover = new double[n];
        boolean[] in = new boolean[n];
        int[] out = new int[k];
        for (int step = 0; step < k; step++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (in[j]) continue;
                double gain = gain(sim, cover, j);
                if (gain > bestGain) {
                    bestGain = gain;
                    best = j;
                }
            }
            add(sim, cover, best);
            in[best] = true;
            out[step] = best;
        }
        return out;
    }

    /**
     * Lazy greedy (Minoux): marginal gains only shrink (submodularity), so a stale gain is an
     * upper bound and an element whose refreshed gain still tops the queue is the greedy choice.
     * Returns exactly {@link #greedy}'s sequence.
     */
    public static int[] lazyGreedy(double[][] sim, int k) {
        int n = checkBudget(sim, k);
        double[] cover = new double[n];
        // entries: {bound, index, round in which the bound was computed}
        PriorityQueue<double[]> q = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        for (int j = 0; j < n; j++) q.add(new double[] {gain(sim, cover, j), j, 0});
        int[] out = new int[k];
        for (int step = 0; step < k; step++) {
            while (true) {
                double[] top = q.poll();
                int j = (int) top[1];
                if (top[2] == step) {
                    add(sim, cover, j);
                    out[step] = j;
                    break;
                }
                q.add(new double[] {gain(sim, cover, j), j, step});
            }
        }
        return out;
    }

    /** Cluster sizes: how many rows have {@code chosen[j]} as their most similar chosen element (ties: smaller index). */
    public static int[] clusterSizes(double[][] sim, int[] chosen) {
        int[] sizes = new int[chosen.length];
        for (double[] row : sim) {
            int best = -1;
            for (int j = 0; j < chosen.length; j++) {
                if (best < 0 || row[chosen[j]] > row[chosen[best]] || (row[chosen[j]] == row[chosen[best]] && chosen[j] < chosen[best])) best = j;
            }
            sizes[best]++;
        }
        return sizes;
    }

    private static double gain(double[][] sim, double[] cover, int j) {
        double g = 0;
        for (int i = 0; i < cover.length; i++) g += Math.max(0, sim[i][j] - cover[i]);
        return g;
    }

    private static void add(double[][] sim, double[] cover, int j) {
        for (int i = 0; i < cover.length; i++) cover[i] = Math.max(cover[i], sim[i][j]);
    }

    private static int checkBudget(double[][] sim, int k) {
        int n = sim.length;
        if (k < 0 || k > n) throw new IllegalArgumentException("FacilityLocation: budget " + k + " outside [0, " + n + "]");
        return n;
    }

    private static int[] members(int[] labels, int c) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }
}

package io.vecgrad.distributed.fed;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits example indices among workers: {@link #iid} (a seeded permutation cut into near-equal
 * parts) and {@link #dirichlet} (non-iid: each class is divided among the workers in proportions
 * drawn from Dir(α), the usual federated benchmark protocol; small α gives each worker few
 * classes). Deterministic per seed.
 *
 * <pre>{@code
 * int[][] iid = Shards.iid(1000, 10, 1);
 * int[][] skewed = Shards.dirichlet(labels, 10, 10, 0.1, 1);
 * }</pre>
 */
public final class Shards {
    private Shards() {}

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates on {@code rng}). */
    public static int[] permutation(int n, Rng rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** n examples in {@code workers} shards of sizes differing by at most one. */
    public static int[][] iid(int n, int workers, long seed) {
        if (workers < 1 || n < workers) throw new IllegalArgumentException("Shards.iid: need 1 ≤ workers ≤ n, got workers = " + workers + ", n = " + n);
        int[] p = permutation(n, new Rng(seed).split("shards/iid"));
        int[][] out = new int[workers][];
        for (int w = 0, start = 0; w < workers; w++) {
            int size = n / workers + (w < n % workers ? 1 : 0);
            out[w] = java.util.Arrays.copyOfRange(p, start, start + size);
            java.util.Arrays.sort(out[w]);
            start += size;
        }
        return out;
    }

    /**
     * Non-iid shards: for each class c, proportions p ~ Dir(α·1) over the workers cut the
     * class's shuffled examples. Redrawn (next stream) until every worker has at least one
     * example; fails after 100 draws.
     */
    public static int[][] dirichlet(int[] labels, int classes, int workers, double alpha, long seed) {
        if (!(alpha > 0)) throw new IllegalArgumentException("Shards.dirichlet: alpha must be positive, got " + alpha);
        if (workers < 1 || labels.length < workers) {
            throw new IllegalArgumentException("Shards.dirichlet: need 1 ≤ workers ≤ examples, got workers = " + workers + ", examples = " + labels.length);
        }
        Rng root = new Rng(seed).split("shards/dirichlet");
        for (int attempt = 0; attempt < 100; attempt++) {
            Rng rng = root.split(attempt);
            List<List<Integer>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) parts.add(new ArrayList<>());
            for (int c = 0; c < classes; c++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(i);
                int[] order = permutation(members.size(), rng.split("perm/" + c));
                double[] p = dirichletSample(workers, alpha, rng.split("dir/" + c));
                int start = 0;
                double cum = 0;
                for (int w = 0; w < workers; w++) {
                    cum += p[w];
                    int end = w == workers - 1 ? members.size() : (int) Math.round(cum * members.size());
                    for (int k = start; k < Math.max(start, end); k++) parts.get(w).add(members.get(order[k]));
                    start = Math.max(start, end);
                }
            }
            if (parts.stream().allMatch(l -> !l.isEmpty())) {
                int[][] out = new int[workers][];
                for (int w = 0; w < workers; w++) out[w] = parts.get(w).stream().mapToInt(Integer::intValue).sorted().toArray();
                return out;
            }
        }
        throw new IllegalArgumentException("Shards.dirichlet: some worker stayed empty in 100 draws (alpha = " + alpha + ", workers = " + workers
                + ", examples = " + labels.length + "); raise alpha or use fewer workers");
    }

    /** One Dir(α·1_k) sample: normalised Gamma(α, 1) draws. */
    static double[] dirichletSample(int k, double alpha, Rng rng) {
        double[] g = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, rng);
            s += g[i];
        }
        for (int i = 0; i < k; i++) g[i] /= s;
        return g;
    }

    /** Gamma(a, 1) by Marsaglia and Tsang, with the a &lt; 1 boost {@code G(a+1)·U^{1/a}}. */
    static double gamma(double a, Rng rng) {
        if (a < 1) {
            double u = 1.0 - rng.nextDouble();
            return gamma(a + 1, rng) * Math.pow(u, 1 / a);
        }
        double d = a - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}

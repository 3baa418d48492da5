package io.vecgrad.optim.problems.dag;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Random weighted DAGs and linear-Gaussian SEM samples in the setting of CoLiDE's
 * {@code utils.simulate_sem} (github.com/SAMiatto/colide): Erdős–Rényi graphs with edge
 * probability {@code 2·s0/(d²−d)} oriented along a random order, or Barabási–Albert scale-free
 * graphs with {@code m = round(s0/d)} edges per new node (newer nodes point to older ones, then a
 * random relabelling); weights uniform in {@code ±[0.5, 2]}; Gaussian noise with variance 1
 * (equal variance, "EV") or per-variable variances uniform in [0.5, 10] (non-equal variance,
 * "NV", CoLiDE's heteroscedastic setting). {@code datasets.synthetic.LinearSem} covers ER graphs
 * with its own noise families; this class adds the scale-free graphs and CoLiDE's variance range
 * so one generator serves every DAG experiment.
 *
 * <pre>{@code
 * DagSampler.Sample s = DagSampler.sample(DagSampler.Graph.SF, 20, 40, 1000, false, 7);
 * double[] x = s.x();      // n×d row-major
 * double[] w = s.w();      // d×d, w[i*d+j] != 0 iff i → j
 * }</pre>
 */
public final class DagSampler {
    /** Graph families. */
    public enum Graph { ER, SF }

    /**
     * One data set.
     *
     * @param x samples, n×d row-major
     * @param w true weighted adjacency, d×d
     * @param variances noise variance per variable
     */
    public record Sample(double[] x, double[] w, double[] variances, int n, int d) {}

    private DagSampler() {}

    /**
     * @param graph ER or SF
     * @param d nodes
     * @param edges expected edge count {@code s0}
     * @param n samples
     * @param equalVariance EV (all variances 1) or NV (uniform in [0.5, 10])
     */
    public static Sample sample(Graph graph, int d, int edges, int n, boolean equalVariance, long seed) {
        if (d < 2 || n < 1 || edges < 0) {
            throw new IllegalArgumentException("DagSampler: need d >= 2, n >= 1, edges >= 0; got d=" + d + ", n=" + n + ", edges=" + edges);
        }
        Rng rng = new Rng(seed).split("dag-sampler");
        boolean[] adj = graph == Graph.ER ? erdosRenyi(d, edges, rng.split("er")) : scaleFree(d, edges, rng.split("sf"));
        double[] w = new double[d * d];
        Rng rw = rng.split("weights");
        for (int k = 0; k < d * d; k++) {
            if (!adj[k]) continue;
            double mag = 0.5 + 1.5 * rw.nextDouble();
            w[k] = (rw.nextLong() & 1) == 0 ? mag : -mag;
        }
        double[] var = new double[d];
        Rng rv = rng.split("variances");
        for (int j = 0; j < d; j++) var[j] = equalVariance ? 1 : 0.5 + 9.5 * rv.nextDouble();
        int[] order = topologicalOrder(w, d);
        double[] x = new double[n * d];
        Rng rn = rng.split("noise");
        for (int i = 0; i < n; i++) {
            for (int j : order) {
                double v = Math.sqrt(var[j]) * rn.nextGaussian();
                for (int p = 0; p < d; p++) if (w[p * d + j] != 0) v += x[i * d + p] * w[p * d + j];
                x[i * d + j] = v;
            }
        }
        return new Sample(x, w, var, n, d);
    }

    private static boolean[] erdosRenyi(int d, int edges, Rng rng) {
        double p = Math.min(1, 2.0 * edges / ((double) d * d - d));
        int[] perm = permutation(d, rng.split("order"));
        boolean[] adj = new boolean[d * d];
        Rng g = rng.split("graph");
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) if (g.nextDouble() < p) adj[perm[a] * d + perm[b]] = true;
        }
        return adj;
    }

    /** Barabási–Albert as networkx builds it: m initial targets, then preferential attachment. */
    private static boolean[] scaleFree(int d, int edges, Rng rng) {
        int m = Math.max(1, Math.min(d - 1, (int) Math.round((double) edges / d)));
        boolean[] adj = new boolean[d * d];
        int[] perm = permutation(d, rng.split("relabel"));
        List<Integer> repeated = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int t = 0; t < m; t++) targets.add(t);
        Rng g = rng.split("attach");
        for (int source = m; source < d; source++) {
            for (int t : targets) adj[perm[source] * d + perm[t]] = true;   // newer → older keeps it acyclic
            repeated.addAll(targets);
            for (int k = 0; k < m; k++) repeated.add(source);
            Set<Integer> next = new LinkedHashSet<>();
            while (next.size() < m) next.add(repeated.get(g.nextInt(repeated.size())));
            targets = new ArrayList<>(next);
        }
        return adj;
    }

    private static int[] permutation(int d, Rng rng) {
        long[] p = rng.permutation(d).toLongArray();
        int[] r = new int[d];
        for (int i = 0; i < d; i++) r[i] = (int) p[i];
        return r;
    }

    /** A topological order of W's support (Kahn); throws if W has a cycle. */
    public static int[] topologicalOrder(double[] w, int d) {
        int[] order = kahn(w, d);
        if (order.length != d) throw new IllegalArgumentException("DagSampler.topologicalOrder: the graph has a cycle");
        return order;
    }

    /** Kahn's algorithm: the nodes it can order (all d of them iff W's support is acyclic). */
    static int[] kahn(double[] w, int d) {
        int[] indeg = new int[d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) if (w[i * d + j] != 0) indeg[j]++;
        int[] order = new int[d];
        int head = 0, tail = 0;
        for (int j = 0; j < d; j++) if (indeg[j] == 0) order[tail++] = j;
        while (head < tail) {
            int i = order[head++];
            for (int j = 0; j < d; j++) if (w[i * d + j] != 0 && --indeg[j] == 0) order[tail++] = j;
        }
        return java.util.Arrays.copyOf(order, tail);
    }
}

package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A communication graph with its mixing matrix W, validated symmetric, non-negative and doubly
 * stochastic (rows and columns sum to 1 within 1e-12). Graph factories use Metropolis weights
 * {@code W_ij = 1/(1 + max(d_i, d_j))} on edges and {@code W_ii = 1 − Σ_j W_ij}, so a ring
 * gets 1/3 per entry and the complete graph exactly 1/n. {@link #mix} combines neighbours in
 * increasing index order; on the complete graph it computes the plain average with
 * {@link ParamVector#mean}, so gossip on it is bitwise all-reduce averaging.
 *
 * <pre>{@code
 * Topology ring = Topology.ring(8);
 * double gap = ring.spectralGap();                  // 1 − |λ₂(W)|
 * List<ParamVector> next = ring.mix(models);        // x_i ← Σ_j W_ij x_j
 * Topology er = Topology.erdosRenyi(16, 0.3, 7);    // connected G(n, p), Metropolis weights
 * }</pre>
 */
public final class Topology {
    private static final double TOL = 1e-12;
    private final String name;
    private final double[][] w;
    private final int[][] neighbors;
    private final boolean complete;

    /** A topology from an explicit mixing matrix (validated; the array is copied). */
    public Topology(String name, double[][] mixing) {
        this.name = name;
        int n = mixing.length;
        if (n < 1) throw new IllegalArgumentException("Topology " + name + ": no nodes");
        this.w = new double[n][];
        for (int i = 0; i < n; i++) {
            if (mixing[i].length != n) {
                throw new IllegalArgumentException("Topology " + name + ": row " + i + " has " + mixing[i].length + " entries, expected " + n);
            }
            w[i] = mixing[i].clone();
        }
        validate();
        this.neighbors = new int[n][];
        boolean allEqual = true;
        for (int i = 0; i < n; i++) {
            List<Integer> nb = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i && w[i][j] != 0) nb.add(j);
                if (w[i][j] != 1.0 / n) allEqual = false;
            }
            neighbors[i] = nb.stream().mapToInt(Integer::intValue).toArray();
        }
        this.complete = allEqual;
    }

    private void validate() {
        int n = w.length;
        for (int i = 0; i < n; i++) {
            double row = 0, col = 0;
            for (int j = 0; j < n; j++) {
                if (!(w[i][j] >= 0)) throw new IllegalArgumentException("Topology " + name + ": W[" + i + "][" + j + "] = " + w[i][j] + " is negative or NaN");
                if (Math.abs(w[i][j] - w[j][i]) > TOL) {
                    throw new IllegalArgumentException("Topology " + name + ": W is not symmetric: W[" + i + "][" + j + "] = " + w[i][j]
                            + " but W[" + j + "][" + i + "] = " + w[j][i]);
                }
                row += w[i][j];
                col += w[j][i];
            }
            if (Math.abs(row - 1) > TOL || Math.abs(col - 1) > TOL) {
                throw new IllegalArgumentException("Topology " + name + ": W is not doubly stochastic: row " + i + " sums to " + row
                        + ", column " + i + " to " + col);
            }
        }
    }

    /** Metropolis weights for the undirected graph {@code adjacency} (diagonal ignored). */
    public static Topology metropolis(String name, boolean[][] adjacency) {
        int n = adjacency.length;
        int[] deg = new int[n];
        for (int i = 0; i < n; i++) {
            if (adjacency[i].length != n) throw new IllegalArgumentException("Topology " + name + ": adjacency row " + i + " has " + adjacency[i].length + " entries, expected " + n);
            for (int j = 0; j < n; j++) {
                if (adjacency[i][j] != adjacency[j][i]) throw new IllegalArgumentException("Topology " + name + ": adjacency not symmetric at (" + i + ", " + j + ")");
                if (i != j && adjacency[i][j]) deg[i]++;
            }
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            double off = 0;
            for (int j = 0; j < n; j++) {
                if (i != j && adjacency[i][j]) {
                    m[i][j] = 1.0 / (1 + Math.max(deg[i], deg[j]));
                    off += m[i][j];
                }
            }
            m[i][i] = 1 - off;
        }
        return new Topology(name, m);
    }

    /** Every pair connected: W = 11ᵀ/n exactly. */
    public static Topology complete(int n) {
        checkN("complete", n, 1);
        double[][] m = new double[n][n];
        for (double[] row : m) Arrays.fill(row, 1.0 / n);
        return new Topology("complete-" + n, m);
    }

    /** A cycle i ~ i±1 (mod n); weights 1/3 for n ≥ 3, 1/2 for n = 2. */
    public static Topology ring(int n) {
        checkN("ring", n, 1);
        boolean[][] a = new boolean[n][n];
        for (int i = 0; i < n && n > 1; i++) {
            a[i][(i + 1) % n] = a[(i + 1) % n][i] = true;
        }
        return metropolis("ring-" + n, a);
    }

    /** A rows × cols torus (4 neighbours per node, wrapping), node (r, c) = r·cols + c. */
    public static Topology torus(int rows, int cols) {
        checkN("torus rows", rows, 1);
        checkN("torus cols", cols, 1);
        int n = rows * cols;
        boolean[][] a = new boolean[n][n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                int right = r * cols + (c + 1) % cols, down = ((r + 1) % rows) * cols + c;
                if (right != i) a[i][right] = a[right][i] = true;
                if (down != i) a[i][down] = a[down][i] = true;
            }
        }
        return metropolis("torus-" + rows + "x" + cols, a);
    }

    /**
     * The static exponential graph: i ~ i ± 2^m (mod n) for 2^m &lt; n, undirected, Metropolis
     * weights (the P14 paper's exponential topology, made symmetric so W is doubly stochastic).
     */
    public static Topology exponential(int n) {
        checkN("exponential", n, 1);
        boolean[][] a = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int hop = 1; hop < n; hop *= 2) {
                int j = (i + hop) % n;
                if (j != i) a[i][j] = a[j][i] = true;
            }
        }
        return metropolis("exponential-" + n, a);
    }

    /**
     * An Erdős–Rényi graph G(n, p), redrawn (streams 0, 1, 2, … of {@code seed}) until connected,
     * with Metropolis weights. Fails after 1000 disconnected draws.
     */
    public static Topology erdosRenyi(int n, double p, long seed) {
        checkN("erdosRenyi", n, 1);
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("Topology.erdosRenyi: p must be in (0, 1], got " + p);
        Rng root = new Rng(seed).split("erdos-renyi");
        for (int attempt = 0; attempt < 1000; attempt++) {
            Rng rng = root.split(attempt);
            boolean[][] a = new boolean[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) a[i][j] = a[j][i] = rng.nextDouble() < p;
            }
            if (connected(a)) return metropolis("erdos-renyi-" + n + "-" + p, a);
        }
        throw new IllegalArgumentException("Topology.erdosRenyi: no connected G(" + n + ", " + p + ") in 1000 draws; raise p");
    }

    private static boolean connected(boolean[][] a) {
        int n = a.length;
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int top = 0, count = 1;
        stack[top++] = 0;
        seen[0] = true;
        while (top > 0) {
            int i = stack[--top];
            for (int j = 0; j < n; j++) {
                if (a[i][j] && !seen[j]) {
                    seen[j] = true;
                    count++;
                    stack[top++] = j;
                }
            }
        }
        return count == n;
    }

    private static void checkN(String what, int n, int min) {
        if (n < min) throw new IllegalArgumentException("Topology." + what + ": need ≥ " + min + " nodes, got " + n);
    }

    /** The name shown in tables, e.g. {@code ring-8}. */
    public String name() {
        return name;
    }

    /** Number of nodes. */
    public int size() {
        return w.length;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return w[i][j];
    }

    /** A copy of W. */
    public double[][] matrix() {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) c[i] = w[i].clone();
        return c;
    }

    /** The neighbours of i (j ≠ i with W_ij > 0), increasing. */
    public int[] neighbors(int i) {
        return neighbors[i].clone();
    }

    /** True when W = 11ᵀ/n exactly. */
    public boolean isComplete() {
        return complete;
    }

    /** Node i's mixing step {@code Σ_j W_ij x_j}, summed over j in increasing order (self included in order). */
    public ParamVector mixAt(int i, List<ParamVector> xs) {
        checkCount(xs.size());
        if (complete) return ParamVector.mean(xs);
        ParamVector out = ParamVector.zeros(xs.get(i).dim());
        for (int j = 0; j < w.length; j++) {
            if (w[i][j] != 0) out.axpyInPlace(w[i][j], xs.get(j));
        }
        return out;
    }

    /**
     * Node i's mixing step from what arrived: {@code W_ii·own + Σ_j W_ij·x_j} over the messages in
     * {@code inbox} (any order; summed over j increasing with own at position i). The weight of a
     * neighbour whose message is missing goes to the node itself, so the row still sums to 1. On
     * the complete graph with every message present it is {@link ParamVector#mean}, bitwise.
     */
    public ParamVector mixAt(int i, ParamVector own, List<Message> inbox) {
        ParamVector[] got = new ParamVector[w.length];
        for (Message m : inbox) {
            if (m.from() < 0 || m.from() >= w.length || w[i][m.from()] == 0 || m.from() == i) {
                throw new IllegalArgumentException("Topology " + name + ".mixAt: node " + i + " got a message from " + m.from() + ", not a neighbour");
            }
            got[m.from()] = m.payload();
        }
        got[i] = own;
        boolean all = true;
        for (int j = 0; j < w.length; j++) if (w[i][j] != 0 && got[j] == null) all = false;
        if (complete && all) return ParamVector.mean(java.util.Arrays.asList(got));
        double self = w[i][i];
        for (int j = 0; j < w.length; j++) if (j != i && w[i][j] != 0 && got[j] == null) self += w[i][j];
        ParamVector out = ParamVector.zeros(own.dim());
        for (int j = 0; j < w.length; j++) {
            double wij = j == i ? self : w[i][j];
            if (wij != 0 && got[j] != null) out.axpyInPlace(wij, got[j]);
        }
        return out;
    }

    /** One gossip step for every node: {@code x_i ← Σ_j W_ij x_j} (new vectors). */
    public List<ParamVector> mix(List<ParamVector> xs) {
        checkCount(xs.size());
        if (complete) {
            ParamVector avg = ParamVector.mean(xs);
            List<ParamVector> out = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) out.add(avg.copy());
            return out;
        }
        List<ParamVector> out = new ArrayList<>(xs.size());
        for (int i = 0; i < w.length; i++) out.add(mixAt(i, xs));
        return out;
    }

    private void checkCount(int k) {
        if (k != w.length) throw new IllegalArgumentException("Topology " + name + ".mix: " + k + " vectors for " + w.length + " nodes");
    }

    /**
     * The spectral gap {@code 1 − max(|λ₂|, |λ_n|)} of W, by power iteration on the deflated
     * matrix {@code W − 11ᵀ/n} (W is symmetric with top eigenvector 1/√n). 0 for a disconnected
     * graph, 1 for the complete graph.
     */
    public double spectralGap() {
        int n = w.length;
        if (n == 1) return 1;
        Rng rng = new Rng(n).split("spectral-gap");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
        double lambda = 0;
        for (int it = 0; it < 5000; it++) {
            double mean = Arrays.stream(v).sum() / n;
            for (int i = 0; i < n; i++) v[i] -= mean;
            double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
            if (norm == 0) return 1;
            for (int i = 0; i < n; i++) v[i] /= norm;
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += w[i][j] * v[j];
                u[i] = s;
            }
            double mu = Arrays.stream(u).sum() / n;
            for (int i = 0; i < n; i++) u[i] -= mu;
            double next = Math.sqrt(Arrays.stream(u).map(x -> x * x).sum());
            v = u;
            if (Math.abs(next - lambda) < 1e-13) {
                lambda = next;
                break;
            }
            lambda = next;
        }
        return Math.max(0, 1 - lambda);
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.vecgrad.optim.solvers.dag;

import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.DenseOps;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * P39 TOPO: optimizing the NOTEARS least-squares program by local search over topological
 * orders (Deng, Bello, Aragam, Ravikumar, "Optimizing NOTEARS Objectives via Topological Swaps",
 * ICML 2023; authors' code github.com/duntrain/topo, {@code Topo_linear.py} and
 * {@code Topo_utils.py}, read through the spec's transcription — the repository could not be
 * fetched here).
 *
 * <p><b>Inner problem.</b> For an order π, {@code W(π) = argmin Q(W)} over W supported on
 * "i before j in π" decouples into one least-squares regression per column on its
 * predecessors. We regress on the covariance {@code Σ̂ = XᵀX/n} of the centred data: column j
 * with predecessors P gets {@code b = Σ̂_PP⁻¹ Σ̂_Pj} and contributes
 * {@code ½(Σ̂_jj − Σ̂_jP b)} to {@code Q = (1/2n)‖X − XW‖²}.
 *
 * <p><b>Outer problem</b> (as the code): the acyclicity gradient of the code's variant
 * {@code h = −log det(I − |W|)}, {@code ∇h = (I − |W|)⁻ᵀ}, ranks the forbidden pairs (i, j)
 * (i after j in π); the {@code sizeSmall} pairs with the smallest {@code (∇h)_ij} are the
 * candidates. Each candidate swaps the positions of i and j and refits only the columns at
 * positions between them. If some candidate lowers Q, the improving swaps are applied greedily
 * in order of their loss, skipping those no longer valid; otherwise the {@code sizeLarge}
 * set (minus the small one) is tried, at most {@code noLargeSearch} times; then stop.
 *
 * <p><b>Deviation</b> (to make "every accepted swap strictly decreases Q" hold exactly): after
 * the first (best, already evaluated) swap, each further greedy swap is re-evaluated from the
 * current order and kept only if it still lowers Q. The authors apply the later swaps without
 * re-checking.
 *
 * <pre>{@code
 * Topo.Result r = Topo.fit(x, n, d, Topo.Options.defaults(), 7);   // random initial order from seed 7
 * DagFit fit = r.fit();
 * }</pre>
 */
public final class Topo {
    /**
     * @param sizeSmall candidate pairs per round (code demo 100)
     * @param sizeLarge the enlarged candidate set (400)
     * @param noLargeSearch how many times the large set may be used (1)
     * @param threshold edge threshold applied to W(π) for the reported estimate (0.3)
     * @param maxRounds safety cap on swap rounds
     */
    public record Options(int sizeSmall, int sizeLarge, int noLargeSearch, double threshold, int maxRounds) {
        public static Options defaults() {
            return new Options(100, 400, 1, 0.3, 10_000);
        }
    }

    /**
     * @param fit the estimate (raw = W(π), weights = thresholded)
     * @param order the final topological order
     * @param lossHistory Q after each accepted round, starting with the initial order
     * @param swaps swaps applied
     */
    public record Result(DagFit fit, int[] order, double[] lossHistory, int swaps) {}

    private final double[] cov;
    private final int d;
    private long evaluations;

    private Topo(double[] cov, int d) {
        this.cov = cov;
        this.d = d;
    }

    /** The inner least-squares machinery for data X (package-private: tests drive single swaps). */
    static Topo forData(double[] x, int n, int d) {
        return new Topo(DenseOps.gram(DenseOps.centerColumns(x, n, d), n, d, 1.0 / n), d);
    }

    /** Fits from a random initial order drawn from {@code seed}. */
    public static Result fit(double[] x, int n, int d, Options o, long seed) {
        long[] p = new Rng(seed).split("topo-order").permutation(d).toLongArray();
        int[] order = new int[d];
        for (int i = 0; i < d; i++) order[i] = (int) p[i];
        return fit(x, n, d, o, order);
    }

    /** Fits from a given initial order (e.g. another method's output, the paper's post-processing use). */
    public static Result fit(double[] x, int n, int d, Options o, int[] initialOrder) {
        long t0 = System.nanoTime();
        if (initialOrder.length != d) throw new IllegalArgumentException("Topo: order has " + initialOrder.length + " entries, d = " + d);
        Topo t = forData(x, n, d);
        int[] order = initialOrder.clone();
        double[] w = new double[d * d], colLoss = new double[d];
        t.refit(order, 0, d - 1, w, colLoss);
        double loss = sum(colLoss);
        List<Double> history = new ArrayList<>(List.of(loss));
        int largeUsed = 0, swaps = 0, rounds = 0;
        while (rounds++ < o.maxRounds()) {
            int[][] ranked = t.rankForbiddenPairs(order, w);
            int[][] small = Arrays.copyOf(ranked, Math.min(o.sizeSmall(), ranked.length));
            double[] lossSmall = t.candidateLosses(order, w, colLoss, small);
            int[][] cands = small;
            double[] losses = lossSmall;
            if (min(lossSmall) >= loss) {
                if (largeUsed >= o.noLargeSearch()) break;
                cands = Arrays.copyOfRange(ranked, small.length, Math.min(o.sizeLarge(), ranked.length));
                losses = t.candidateLosses(order, w, colLoss, cands);
                if (min(losses) >= loss) break;
                largeUsed++;
            }
            int applied = t.applyGreedy(order, w, colLoss, cands, losses, loss);
            swaps += applied;
            loss = sum(colLoss);
            history.add(loss);
        }
        double[] est = DagMetrics.threshold(w, d, o.threshold());
        DagFit fit = new DagFit(w.clone(), est, d, rounds, t.evaluations, loss, "no improving swap", (System.nanoTime() - t0) * 1e-9);
        return new Result(fit, order, history.stream().mapToDouble(Double::doubleValue).toArray(), swaps);
    }

    /** Forbidden off-diagonal pairs (i after j) by increasing {@code [(I − |W|)⁻ᵀ]_ij}, ties by index. */
    int[][] rankForbiddenPairs(int[] order, double[] w) {
        double[] m = new double[d * d];
        for (int k = 0; k < d * d; k++) m[k] = -Math.abs(w[k]);
        for (int i = 0; i < d; i++) m[i * d + i] += 1;
        double[] inv = Linalg.inv(Tensor.wrap(m, d, d)).toDoubleArray();
        int[] pos = positions(order);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) if (pos[i] > pos[j]) pairs.add(new int[] {i, j});
        pairs.sort(Comparator.comparingDouble((int[] e) -> inv[e[1] * d + e[0]]).thenComparingInt(e -> e[0] * d + e[1]));
        return pairs.toArray(new int[0][]);
    }

    private double[] candidateLosses(int[] order, double[] w, double[] colLoss, int[][] cands) {
        double[] out = new double[cands.length];
        for (int c = 0; c < cands.length; c++) {
            int[] o2 = order.clone();
            double[] w2 = w.clone(), cl2 = colLoss.clone();
            out[c] = swapAndRefit(o2, w2, cl2, cands[c][0], cands[c][1]);
        }
        return out;
    }

    private int applyGreedy(int[] order, double[] w, double[] colLoss, int[][] cands, double[] losses, double loss) {
        Integer[] idx = new Integer[cands.length];
        for (int k = 0; k < idx.length; k++) idx[k] = k;
        Arrays.sort(idx, Comparator.comparingDouble((Integer k) -> losses[k]).thenComparingInt(k -> k));
        int applied = 0;
        double current = loss;
        for (int k : idx) {
            if (losses[k] >= loss) break;
            int i = cands[k][0], j = cands[k][1];
            int[] pos = positions(order);
            if (pos[i] <= pos[j]) continue;   // an earlier swap already allowed i → j
            int[] o2 = order.clone();
            double[] w2 = w.clone(), cl2 = colLoss.clone();
            double l2 = swapAndRefit(o2, w2, cl2, i, j);
            if (l2 >= current) continue;
            System.arraycopy(o2, 0, order, 0, d);
            System.arraycopy(w2, 0, w, 0, w.length);
            System.arraycopy(cl2, 0, colLoss, 0, d);
            current = l2;
            applied++;
        }
        return applied;
    }

    /** Swaps i and j (i after j) in {@code order}, refits the columns in between; returns the new Q. */
    double swapAndRefit(int[] order, double[] w, double[] colLoss, int i, int j) {
        int[] pos = positions(order);
        int pi = pos[i], pj = pos[j];
        order[pj] = i;
        order[pi] = j;
        refit(order, pj, pi, w, colLoss);
        return sum(colLoss);
    }

    /** Regresses the nodes at positions {@code from..to} of {@code order} on their predecessors. */
    void refit(int[] order, int from, int to, double[] w, double[] colLoss) {
        for (int k = from; k <= to; k++) {
            int j = order[k];
            for (int i = 0; i < d; i++) w[i * d + j] = 0;
            int[] parents = Arrays.copyOf(order, k);
            double[] b = regress(parents, j);
            double explained = 0;
            for (int a = 0; a < k; a++) {
                w[parents[a] * d + j] = b[a];
                explained += cov[j * d + parents[a]] * b[a];
            }
            colLoss[j] = 0.5 * (cov[j * d + j] - explained);
            evaluations++;
        }
    }

    /** OLS coefficients of column j on {@code parents} from the covariance (Cholesky; tiny ridge if singular). */
    private double[] regress(int[] parents, int j) {
        int k = parents.length;
        if (k == 0) return new double[0];
        double[] a = new double[k * k], rhs = new double[k];
        for (int r = 0; r < k; r++) {
            rhs[r] = cov[parents[r] * d + j];
            for (int c = 0; c < k; c++) a[r * k + c] = cov[parents[r] * d + parents[c]];
        }
        return SmallCholesky.solve(a, rhs, k);
    }

    private int[] positions(int[] order) {
        int[] pos = new int[d];
        for (int k = 0; k < d; k++) pos[order[k]] = k;
        return pos;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }
}

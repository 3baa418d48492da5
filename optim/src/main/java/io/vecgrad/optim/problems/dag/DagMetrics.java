package io.vecgrad.optim.problems.dag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Structure-recovery metrics of an estimated DAG against the true one, as NOTEARS'
 * {@code utils.count_accuracy} (also used by CoLiDE and TOPO) counts them on binary
 * adjacency matrices ({@code B[i][j] = 1} iff edge i → j):
 *
 * <ul>
 *   <li>{@code tpr} = correctly oriented predicted edges / true edges;
 *   <li>{@code fdr} = (reversed + false-positive predicted edges) / predicted edges;
 *   <li>{@code fpr} = (reversed + false positives) / true non-edges ({@code d(d−1)/2 − |E|});
 *   <li>{@code shd} = extra + missing skeleton edges + reversed edges (a reversal counts once);
 *   <li>{@code normalizedShd} = {@code shd / d} (CoLiDE's "normalized SHD" divides by the
 *       number of nodes).
 * </ul>
 *
 * <pre>{@code
 * DagMetrics m = DagMetrics.of(trueW, estimatedW, d);
 * System.out.println(m.shd() + " " + m.tpr() + " " + m.fdr());
 * }</pre>
 *
 * @param shd structural Hamming distance
 * @param tpr true-positive rate
 * @param fdr false-discovery rate
 * @param fpr false-positive rate
 * @param normalizedShd SHD divided by the number of nodes
 * @param predicted number of predicted edges
 */
public record DagMetrics(int shd, double tpr, double fdr, double fpr, double normalizedShd, int predicted) {

    /** Compares supports ({@code ≠ 0}) of two row-major d×d matrices. */
    public static DagMetrics of(double[] trueW, double[] estW, int d) {
        if (trueW.length != d * d || estW.length != d * d) {
            throw new IllegalArgumentException("DagMetrics: need two " + d + "x" + d + " matrices, got lengths "
                    + trueW.length + " and " + estW.length);
        }
        int cond = 0, pred = 0, truePos = 0, reverse = 0, falsePos = 0, extra = 0, missing = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                boolean t = trueW[i * d + j] != 0, tRev = trueW[j * d + i] != 0, e = estW[i * d + j] != 0;
                if (t) cond++;
                if (!e) continue;
                pred++;
                if (t) truePos++;
                else if (tRev) reverse++;
                else falsePos++;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                boolean t = trueW[i * d + j] != 0 || trueW[j * d + i] != 0;
                boolean e = estW[i * d + j] != 0 || estW[j * d + i] != 0;
                if (e && !t) extra++;
                if (t && !e) missing++;
            }
        }
        double condNeg = 0.5 * d * (d - 1) - cond;
        int shd = extra + missing + reverse;
        return new DagMetrics(shd, (double) truePos / Math.max(cond, 1), (double) (reverse + falsePos) / Math.max(pred, 1),
                (reverse + falsePos) / Math.max(condNeg, 1), (double) shd / d, pred);
    }

    /** Whether the support of W has no directed cycle (Kahn's algorithm). */
    public static boolean isDag(double[] w, int d) {
        return DagSampler.kahn(w, d).length == d;
    }

    /**
     * CoLiDE's {@code to_dag}: zero every {@code |w| ≤ threshold}, then, while a cycle remains,
     * remove the remaining edges in order of increasing {@code |w|}. Returns a new matrix.
     */
    public static double[] threshold(double[] w, int d, double threshold) {
        double[] a = w.clone();
        List<Integer> edges = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) <= threshold) a[i] = 0;
            else edges.add(i);
        }
        if (isDag(a, d)) return a;
        edges.sort(Comparator.comparingDouble((Integer k) -> Math.abs(a[k])).thenComparingInt(k -> k));
        for (int k : edges) {
            if (isDag(a, d)) break;
            a[k] = 0;
        }
        return a;
    }
}

package io.vecgrad.optim.bcd;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Message passing on forest blocks of a {@link SparseQuadratic} (P40 §5): when the subgraph of Q's
 * dependency graph induced by a block b is a forest, {@code Q_bb x_b = c_b − Q_bc x_c} is solved
 * exactly in {@code O(Σ_{i∈b} deg(i))} by Gaussian elimination in a perfect elimination order —
 * leaves are eliminated into their parents toward the roots, then values are substituted back
 * from the roots. This is Gaussian belief propagation on a tree, exact there (the code's
 * {@code bpGabp} update iterates the same messages to convergence; its {@code bpExact} is the dense
 * solve this class is tested against). Also the greedy forest builder of the code's
 * {@code tree_algorithms.get_tree_slow}.
 *
 * <pre>{@code
 * int[] block = ForestSolve.greedyForest(q, order);      // an acyclic induced subgraph
 * ForestSolve.solveBlock(q, block, x);                   // x_b ← Q_bb⁻¹(c_b − Q_bc x_c)
 * }</pre>
 */
public final class ForestSolve {
    private ForestSolve() {}

    /**
     * Overwrites {@code x_b} with the exact minimizer of f over block b.
     *
     * @throws IllegalArgumentException when the induced subgraph of the block has a cycle
     */
    public static void solveBlock(SparseQuadratic q, int[] block, double[] x) {
        int n = q.dim(), k = block.length;
        int[] local = new int[n];
        Arrays.fill(local, -1);
        for (int t = 0; t < k; t++) local[block[t]] = t;
        double[] d = new double[k], rhs = new double[k];
        int[] deg = new int[k];
        for (int t = 0; t < k; t++) {
            int i = block[t];
            double r = q.linear(i);
            for (int e = q.rowStart(i); e < q.rowEnd(i); e++) {
                int j = q.col(e);
                if (j == i) d[t] = q.value(e);
                else if (local[j] >= 0) {
                    if (q.value(e) != 0) deg[t]++;
                }
                else r -= q.value(e) * x[j];
            }
            rhs[t] = r;
        }
        // eliminate leaves toward the roots
        int[] order = new int[k], parent = new int[k];
        double[] parentCoef = new double[k];
        boolean[] done = new boolean[k];
        ArrayDeque<Integer> leaves = new ArrayDeque<>();
        for (int t = 0; t < k; t++) if (deg[t] <= 1) leaves.add(t);
        int m = 0;
        while (!leaves.isEmpty()) {
            int t = leaves.poll();
            if (done[t]) continue;
            done[t] = true;
            order[m++] = t;
            parent[t] = -1;
            int i = block[t];
            for (int e = q.rowStart(i); e < q.rowEnd(i); e++) {
                int u = q.col(e) == i ? -1 : local[q.col(e)];
                if (u < 0 || done[u] || q.value(e) == 0) continue;
                // t's single remaining neighbour u becomes its parent
                double a = q.value(e);
                parent[t] = u;
                parentCoef[t] = a;
                d[u] -= a * a / d[t];
                rhs[u] -= a * rhs[t] / d[t];
                if (--deg[u] <= 1) leaves.add(u);
            }
        }
        if (m < k) throw new IllegalArgumentException("ForestSolve: the block's induced subgraph has a cycle (" + (k - m) + " of " + k + " nodes on cycles)");
        double[] xb = new double[k];
        for (int s = k - 1; s >= 0; s--) {
            int t = order[s];
            xb[t] = parent[t] < 0 ? rhs[t] / d[t] : (rhs[t] - parentCoef[t] * xb[parent[t]]) / d[t];
        }
        for (int t = 0; t < k; t++) x[block[t]] = xb[t];
    }

    /**
     * Adds nodes in the given order, keeping a node only if the induced subgraph stays acyclic (its
     * neighbours already in the block lie in distinct trees); union–find over tree ids. The code's
     * {@code get_tree_slow}. Returns the block sorted ascending.
     */
    public static int[] greedyForest(SparseQuadratic q, int[] order) {
        int n = q.dim();
        int[] tree = new int[n];
        Arrays.fill(tree, -1);   // −1: not in the block; else a union–find parent
        int[] out = new int[n];
        int m = 0;
        for (int i : order) {
            int[] nb = q.neighbors(i);
            boolean ok = true;
            int[] roots = new int[nb.length];
            int r = 0;
            for (int j : nb) {
                if (tree[j] < 0) continue;
                int root = find(tree, j);
                for (int s = 0; s < r; s++) if (roots[s] == root) ok = false;
                if (!ok) break;
                roots[r++] = root;
            }
            if (!ok) continue;
            tree[i] = i;
            for (int s = 0; s < r; s++) tree[roots[s]] = i;
            out[m++] = i;
        }
        int[] block = Arrays.copyOf(out, m);
        Arrays.sort(block);
        return block;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** True when the subgraph induced by the block is a forest (edges = nodes − components). */
    public static boolean isForest(SparseQuadratic q, int[] block) {
        int n = q.dim();
        int[] uf = new int[n];
        Arrays.fill(uf, -1);
        for (int i : block) uf[i] = i;
        for (int i : block) {
            for (int j : q.neighbors(i)) {
                if (j <= i || uf[j] < 0) continue;
                int a = find(uf, i), b = find(uf, j);
                if (a == b) return false;
                uf[a] = b;
            }
        }
        return true;
    }
}

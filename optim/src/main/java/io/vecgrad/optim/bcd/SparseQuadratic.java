package io.vecgrad.optim.bcd;

import java.util.Arrays;

/**
 * The quadratic {@code f(x) = ½xᵀQx − cᵀx} with a sparse symmetric positive definite Q in
 * compressed rows (the code's {@code BeliefPropagation} loss, {@code losses.py}):
 * {@code L_i = Q_ii}, {@code H_b = ∇²_bb f = Q_bb}. Its dependency graph has an edge (i, j) iff
 * {@code Q_ij ≠ 0}, i ≠ j; {@link ForestSolve} solves forest blocks of it exactly in linear time.
 *
 * <pre>{@code
 * SparseQuadratic q = SparseQuadratic.fromTriplets(n, rows, cols, vals, c);   // both triangles given
 * }</pre>
 */
public final class SparseQuadratic implements BlockProblem {
    private final int n;
    private final int[] rowPtr, colIdx;
    private final double[] val, c, diag;

    private SparseQuadratic(int n, int[] rowPtr, int[] colIdx, double[] val, double[] c) {
        this.n = n;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.val = val;
        this.c = c;
        diag = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (colIdx[k] == i) diag[i] = val[k];
            if (!(diag[i] > 0)) throw new IllegalArgumentException("SparseQuadratic: Q[" + i + "," + i + "] = " + diag[i] + " is not positive");
        }
    }

    /**
     * Builds Q from (row, col, value) triplets, summing duplicates; the caller gives both
     * triangles. Checks symmetry.
     *
     * @throws IllegalArgumentException when lengths disagree, an index is out of range, Q is not
     *     symmetric or a diagonal entry is not positive
     */
    public static SparseQuadratic fromTriplets(int n, int[] rows, int[] cols, double[] vals, double[] c) {
        if (rows.length != cols.length || rows.length != vals.length || c.length != n) {
            throw new IllegalArgumentException("SparseQuadratic: " + rows.length + " rows, " + cols.length + " cols, " + vals.length
                    + " values and c of length " + c.length + " for n = " + n);
        }
        int m = rows.length;
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            if (rows[k] < 0 || rows[k] >= n || cols[k] < 0 || cols[k] >= n) {
                throw new IllegalArgumentException("SparseQuadratic: entry " + k + " at (" + rows[k] + "," + cols[k] + ") is outside " + n + "×" + n);
            }
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> rows[p] != rows[q] ? Integer.compare(rows[p], rows[q]) : Integer.compare(cols[p], cols[q]));
        int[] rowPtr = new int[n + 1];
        int[] ci = new int[m];
        double[] v = new double[m];
        int nnz = 0;
        for (int t = 0; t < m; t++) {
            int k = order[t];
            if (nnz > 0 && ci[nnz - 1] == cols[k] && t > 0 && rows[order[t - 1]] == rows[k]) {
                v[nnz - 1] += vals[k];
            } else {
                ci[nnz] = cols[k];
                v[nnz] = vals[k];
                nnz++;
                rowPtr[rows[k] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
        SparseQuadratic q = new SparseQuadratic(n, rowPtr, Arrays.copyOf(ci, nnz), Arrays.copyOf(v, nnz), c.clone());
        for (int i = 0; i < n; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                if (q.get(q.colIdx[k], i) != q.val[k]) {
                    throw new IllegalArgumentException("SparseQuadratic: Q is not symmetric at (" + i + "," + q.colIdx[k] + ")");
                }
            }
        }
        return q;
    }

    @Override
    public int dim() {
        return n;
    }

    /** Q_ij (0 when not stored). */
    public double get(int i, int j) {
        int k = Arrays.binarySearch(colIdx, rowPtr[i], rowPtr[i + 1], j);
        return k >= 0 ? val[k] : 0;
    }

    /** c_i. */
    double linear(int i) {
        return c[i];
    }

    /** The linear term c. */
    public double[] linear() {
        return c.clone();
    }

    /** Neighbours of i in the dependency graph (j ≠ i with Q_ij ≠ 0). */
    public int[] neighbors(int i) {
        int[] out = new int[rowPtr[i + 1] - rowPtr[i]];
        int m = 0;
        for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (colIdx[k] != i && val[k] != 0) out[m++] = colIdx[k];
        return Arrays.copyOf(out, m);
    }

    int rowStart(int i) {
        return rowPtr[i];
    }

    int rowEnd(int i) {
        return rowPtr[i + 1];
    }

    int col(int k) {
        return colIdx[k];
    }

    double value(int k) {
        return val[k];
    }

    /** (Qx)_i. */
    double rowDot(int i, double[] x) {
        double s = 0;
        for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += val[k] * x[colIdx[k]];
        return s;
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i] * (0.5 * rowDot(i, x) - c[i]);
        return s;
    }

    @Override
    public void gradient(double[] x, double[] out) {
        for (int i = 0; i < n; i++) out[i] = rowDot(i, x) - c[i];
    }

    @Override
    public double[] blockGradient(double[] x, int[] block) {
        double[] g = new double[block.length];
        for (int k = 0; k < block.length; k++) g[k] = rowDot(block[k], x) - c[block[k]];
        return g;
    }

    @Override
    public double[] coordinateLipschitz() {
        return diag.clone();
    }

    @Override
    public double[][] upperBound(int[] block) {
        int k = block.length;
        double[][] h = new double[k][k];
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) h[p][q] = get(block[p], block[q]);
        }
        return h;
    }

    @Override
    public double[][] hessianBlock(double[] x, int[] block) {
        return upperBound(block);
    }

    @Override
    public double[] upperBoundRowSums() {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s[i] += Math.abs(val[k]);
        }
        return s;
    }

    @Override
    public void upperBoundTimes(double[] v, double[] out) {
        for (int i = 0; i < n; i++) out[i] = rowDot(i, v);
    }

    @Override
    public boolean isQuadratic() {
        return true;
    }

    /** A dense copy of Q (tests, small problems). */
    public double[][] dense() {
        return upperBound(DenseBlocks.range(n));
    }
}

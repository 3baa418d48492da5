package io.vecgrad.tensor.sparse;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) form: the column indices and
 * values of row {@code i} are {@code colIdx[rowPtr[i] .. rowPtr[i+1])}, sorted by column with
 * no duplicates. Values are float32 or float64; products with dense tensors accumulate in
 * double in a fixed order (deterministic) and return tensors of the matrix's dtype.
 *
 * <pre>{@code
 * CsrMatrix a = CsrMatrix.fromCoo(2, 3, new int[] {0, 1, 1}, new int[] {2, 0, 2},
 *                                 new double[] {5, 1, -1}, DType.FLOAT64);
 * Tensor y = a.matvec(Tensor.of(new double[] {1, 2, 3}));      // [15, -2]
 * Tensor g = a.transposeMatvec(Tensor.of(new double[] {1, 1})); // Aᵀ·1 = [1, 0, 4]
 * }</pre>
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] dvals;   // exactly one of dvals/fvals is non-null
    private final float[] fvals;

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] dvals, float[] fvals) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.dvals = dvals;
        this.fvals = fvals;
        validate();
    }

    /** A float64 matrix from CSR arrays (copied), validated. */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        return new CsrMatrix(rows, cols, rowPtr.clone(), colIdx.clone(), values.clone(), null);
    }

    /** A float32 matrix from CSR arrays (copied), validated. */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        return new CsrMatrix(rows, cols, rowPtr.clone(), colIdx.clone(), null, values.clone());
    }

    /** The nonzeros of a 2-D float32 or float64 tensor. */
    public static CsrMatrix fromDense(Tensor dense) {
        if (dense.dim() != 2 || !dense.dtype().isFloating()) {
            throw new IllegalArgumentException("CsrMatrix.fromDense: need a 2-D float tensor, got " + dense.dtype()
                    + " of shape " + Arrays.toString(dense.shape()));
        }
        int r = dense.size(0);
        int c = dense.size(1);
        double[] v = dense.toDoubleArray();
        int[] ptr = new int[r + 1];
        for (int i = 0; i < r; i++) {
            int n = 0;
            for (int j = 0; j < c; j++) if (v[i * c + j] != 0) n++;
            ptr[i + 1] = ptr[i] + n;
        }
        int[] idx = new int[ptr[r]];
        double[] vals = new double[ptr[r]];
        int k = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                if (v[i * c + j] != 0) {
                    idx[k] = j;
                    vals[k++] = v[i * c + j];
                }
            }
        }
        return build(r, c, ptr, idx, vals, dense.dtype());
    }

    /**
     * From coordinate triplets in any order; duplicates are summed (in input order, so the
     * result is deterministic). Explicit zeros are kept.
     */
    public static CsrMatrix fromCoo(int rows, int cols, int[] r, int[] c, double[] v, DType dtype) {
        if (r.length != c.length || r.length != v.length) {
            throw new IllegalArgumentException("CsrMatrix.fromCoo: rows/cols/values lengths differ: "
                    + r.length + ", " + c.length + ", " + v.length);
        }
        checkDims("fromCoo", rows, cols);
        Integer[] order = new Integer[r.length];
        for (int k = 0; k < r.length; k++) {
            if (r[k] < 0 || r[k] >= rows || c[k] < 0 || c[k] >= cols) {
                throw new IllegalArgumentException("CsrMatrix.fromCoo: entry " + k + " at (" + r[k] + ", " + c[k]
                        + ") outside " + rows + "x" + cols);
            }
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> r[a] != r[b] ? Integer.compare(r[a], r[b]) : c[a] != c[b] ? Integer.compare(c[a], c[b]) : Integer.compare(a, b));
        int[] ptr = new int[rows + 1];
        int[] idx = new int[r.length];
        double[] vals = new double[r.length];
        int n = 0;
        for (int k = 0; k < order.length; k++) {
            int e = order[k];
            if (n > 0 && k > 0 && r[order[k - 1]] == r[e] && c[order[k - 1]] == c[e]) {
                vals[n - 1] += v[e];
            } else {
                idx[n] = c[e];
                vals[n++] = v[e];
                ptr[r[e] + 1]++;
            }
        }
        for (int i = 0; i < rows; i++) ptr[i + 1] += ptr[i];
        return build(rows, cols, ptr, Arrays.copyOf(idx, n), Arrays.copyOf(vals, n), dtype);
    }

    private static CsrMatrix build(int rows, int cols, int[] ptr, int[] idx, double[] vals, DType dtype) {
        if (dtype == DType.FLOAT64) return new CsrMatrix(rows, cols, ptr, idx, vals, null);
        if (dtype != DType.FLOAT32) throw new IllegalArgumentException("CsrMatrix: dtype must be FLOAT32 or FLOAT64, got " + dtype);
        float[] f = new float[vals.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) vals[i];
        return new CsrMatrix(rows, cols, ptr, idx, null, f);
    }

    private static void checkDims(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("CsrMatrix." + op + ": negative shape " + rows + "x" + cols);
    }

    private void validate() {
        checkDims("of", rows, cols);
        int nnz = colIdx.length;
        int nv = dvals != null ? dvals.length : fvals.length;
        if (rowPtr.length != rows + 1) throw new IllegalArgumentException("CsrMatrix: rowPtr has length " + rowPtr.length + ", expected rows+1 = " + (rows + 1));
        if (rowPtr[0] != 0) throw new IllegalArgumentException("CsrMatrix: rowPtr[0] must be 0, got " + rowPtr[0]);
        if (rowPtr[rows] != nnz || nv != nnz) {
            throw new IllegalArgumentException("CsrMatrix: rowPtr[rows] = " + rowPtr[rows] + ", colIdx has " + nnz + " and values " + nv + " entries; all must agree");
        }
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) throw new IllegalArgumentException("CsrMatrix: rowPtr decreases at row " + i);
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                if (colIdx[k] < 0 || colIdx[k] >= cols) throw new IllegalArgumentException("CsrMatrix: row " + i + " has column " + colIdx[k] + " outside [0, " + cols + ")");
                if (k > rowPtr[i] && colIdx[k] <= colIdx[k - 1]) throw new IllegalArgumentException("CsrMatrix: row " + i + " columns not strictly increasing at entry " + k);
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int[] shape() { return new int[] {rows, cols}; }

    /** Stored entries. */
    public int nnz() { return colIdx.length; }

    public DType dtype() { return dvals != null ? DType.FLOAT64 : DType.FLOAT32; }

    /** First entry of row {@code i} in {@link #colIdx()} (row {@code i} ends at {@code rowStart(i + 1)}). */
    public int rowStart(int i) { return rowPtr[i]; }

    /** Number of stored entries in row {@code i}. */
    public int rowNnz(int i) { return rowPtr[i + 1] - rowPtr[i]; }

    /** Column index of entry {@code k}. */
    public int col(int k) { return colIdx[k]; }

    /** Value of entry {@code k}. */
    public double value(int k) { return dvals != null ? dvals[k] : fvals[k]; }

    /** A copy of the row pointer array. */
    public int[] rowPtr() { return rowPtr.clone(); }

    /** A copy of the column index array. */
    public int[] colIdx() { return colIdx.clone(); }

    /** A copy of the values as a 1-D tensor of the matrix's dtype. */
    public Tensor values() { return dvals != null ? Tensor.of(dvals) : Tensor.of(fvals); }

    /** Row {@code i} as a dense 1-D tensor of length {@code cols}. */
    public Tensor row(int i) {
        checkRow(i);
        double[] out = new double[cols];
        for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[colIdx[k]] = value(k);
        return Tensor.wrap(out, cols).to(dtype());
    }

    /** ⟨row i, x⟩ for a dense vector of length {@code cols} given as an array. */
    public double rowDot(int i, double[] x) {
        checkRow(i);
        double s = 0;
        for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += value(k) * x[colIdx[k]];
        return s;
    }

    private void checkRow(int i) {
        if (i < 0 || i >= rows) throw new IndexOutOfBoundsException("CsrMatrix: row " + i + " outside [0, " + rows + ")");
    }

    // ---------------------------------------------------------------- conversions

    /** The dense matrix. */
    public Tensor toDense() {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[i * cols + colIdx[k]] = value(k);
        }
        return Tensor.wrap(out, rows, cols).to(dtype());
    }

    /** The rows {@code idx[0], idx[1], …} as a new matrix (for mini-batches). */
    public CsrMatrix selectRows(int[] idx) {
        int[] ptr = new int[idx.length + 1];
        for (int b = 0; b < idx.length; b++) {
            checkRow(idx[b]);
            ptr[b + 1] = ptr[b] + rowNnz(idx[b]);
        }
        int[] ci = new int[ptr[idx.length]];
        double[] dv = dvals != null ? new double[ci.length] : null;
        float[] fv = fvals != null ? new float[ci.length] : null;
        for (int b = 0; b < idx.length; b++) {
            int from = rowPtr[idx[b]];
            int n = rowNnz(idx[b]);
            System.arraycopy(colIdx, from, ci, ptr[b], n);
            if (dv != null) System.arraycopy(dvals, from, dv, ptr[b], n);
            else System.arraycopy(fvals, from, fv, ptr[b], n);
        }
        return new CsrMatrix(idx.length, cols, ptr, ci, dv, fv);
    }

    /** Aᵀ as a CSR matrix (a counting sort by column; columns of each row stay sorted). */
    public CsrMatrix transpose() {
        int[] ptr = new int[cols + 1];
        for (int c : colIdx) ptr[c + 1]++;
        for (int j = 0; j < cols; j++) ptr[j + 1] += ptr[j];
        int[] next = Arrays.copyOf(ptr, cols);
        int[] ci = new int[nnz()];
        double[] dv = dvals != null ? new double[ci.length] : null;
        float[] fv = fvals != null ? new float[ci.length] : null;
        for (int i = 0; i < rows; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                int at = next[colIdx[k]]++;
                ci[at] = i;
                if (dv != null) dv[at] = dvals[k];
                else fv[at] = fvals[k];
            }
        }
        return new CsrMatrix(cols, rows, ptr, ci, dv, fv);
    }

    // ---------------------------------------------------------------- products

    /** A·x for a dense vector of length {@code cols}; returns a vector of length {@code rows}. */
    public Tensor matvec(Tensor x) {
        if (x.dim() != 1 || x.size(0) != cols) {
            throw new IllegalArgumentException("CsrMatrix.matvec: matrix " + rows + "x" + cols + " with vector of shape " + Arrays.toString(x.shape()));
        }
        double[] xv = x.toDoubleArray();
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) out[i] = rowDot(i, xv);
        return Tensor.wrap(out, rows).to(dtype());
    }

    /** Aᵀ·y for a dense vector of length {@code rows}; returns a vector of length {@code cols}. */
    public Tensor transposeMatvec(Tensor y) {
        if (y.dim() != 1 || y.size(0) != rows) {
            throw new IllegalArgumentException("CsrMatrix.transposeMatvec: matrix " + rows + "x" + cols + " (transposed) with vector of shape " + Arrays.toString(y.shape()));
        }
        double[] yv = y.toDoubleArray();
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            double yi = yv[i];
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[colIdx[k]] += value(k) * yi;
        }
        return Tensor.wrap(out, cols).to(dtype());
    }

    /** A·B for a dense matrix B of shape [cols, k]; returns [rows, k]. */
    public Tensor matmul(Tensor b) {
        if (b.dim() != 2 || b.size(0) != cols) {
            throw new IllegalArgumentException("CsrMatrix.matmul: matrix " + rows + "x" + cols + " with dense matrix of shape " + Arrays.toString(b.shape()));
        }
        int n = b.size(1);
        double[] bv = b.toDoubleArray();
        double[] out = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                double a = value(k);
                int bOff = colIdx[k] * n;
                int oOff = i * n;
                for (int j = 0; j < n; j++) out[oOff + j] += a * bv[bOff + j];
            }
        }
        return Tensor.wrap(out, rows, n).to(dtype());
    }

    @Override
    public String toString() {
        return "CsrMatrix(" + rows + "x" + cols + ", nnz=" + nnz() + ", " + dtype().name().toLowerCase() + ")";
    }
}

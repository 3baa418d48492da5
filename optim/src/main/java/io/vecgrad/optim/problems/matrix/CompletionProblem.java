package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;

/**
 * Low-rank matrix completion: recover {@code M ∈ R^{m×n}} of rank k from the entries {@code P_Ω(M)}
 * (P34: Gu, Song, Yin, Zhang, "Low rank matrix completion via robust alternating minimization in nearly
 * linear time", arXiv:2302.11068). Holds the observations both by row and by column (the two half-steps
 * of alternating minimization read them that way), and optionally the full matrix and its column space
 * for error measurements. {@code datasets.synthetic.MatrixCompletion.observed()} gives a suitable
 * {@link CsrMatrix}.
 *
 * <pre>{@code
 * CompletionProblem p = CompletionProblem.planted(200, 150, new double[] {1, 1, 1}, 0.2, 4);
 * int[] rowsOfColumn = p.byColumn().rowPtr();
 * double err = p.relativeError(estimate);      // ‖M̂ − M‖_F / ‖M‖_F
 * }</pre>
 */
public final class CompletionProblem {
    private final CsrMatrix byRow;
    private final CsrMatrix byColumn;
    private final Tensor truth;
    private final Tensor leftFactor;

    /**
     * The problem for observations {@code observed} (CSR, FLOAT64, only observed entries stored);
     * {@code truth} (full M) and {@code leftFactor} (orthonormal column space of M) may be null.
     */
    public CompletionProblem(CsrMatrix observed, Tensor truth, Tensor leftFactor) {
        if (observed.dtype() != io.vecgrad.tensor.DType.FLOAT64 || observed.nnz() == 0) {
            throw new IllegalArgumentException("CompletionProblem: need FLOAT64 observations, got " + observed.dtype() + " with " + observed.nnz() + " entries");
        }
        this.byRow = observed;
        this.byColumn = observed.transpose();
        this.truth = truth;
        this.leftFactor = leftFactor;
    }

    /**
     * A planted instance: {@code M = U diag(σ) Vᵀ} with Haar-random orthonormal U, V (incoherent with high
     * probability), each entry observed independently with probability p.
     */
    public static CompletionProblem planted(int rows, int cols, double[] sigma, double p, long seed) {
        if (!(p > 0 && p <= 1) || sigma.length > Math.min(rows, cols)) {
            throw new IllegalArgumentException("CompletionProblem.planted: rank " + sigma.length + " for " + rows + "x" + cols + ", p=" + p);
        }
        Rng rng = new Rng(seed).split("completion-problem");
        Tensor u = Planted.orthonormal(rng.split("U"), rows, sigma.length);
        Tensor m = Planted.lowRank(u, sigma, Planted.orthonormal(rng.split("V"), cols, sigma.length));
        double[] full = m.toDoubleArray();
        int[] ptr = new int[rows + 1];
        Rng coin = rng.split("mask");                 // first pass counts, the second (same stream) fills
        for (int i = 0; i < rows; i++) {
            ptr[i + 1] = ptr[i];
            for (int j = 0; j < cols; j++) if (coin.nextDouble() < p) ptr[i + 1]++;
        }
        int[] idx = new int[ptr[rows]];
        double[] vals = new double[ptr[rows]];
        coin = rng.split("mask");
        for (int i = 0, e = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (coin.nextDouble() < p) {
                    idx[e] = j;
                    vals[e++] = full[i * cols + j];
                }
            }
        }
        return new CompletionProblem(CsrMatrix.of(rows, cols, ptr, idx, vals), m, u);
    }

    /** Observations row by row: row i's entries are {@code colIdx[rowPtr[i]..rowPtr[i+1])}. */
    public CsrMatrix byRow() { return byRow; }

    /** Observations column by column (the transpose's CSR). */
    public CsrMatrix byColumn() { return byColumn; }

    public int rows() { return byRow.rows(); }

    public int cols() { return byRow.cols(); }

    /** {@code |Ω| / (m n)}. */
    public double density() {
        return byRow.nnz() / ((double) rows() * cols());
    }

    /** The full M, or null. */
    public Tensor truth() { return truth; }

    /** The orthonormal column space of M, or null. */
    public Tensor leftFactor() { return leftFactor; }

    /** {@code ‖M̂ − M‖_F / ‖M‖_F} (needs the truth). */
    public double relativeError(Tensor estimate) {
        if (truth == null) throw new IllegalStateException("CompletionProblem.relativeError: no ground truth given");
        return Planted.frobenius(estimate.sub(truth)) / Planted.frobenius(truth);
    }

    /**
     * {@code ‖(I − U* U*ᵀ) U‖_F} for an orthonormal U: the Frobenius norm of the sines of the principal
     * angles between span(U) and the true column space (needs {@code leftFactor}).
     */
    public double subspaceDistance(Tensor u) {
        if (leftFactor == null) throw new IllegalStateException("CompletionProblem.subspaceDistance: no column space given");
        return Planted.frobenius(u.sub(leftFactor.matmul(leftFactor.mT().matmul(u))));
    }
}

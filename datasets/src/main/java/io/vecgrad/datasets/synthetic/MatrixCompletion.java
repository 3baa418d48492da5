package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;

/**
 * Low-rank matrix completion instances for paper P34 (Gu, Song, Yin, Zhang 2023, "Low rank
 * matrix completion via robust alternating minimization in nearly linear time"): a rank-{@code k}
 * {@code M = U diag(σ) Vᵀ} with Haar-random orthonormal factors (incoherent with high
 * probability) and each entry observed independently with probability {@code p}. The
 * observations come as a boolean mask and as a sparse matrix {@code P_Ω(M)}.
 *
 * <pre>{@code
 * MatrixCompletion c = MatrixCompletion.generate(100, 80, 3, 0.3, 5);
 * CsrMatrix observed = c.observed();       // P_Ω(M)
 * Tensor mask = c.mask();                  // BOOL [100, 80]
 * }</pre>
 */
public final class MatrixCompletion {
    private final Tensor m;
    private final Tensor mask;
    private final CsrMatrix observed;
    private final Tensor u;
    private final Tensor v;

    private MatrixCompletion(Tensor m, Tensor mask, CsrMatrix observed, Tensor u, Tensor v) {
        this.m = m;
        this.mask = mask;
        this.observed = observed;
        this.u = u;
        this.v = v;
    }

    /** Singular values 1 (condition number 1); see the other overload to choose them. */
    public static MatrixCompletion generate(int rows, int cols, int rank, double p, long seed) {
        double[] s = new double[rank];
        java.util.Arrays.fill(s, 1);
        return generate(rows, cols, s, p, seed);
    }

    public static MatrixCompletion generate(int rows, int cols, double[] sigma, double p, long seed) {
        int k = sigma.length;
        if (k > Math.min(rows, cols) || !(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("MatrixCompletion: rank " + k + " for " + rows + "x" + cols + ", p=" + p);
        }
        Rng rng = new Rng(seed).split("completion");
        double[] uu = Gaussian.orthonormalColumns(rng.split("U"), rows, k);
        double[] vv = Gaussian.orthonormalColumns(rng.split("V"), cols, k);
        double[] us = uu.clone();
        for (int i = 0; i < rows; i++) for (int j = 0; j < k; j++) us[i * k + j] *= sigma[j];
        double[] full = Gaussian.matmul(us, Gaussian.transpose(vv, cols, k), rows, k, cols);
        boolean[] seen = new boolean[rows * cols];
        Rng coin = rng.split("mask");
        int count = 0;
        for (int i = 0; i < seen.length; i++) if (seen[i] = coin.nextDouble() < p) count++;
        int[] ptr = new int[rows + 1];
        int[] idx = new int[count];
        double[] val = new double[count];
        int e = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (seen[i * cols + j]) {
                    idx[e] = j;
                    val[e++] = full[i * cols + j];
                }
            }
            ptr[i + 1] = e;
        }
        return new MatrixCompletion(Tensor.wrap(full, rows, cols), Tensor.wrap(seen, rows, cols),
                CsrMatrix.of(rows, cols, ptr, idx, val), Tensor.wrap(uu, rows, k), Tensor.wrap(vv, cols, k));
    }

    /** The full matrix {@code M}. */
    public Tensor matrix() { return m; }

    /** Which entries are observed (BOOL). */
    public Tensor mask() { return mask; }

    /** {@code P_Ω(M)} in CSR form (observed entries only, explicit zeros kept). */
    public CsrMatrix observed() { return observed; }

    /** Orthonormal column space [rows, k]. */
    public Tensor leftFactor() { return u; }

    /** Orthonormal row space [cols, k]. */
    public Tensor rightFactor() { return v; }

    /** The mask as 0/1 FLOAT64, handy for masked losses. */
    public Tensor maskValues() { return mask.to(DType.FLOAT64); }
}

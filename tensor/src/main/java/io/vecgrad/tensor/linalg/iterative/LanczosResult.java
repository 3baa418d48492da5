package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * The outcome of k Lanczos steps: the tridiagonal {@code T = QᵀAQ} (diagonal α, off-diagonal
 * β), the orthonormal basis Q (k rows of length n), and T's eigenpairs as Ritz pairs of A.
 *
 * <pre>{@code
 * LanczosResult r = Lanczos.run(a, 20, new Rng(1), Lanczos.Reorthogonalization.FULL);
 * double[] theta = r.ritzValues();           // ascending
 * double err = r.residualBound(theta.length - 1);   // ‖A·y − θ·y‖ for the top Ritz pair
 * Tensor t = r.tridiagonal();                // [k, k]
 * }</pre>
 */
public final class LanczosResult {
    private final double[] alpha;
    private final double[] beta;
    private final double nextBeta;
    private final double[][] basis;
    private final DType dtype;
    private final int operatorApplies;
    private SymmetricTridiagonal.Eigen eigen;

    LanczosResult(double[] alpha, double[] beta, double nextBeta, double[][] basis, DType dtype, int operatorApplies) {
        this.alpha = alpha;
        this.beta = beta;
        this.nextBeta = nextBeta;
        this.basis = basis;
        this.dtype = dtype;
        this.operatorApplies = operatorApplies;
    }

    /** Steps taken (k; fewer than asked when an invariant subspace was found). */
    public int steps() { return alpha.length; }

    /** Products with A spent. */
    public int operatorApplies() { return operatorApplies; }

    /** T's diagonal (length k). */
    public double[] alpha() { return alpha.clone(); }

    /** T's off-diagonal (length k − 1). */
    public double[] beta() { return beta.clone(); }

    /** β_k, the norm of the residual vector after the last step (0 at an invariant subspace). */
    public double nextBeta() { return nextBeta; }

    /** T as a dense [k, k] float64 tensor. */
    public Tensor tridiagonal() {
        int k = steps();
        double[] t = new double[k * k];
        for (int i = 0; i < k; i++) {
            t[i * k + i] = alpha[i];
            if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = beta[i];
        }
        return Tensor.wrap(t, k, k);
    }

    /** Q as a [k, n] float64 tensor (orthonormal rows). */
    public Tensor basis() {
        int k = steps(), n = basis[0].length;
        double[] q = new double[k * n];
        for (int i = 0; i < k; i++) System.arraycopy(basis[i], 0, q, i * n, n);
        return Tensor.wrap(q, k, n);
    }

    /** T's eigenpairs (computed once). */
    public SymmetricTridiagonal.Eigen eigen() {
        if (eigen == null) eigen = SymmetricTridiagonal.eigen(alpha, beta);
        return eigen;
    }

    /** Ritz values, ascending. */
    public double[] ritzValues() { return eigen().values().clone(); }

    /** The Ritz vector {@code Q·s_j} of {@code ritzValues()[j]}, unit length, in the operator's dtype. */
    public Tensor ritzVector(int j) {
        double[][] s = eigen().vectors();
        int n = basis[0].length;
        double[] y = new double[n];
        for (int l = 0; l < steps(); l++) Krylov.axpy(s[l][j], basis[l], y);
        return Tensor.wrap(y, n).to(dtype);
    }

    /** The residual {@code ‖A·y_j − θ_j·y_j‖ = β_k·|s_{k,j}|} of Ritz pair j (exact for an orthonormal basis). */
    public double residualBound(int j) {
        return Math.abs(nextBeta * eigen().vectors()[steps() - 1][j]);
    }
}

package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The symmetric Lanczos process: k products with a symmetric operator A build an orthonormal
 * basis Q of the Krylov space and the tridiagonal {@code T = QᵀAQ}, whose eigenvalues (Ritz
 * values) approximate A's extreme eigenvalues first. The result ({@link LanczosResult}) gives
 * T, the basis, Ritz values and vectors and their residual bounds.
 *
 * <p>In floating point the basis loses orthogonality as Ritz values converge, producing
 * spurious copies ("ghosts"). {@link Reorthogonalization#FULL} re-orthogonalises every new
 * vector against all previous ones (two passes of classical Gram–Schmidt, O(k·n) per step);
 * {@link Reorthogonalization#SELECTIVE} (Parlett &amp; Scott 1979) only against Ritz vectors
 * that have converged to √ε·‖T‖, recomputing T's eigenpairs at each step;
 * {@link Reorthogonalization#NONE} is the plain three-term recurrence. The process stops early
 * when the next vector vanishes (an invariant subspace: the Ritz values are then exact).
 *
 * <pre>{@code
 * LinearOperator h = LinearOperator.symmetric(n, DType.FLOAT64, hvp);
 * LanczosResult r = Lanczos.run(h, 30, new Rng(0), Lanczos.Reorthogonalization.FULL);
 * double top = r.ritzValues()[r.steps() - 1];        // ≈ λ_max(H)
 * Tensor v = r.ritzVector(r.steps() - 1);
 * }</pre>
 */
public final class Lanczos {
    private Lanczos() {}

    /** How the basis is kept orthogonal. */
    public enum Reorthogonalization { NONE, SELECTIVE, FULL }

    /** From a Gaussian start vector drawn from {@code rng.split("lanczos/start")}. */
    public static LanczosResult run(LinearOperator a, int steps, Rng rng, Reorthogonalization mode) {
        return run(a, steps, rng.split("lanczos/start").normal(DType.FLOAT64, 0, 1, a.rows()), mode);
    }

    /**
     * @param a     a square operator assumed symmetric
     * @param steps the number of Lanczos steps k (≥ 1; capped at n)
     * @param start a non-zero start vector of length n (normalised here)
     */
    public static LanczosResult run(LinearOperator a, int steps, Tensor start, Reorthogonalization mode) {
        if (a.rows() != a.cols()) throw new IllegalArgumentException("lanczos: operator must be square, got " + a.rows() + "x" + a.cols());
        Krylov.checkSteps("lanczos", "steps", steps);
        int n = a.rows();
        if (start.dim() != 1 || start.size(0) != n) {
            throw new IllegalArgumentException("lanczos: start vector of shape " + Arrays.toString(start.shape()) + " for an operator " + n + "x" + n);
        }
        double[] q = start.toDoubleArray();
        Krylov.checkFinite("lanczos: start vector", q);
        double qNorm = Krylov.norm(q);
        if (qNorm == 0) throw new IllegalArgumentException("lanczos: start vector is zero");
        if (n == 0) throw new IllegalArgumentException("lanczos: operator is 0x0");
        Krylov.scale(1 / qNorm, q);
        int k = Math.min(steps, n);
        double[][] basis = new double[k][];
        double[] alpha = new double[k];
        double[] beta = new double[k];     // beta[j] couples q_j and q_{j+1}
        Krylov ops = Krylov.setup("lanczos", a, Tensor.zeros(DType.FLOAT64, n), SolveOptions.defaults());
        int done = 0;
        double tNorm = 0;
        for (int j = 0; j < k; j++) {
            basis[j] = q;
            double[] w = ops.apply(q);
            double wNorm = Krylov.norm(w);
            alpha[j] = Krylov.dot(q, w);
            Krylov.axpy(-alpha[j], q, w);
            if (j > 0) Krylov.axpy(-beta[j - 1], basis[j - 1], w);
            if (mode == Reorthogonalization.FULL) {
                for (int pass = 0; pass < 2; pass++) orthogonalize(w, basis, j + 1);
            }
            beta[j] = Krylov.norm(w);
            tNorm = Math.max(tNorm, Math.abs(alpha[j]) + beta[j] + (j > 0 ? beta[j - 1] : 0));
            if (mode == Reorthogonalization.SELECTIVE && j > 0) {
                selective(w, alpha, beta, basis, j + 1, tNorm);
                beta[j] = Krylov.norm(w);
            }
            done = j + 1;
            if (beta[j] <= 1e-12 * Math.max(wNorm, tNorm)) {
                beta[j] = 0;
                break;
            }
            if (j + 1 < k) {
                q = w;
                Krylov.scale(1 / beta[j], q);
            }
        }
        return new LanczosResult(Arrays.copyOf(alpha, done), Arrays.copyOf(beta, Math.max(0, done - 1)), beta[done - 1],
                Arrays.copyOf(basis, done), a.dtype(), ops.applies());
    }

    /** w −= Σ (qᵢ·w) qᵢ over the first {@code count} basis vectors (one classical Gram–Schmidt pass). */
    static void orthogonalize(double[] w, double[][] basis, int count) {
        double[] c = new double[count];
        for (int i = 0; i < count; i++) c[i] = Krylov.dot(basis[i], w);
        for (int i = 0; i < count; i++) Krylov.axpy(-c[i], basis[i], w);
    }

    /** Parlett–Scott: orthogonalise w against the Ritz vectors of T_j whose residual bound is below √ε·‖T‖. */
    private static void selective(double[] w, double[] alpha, double[] beta, double[][] basis, int j, double tNorm) {
        SymmetricTridiagonal.Eigen e = SymmetricTridiagonal.eigen(Arrays.copyOf(alpha, j), Arrays.copyOf(beta, j - 1));
        double threshold = Math.sqrt(0x1p-52) * tNorm;
        List<double[]> converged = new ArrayList<>();
        for (int i = 0; i < j; i++) {
            if (Math.abs(beta[j - 1] * e.vectors()[j - 1][i]) <= threshold) {
                double[] y = new double[w.length];
                for (int l = 0; l < j; l++) Krylov.axpy(e.vectors()[l][i], basis[l], y);
                double yn = Krylov.norm(y);
                Krylov.scale(1 / yn, y);
                converged.add(y);
            }
        }
        for (int pass = 0; pass < 2 && !converged.isEmpty(); pass++) orthogonalize(w, converged.toArray(new double[0][]), converged.size());
    }
}

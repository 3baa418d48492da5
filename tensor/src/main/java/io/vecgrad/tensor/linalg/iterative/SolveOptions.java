package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * Stopping rules and extras for the Krylov linear solvers, with SciPy's semantics
 * ({@code scipy.sparse.linalg.cg(A, b, x0, rtol, atol, maxiter, M)}): iteration stops as soon as
 * {@code ‖b − A·x‖ ≤ max(rtol·‖b‖, atol)} (2-norms; MINRES with a preconditioner measures both
 * in the preconditioner's norm, see {@link Minres}), or after {@code maxIter} iterations.
 * Defaults: rtol 1e-5, atol 0, maxIter 10·n, x0 = 0, no preconditioner, GMRES restart 20.
 * For GMRES {@code maxIter} counts inner (Arnoldi) iterations, not SciPy's restart cycles.
 *
 * <pre>{@code
 * SolveOptions o = SolveOptions.defaults().rtol(1e-10).maxIter(500).preconditioner(LinearOperator.jacobi(a));
 * }</pre>
 */
public final class SolveOptions {
    private final double rtol;
    private final double atol;
    private final int maxIter;          // -1: the solver's default (10·n)
    private final Tensor x0;            // null: zeros
    private final LinearOperator preconditioner;   // null: identity; applies M ≈ A⁻¹
    private final int restart;

    private SolveOptions(double rtol, double atol, int maxIter, Tensor x0, LinearOperator m, int restart) {
        this.rtol = rtol;
        this.atol = atol;
        this.maxIter = maxIter;
        this.x0 = x0;
        this.preconditioner = m;
        this.restart = restart;
    }

    /** rtol 1e-5, atol 0, maxIter 10·n, x0 = 0, no preconditioner, restart 20. */
    public static SolveOptions defaults() {
        return new SolveOptions(1e-5, 0, -1, null, null, 20);
    }

    /** Relative tolerance on ‖b − Ax‖ / ‖b‖ (≥ 0). */
    public SolveOptions rtol(double rtol) {
        if (!(rtol >= 0) || Double.isInfinite(rtol)) throw new IllegalArgumentException("SolveOptions.rtol: need a finite value ≥ 0, got " + rtol);
        return new SolveOptions(rtol, atol, maxIter, x0, preconditioner, restart);
    }

    /** Absolute tolerance on ‖b − Ax‖ (≥ 0). */
    public SolveOptions atol(double atol) {
        if (!(atol >= 0) || Double.isInfinite(atol)) throw new IllegalArgumentException("SolveOptions.atol: need a finite value ≥ 0, got " + atol);
        return new SolveOptions(rtol, atol, maxIter, x0, preconditioner, restart);
    }

    /** Iteration cap (> 0). */
    public SolveOptions maxIter(int maxIter) {
        if (maxIter <= 0) throw new IllegalArgumentException("SolveOptions.maxIter: need a positive iteration count, got " + maxIter);
        return new SolveOptions(rtol, atol, maxIter, x0, preconditioner, restart);
    }

    /** Starting guess (1-D, length n, finite). */
    public SolveOptions x0(Tensor x0) {
        return new SolveOptions(rtol, atol, maxIter, x0, preconditioner, restart);
    }

    /**
     * A preconditioner M that approximates A⁻¹ (SciPy's convention: it is applied, not
     * solved with). CG and MINRES need it symmetric positive definite.
     */
    public SolveOptions preconditioner(LinearOperator m) {
        return new SolveOptions(rtol, atol, maxIter, x0, m, restart);
    }

    /** GMRES restart length m (> 0): the Krylov basis is rebuilt every m iterations. */
    public SolveOptions restart(int m) {
        if (m <= 0) throw new IllegalArgumentException("SolveOptions.restart: need a positive restart length, got " + m);
        return new SolveOptions(rtol, atol, maxIter, x0, preconditioner, m);
    }

    public double rtol() { return rtol; }

    public double atol() { return atol; }

    /** The iteration cap for a system of size n. */
    public int maxIterFor(int n) { return maxIter > 0 ? maxIter : Math.max(1, 10 * n); }

    public Tensor x0() { return x0; }

    public LinearOperator preconditioner() { return preconditioner; }

    public int restart() { return restart; }
}

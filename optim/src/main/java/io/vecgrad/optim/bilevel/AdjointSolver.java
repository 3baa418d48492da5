package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.linalg.iterative.SolveResult;
import java.util.function.UnaryOperator;

/**
 * How the adjoint system {@code Aᵀ w = b} of implicit differentiation is solved, where
 * {@code Aᵀ w = (∂_y F)ᵀ w} is available only as a product (one VJP, or one HVP when
 * {@code F = ∇_y g}). Chosen by the caller:
 *
 * <ul>
 *   <li>{@link #cg(SolveOptions)}: conjugate gradient ({@code io.vecgrad.tensor.linalg.iterative});
 *       valid only when A is symmetric positive definite (a Hessian of a strongly convex inner
 *       objective). Cost: one product per iteration (≤ {@code maxIter}); memory O(dim y).
 *   <li>{@link #neumann(int, double, double)}: {@code w ≈ α Σ_{k=0}^{K} (I − αAᵀ)^k b}, valid when
 *       the spectral radius of {@code I − αA} is below 1 (SPD A: {@code 0 < α < 2/L}). Error
 *       {@code (I − αAᵀ)^{K+1} A⁻ᵀ b}, so for SPD A with eigenvalues in [μ, L] and α ≤ 1/L,
 *       {@code ‖w_K − w*‖ ≤ (1 − αμ)^{K+1} ‖w*‖}. Cost: K products plus one for the residual
 *       check; memory O(dim y). With α = 1 and {@code A = I − ∂_y T} this is the fixed-point
 *       iteration {@code w ← (∂_y T)ᵀ w + b}.
 *   <li>{@link #dense()}: forms Aᵀ column by column (dim y products) and solves it by Gaussian
 *       elimination with partial pivoting in float64; any nonsingular A; for small y.
 * </ul>
 *
 * Every solve reports the residual {@code ‖Aᵀw − b‖}; {@link Result#converged()} is false when
 * it exceeds the solver's tolerance, and callers that use the result throw
 * {@link NotConvergedException} (or flag it) rather than use it silently.
 */
public interface AdjointSolver {

    /** Solves {@code aT(w) = b}; aT maps y-shaped tensors to y-shaped tensors. */
    Result solve(UnaryOperator<Tensor> aT, Tensor b);

    /** A short name for messages ("cg", "neumann(K=20, α=0.1)", "dense"). */
    String name();

    /**
     * @param w         the solution (y-shaped)
     * @param products  operator products used (VJPs/HVPs), including the residual check
     * @param residual  {@code ‖Aᵀw − b‖₂}
     * @param converged whether the residual met the solver's tolerance
     */
    record Result(Tensor w, int products, double residual, boolean converged, String detail) {}

    /** Conjugate gradient with the given options (rtol/atol/maxIter/preconditioner); A must be SPD. */
    static AdjointSolver cg(SolveOptions options) {
        return new AdjointSolver() {
            @Override
            public Result solve(UnaryOperator<Tensor> aT, Tensor b) {
                int[] shape = b.shape();
                int n = b.numel();
                DType dt = b.dtype();
                int[] count = {0};
                LinearOperator op = LinearOperator.symmetric(n, dt, v -> {
                    count[0]++;
                    return aT.apply(v.reshape(shape)).reshape(n).to(dt);
                });
                SolveResult r = ConjugateGradient.solve(op, b.reshape(n), options);
                return new Result(r.solution().reshape(shape), count[0], r.residualNorm(), r.converged(), r.toString());
            }

            @Override
            public String name() {
                return "cg";
            }
        };
    }

    /** {@link #cg(SolveOptions)} with rtol 1e-10. */
    static AdjointSolver cg() {
        return cg(SolveOptions.defaults().rtol(1e-10));
    }

    /**
     * The truncated Neumann series with K terms beyond the first and step α; converged when
     * {@code ‖Aᵀw − b‖ ≤ tol·‖b‖} (tol = +∞ accepts any result, as Betty's fixed-iteration
     * Neumann does; the residual is still reported).
     */
    static AdjointSolver neumann(int terms, double alpha, double tol) {
        if (terms < 0) throw new IllegalArgumentException("neumann: terms must be ≥ 0, got " + terms);
        if (!(alpha > 0)) throw new IllegalArgumentException("neumann: α must be > 0, got " + alpha);
        return new AdjointSolver() {
            @Override
            public Result solve(UnaryOperator<Tensor> aT, Tensor b) {
                Tensor w = b.copy(), p = b.copy();
                for (int k = 0; k < terms; k++) {
                    w = w.sub(aT.apply(w).mul(alpha));
                    p = p.add(w);
                }
                Tensor sol = p.mul(alpha);
                double res = aT.apply(sol).sub(b).normL2(null, false).item();
                double bn = b.normL2(null, false).item();
                boolean ok = Double.isFinite(res) && res <= tol * bn;
                return new Result(sol, terms + 1, res, ok, name() + ": residual " + res + " vs tol " + tol + "·‖b‖ = " + tol * bn);
            }

            @Override
            public String name() {
                return "neumann(K=" + terms + ", α=" + alpha + ")";
            }
        };
    }

    /** Forms Aᵀ densely (dim y products) and solves by LU with partial pivoting; converged when ‖Aᵀw − b‖ ≤ 1e-8·‖b‖. */
    static AdjointSolver dense() {
        return new AdjointSolver() {
            @Override
            public Result solve(UnaryOperator<Tensor> aT, Tensor b) {
                int[] shape = b.shape();
                int n = b.numel();
                double[][] m = new double[n][n];
                for (int j = 0; j < n; j++) {
                    double[] e = new double[n];
                    e[j] = 1;
                    double[] col = aT.apply(Tensor.of(e, n).to(b.dtype()).reshape(shape)).to(DType.FLOAT64).reshape(n).toDoubleArray();
                    for (int i = 0; i < n; i++) m[i][j] = col[i];
                }
                double[][] a = new double[n][];
                for (int i = 0; i < n; i++) a[i] = m[i].clone();
                double[] rhs = b.to(DType.FLOAT64).reshape(n).toDoubleArray();
                double[] x = luSolve(a, rhs);
                double res = 0, bn = 0;
                boolean finite = x != null;
                if (finite) {
                    for (int i = 0; i < n; i++) {
                        double s = -rhs[i];
                        for (int j = 0; j < n; j++) s += m[i][j] * x[j];
                        res += s * s;
                        bn += rhs[i] * rhs[i];
                    }
                }
                res = finite ? Math.sqrt(res) : Double.NaN;
                boolean ok = finite && Double.isFinite(res) && res <= 1e-8 * Math.sqrt(bn) + 1e-300;
                Tensor w = finite ? Tensor.of(x, n).to(b.dtype()).reshape(shape) : Tensor.zeros(b.dtype(), shape);
                return new Result(w, n, res, ok, finite ? "dense LU: residual " + res : "dense LU: singular matrix");
            }

            @Override
            public String name() {
                return "dense";
            }
        };
    }

    /** tensor.linalg's LU solve of the dense system; null when it is singular. */
    private static double[] luSolve(double[][] a, double[] rhs) {
        int n = rhs.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(a[i], 0, flat, i * n, n);
        try {
            return io.vecgrad.tensor.linalg.Linalg.solve(Tensor.of(flat, n, n), Tensor.of(rhs.clone(), n)).toDoubleArray();
        } catch (io.vecgrad.tensor.linalg.LinalgException singular) {
            return null;
        }
    }
}

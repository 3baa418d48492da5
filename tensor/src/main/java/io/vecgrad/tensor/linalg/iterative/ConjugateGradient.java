package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * Preconditioned conjugate gradient for symmetric positive definite systems {@code A·x = b}
 * (Hestenes–Stiefel; SciPy's {@code cg}). Each iteration costs one product with A and one
 * with the preconditioner M ≈ A⁻¹ (which must be SPD). In exact arithmetic CG terminates in
 * at most n iterations and the error {@code ‖x − x*‖_A} decreases monotonically. A direction
 * with {@code pᵀAp ≤ 0} stops the solve with {@link SolveResult.Reason#NOT_POSITIVE_DEFINITE}
 * (the returned iterate is the last good one).
 *
 * <pre>{@code
 * LinearOperator a = LinearOperator.of(spdMatrix);
 * SolveResult r = ConjugateGradient.solve(a, b, SolveOptions.defaults().rtol(1e-10));
 * Tensor x = r.solution();                 // r.iterations() ≤ n for well-conditioned A
 * }</pre>
 */
public final class ConjugateGradient {
    private ConjugateGradient() {}

    /** Solves with default options (rtol 1e-5, atol 0, maxIter 10·n). */
    public static SolveResult solve(LinearOperator a, Tensor b) {
        return solve(a, b, SolveOptions.defaults());
    }

    public static SolveResult solve(LinearOperator a, Tensor b, SolveOptions o) {
        Krylov k = Krylov.setup("cg", a, b, o);
        double[] x = k.start();
        double[] r = o.x0() == null ? k.b.clone() : k.residual(x);
        double rNorm = Krylov.norm(r);
        k.record(rNorm);
        if (k.done(rNorm)) return k.finish(x, 0, SolveResult.Reason.CONVERGED);
        double[] z = k.precondition(r);
        double[] p = z.clone();
        double rz = Krylov.dot(r, z);
        if (!(rz > 0)) return k.finish(x, 0, SolveResult.Reason.NOT_POSITIVE_DEFINITE);
        for (int it = 1; it <= k.maxIter; it++) {
            double[] ap = k.apply(p);
            double curvature = Krylov.dot(p, ap);
            if (!(curvature > 0)) return k.finish(x, it - 1, SolveResult.Reason.NOT_POSITIVE_DEFINITE);
            double alpha = rz / curvature;
            Krylov.axpy(alpha, p, x);
            Krylov.axpy(-alpha, ap, r);
            rNorm = Krylov.norm(r);
            k.record(rNorm);
            if (k.done(rNorm)) return k.finish(x, it, SolveResult.Reason.CONVERGED);
            if (it == k.maxIter) break;
            z = k.precondition(r);
            double rzNew = Krylov.dot(r, z);
            if (!(rzNew > 0)) return k.finish(x, it, SolveResult.Reason.NOT_POSITIVE_DEFINITE);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
        }
        return k.finish(x, k.maxIter, SolveResult.Reason.MAX_ITERATIONS);
    }
}

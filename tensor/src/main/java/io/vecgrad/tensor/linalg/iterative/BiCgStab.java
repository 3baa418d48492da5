package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * BiCGSTAB (van der Vorst 1992) for general square systems {@code A·x = b}, with right
 * preconditioning (M ≈ A⁻¹ applied to the search directions, as SciPy's {@code bicgstab}).
 * Two products with A and two with M per iteration; short recurrences, no transpose needed.
 * Residual norms are not monotone. A zero {@code ρ = r̂ᵀr} or {@code ω} stops with
 * {@link SolveResult.Reason#BREAKDOWN}.
 *
 * <pre>{@code
 * SolveResult r = BiCgStab.solve(LinearOperator.of(nonSymmetric), b, SolveOptions.defaults().rtol(1e-10));
 * }</pre>
 */
public final class BiCgStab {
    private BiCgStab() {}

    public static SolveResult solve(LinearOperator a, Tensor b) {
        return solve(a, b, SolveOptions.defaults());
    }

    public static SolveResult solve(LinearOperator a, Tensor b, SolveOptions o) {
        Krylov k = Krylov.setup("bicgstab", a, b, o);
        int n = k.n;
        double[] x = k.start();
        double[] r = o.x0() == null ? k.b.clone() : k.residual(x);
        double rNorm = Krylov.norm(r);
        k.record(rNorm);
        if (k.done(rNorm)) return k.finish(x, 0, SolveResult.Reason.CONVERGED);
        double[] rHat = r.clone();
        double[] p = new double[n];
        double[] v = new double[n];
        double rho = 1, alpha = 1, omega = 1;
        for (int it = 1; it <= k.maxIter; it++) {
            double rhoNew = Krylov.dot(rHat, r);
            if (rhoNew == 0) return k.finish(x, it - 1, SolveResult.Reason.BREAKDOWN);
            if (it == 1) {
                p = r.clone();
            } else {
                double beta = (rhoNew / rho) * (alpha / omega);
                for (int i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
            }
            double[] pHat = k.precondition(p);
            v = k.apply(pHat);
            double denom = Krylov.dot(rHat, v);
            if (denom == 0) return k.finish(x, it - 1, SolveResult.Reason.BREAKDOWN);
            alpha = rhoNew / denom;
            double[] s = r.clone();
            Krylov.axpy(-alpha, v, s);
            double sNorm = Krylov.norm(s);
            if (k.done(sNorm)) {
                Krylov.axpy(alpha, pHat, x);
                k.record(sNorm);
                return k.finish(x, it, SolveResult.Reason.CONVERGED);
            }
            double[] sHat = k.precondition(s);
            double[] t = k.apply(sHat);
            double tt = Krylov.dot(t, t);
            if (tt == 0) {
                Krylov.axpy(alpha, pHat, x);
                k.record(sNorm);
                return k.finish(x, it, SolveResult.Reason.BREAKDOWN);
            }
            omega = Krylov.dot(t, s) / tt;
            Krylov.axpy(alpha, pHat, x);
            Krylov.axpy(omega, sHat, x);
            r = s;
            Krylov.axpy(-omega, t, r);
            rNorm = Krylov.norm(r);
            k.record(rNorm);
            if (k.done(rNorm)) return k.finish(x, it, SolveResult.Reason.CONVERGED);
            if (omega == 0) return k.finish(x, it, SolveResult.Reason.BREAKDOWN);
            rho = rhoNew;
        }
        return k.finish(x, k.maxIter, SolveResult.Reason.MAX_ITERATIONS);
    }
}

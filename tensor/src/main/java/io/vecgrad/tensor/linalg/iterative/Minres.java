package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * MINRES (Paige &amp; Saunders 1975) for symmetric, possibly indefinite systems
 * {@code A·x = b}: the Lanczos process with Givens rotations, minimising {@code ‖b − A·x‖}
 * over the Krylov space, so the residual norm never increases. Follows the recurrences of
 * SciPy's {@code minres} (without its shift and its norm estimates of A).
 *
 * <p>Residual norms in the history are the recurrence's values, equal to the true 2-norms in
 * exact arithmetic. With a preconditioner M (symmetric positive definite, ≈ A⁻¹) both the
 * residual and {@code ‖b‖} in the stopping rule are measured in the norm {@code √(rᵀMr)},
 * as SciPy does; a preconditioner found indefinite stops with
 * {@link SolveResult.Reason#NOT_POSITIVE_DEFINITE}.
 *
 * <pre>{@code
 * LinearOperator k = LinearOperator.of(kktMatrix);           // symmetric indefinite
 * SolveResult r = Minres.solve(k, rhs, SolveOptions.defaults().rtol(1e-10));
 * }</pre>
 */
public final class Minres {
    private Minres() {}

    public static SolveResult solve(LinearOperator a, Tensor b) {
        return solve(a, b, SolveOptions.defaults());
    }

    public static SolveResult solve(LinearOperator a, Tensor b, SolveOptions o) {
        Krylov k = Krylov.setup("minres", a, b, o);
        int n = k.n;
        double[] x = k.start();
        double[] r1 = o.x0() == null ? k.b.clone() : k.residual(x);
        double[] y = k.precondition(r1);
        double beta1sq = Krylov.dot(r1, y);
        if (beta1sq < 0) return k.finish(x, 0, SolveResult.Reason.NOT_POSITIVE_DEFINITE);
        double beta1 = k.preconditioned() ? Math.sqrt(beta1sq) : Krylov.norm(r1);
        double target = k.target;
        if (k.preconditioned()) {
            double bm = o.x0() == null ? beta1 : Math.sqrt(Math.max(0, Krylov.dot(k.b, k.precondition(k.b))));
            target = Math.max(o.rtol() * bm, o.atol());
        }
        k.record(beta1);
        if (beta1 <= target) return k.finish(x, 0, SolveResult.Reason.CONVERGED);

        double[] r2 = r1.clone();
        double[] w = new double[n];
        double[] w1 = new double[n];
        double[] w2 = new double[n];
        double oldb = 0, beta = beta1, dbar = 0, epsln = 0, phibar = beta1, cs = -1, sn = 0;
        for (int it = 1; it <= k.maxIter; it++) {
            double s = 1 / beta;
            double[] v = y.clone();
            Krylov.scale(s, v);
            y = k.apply(v);
            if (it >= 2) Krylov.axpy(-beta / oldb, r1, y);
            double alfa = Krylov.dot(v, y);
            Krylov.axpy(-alfa / beta, r2, y);
            r1 = r2;
            r2 = y;
            y = k.precondition(r2);
            oldb = beta;
            double betaSq = Krylov.dot(r2, y);
            if (betaSq < 0) return k.finish(x, it - 1, SolveResult.Reason.NOT_POSITIVE_DEFINITE);
            beta = Math.sqrt(betaSq);

            // Apply the previous rotation, then compute and apply the next one.
            double oldeps = epsln;
            double delta = cs * dbar + sn * alfa;
            double gbar = sn * dbar - cs * alfa;
            epsln = sn * beta;
            dbar = -cs * beta;
            double gamma = Math.max(Math.hypot(gbar, beta), Double.MIN_NORMAL);
            cs = gbar / gamma;
            sn = beta / gamma;
            double phi = cs * phibar;
            phibar = sn * phibar;

            // Update the search direction and the solution.
            double[] tmp = w1;
            w1 = w2;
            w2 = w;
            w = tmp;
            for (int i = 0; i < n; i++) w[i] = (v[i] - oldeps * w1[i] - delta * w2[i]) / gamma;
            Krylov.axpy(phi, w, x);
            k.record(phibar);
            if (phibar <= target) return k.finish(x, it, SolveResult.Reason.CONVERGED);
            if (beta == 0) return k.finish(x, it, SolveResult.Reason.BREAKDOWN);
        }
        return k.finish(x, k.maxIter, SolveResult.Reason.MAX_ITERATIONS);
    }
}

package io.vecgrad.optim.newton;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.linalg.LinalgException;

/**
 * Levenberg–Marquardt for {@code min ½‖r(x)‖²} (Madsen, Nielsen &amp; Tingleff, "Methods for
 * non-linear least squares problems", Algorithm 3.16, with Marquardt's diagonal scaling as in
 * MINPACK): each step solves {@code (JᵀJ + μ·D)·δ = −Jᵀr} by Cholesky, with D the running
 * maximum of {@code diag(JᵀJ)}; the gain ratio ρ (actual over predicted reduction) accepts the
 * step when ρ &gt; 0 and updates μ by Nielsen's rule ({@code μ·max(1/3, 1 − (2ρ − 1)³)} on
 * success, {@code μ·ν, ν·2} on failure). {@link #gaussNewton} is the undamped method (μ = 0),
 * which reports a singular {@code JᵀJ} instead of repairing it.
 *
 * <p>Stopping (SciPy's {@code least_squares} names): {@code ‖Jᵀr‖∞ ≤ gtol} → GTOL; an accepted
 * step with relative cost reduction {@code ≤ ftol} → FTOL; {@code ‖δ‖ ≤ xtol·(xtol + ‖x‖)} →
 * XTOL; {@code maxiter} (default 100·n, SciPy's {@code max_nfev} for 'lm' with a Jacobian) →
 * MAX_ITERATIONS; a factorization failure → SINGULAR; non-finite r at x0 → NON_FINITE.
 * The cost reported as {@code fun} is {@code ½‖r‖²}, {@code grad} is {@code Jᵀr}, and
 * {@code njev} counts Jacobians.
 *
 * <pre>{@code
 * OptimizeResult r = LevenbergMarquardt.minimize(LeastSquares.of(residual), x0, SolverOptions.defaults());
 * }</pre>
 */
public final class LevenbergMarquardt {
    private LevenbergMarquardt() {}

    public static OptimizeResult minimize(LeastSquares p, double[] x0, SolverOptions o) {
        return solve("levenberg-marquardt", p, x0, o, 1e-3);
    }

    /** Undamped Gauss–Newton with unit steps (and the same stopping rules). */
    public static OptimizeResult gaussNewton(LeastSquares p, double[] x0, SolverOptions o) {
        return solve("gauss-newton", p, x0, o, 0);
    }

    private static OptimizeResult solve(String name, LeastSquares p, double[] x0, SolverOptions o, double tau) {
        Run run = new Run(name, null, x0, o);
        int n = run.n;
        double[] x = x0.clone();
        double[] r = p.residuals(x);
        run.nfev++;
        double cost = 0.5 * Run.dot(r, r);
        double[] grad = new double[n];
        if (Run.nonFinite(cost, r) != null) {
            run.record(cost, Double.NaN);
            return run.result(x, cost, grad, 0, Status.NON_FINITE, "at x0: " + Run.nonFinite(cost, r));
        }
        double[][] j = p.jacobian(x);
        run.njev++;
        double[][] a = normal(j);
        grad = jtr(j, r);
        run.record(cost, Run.normInf(grad));
        double[] dScale = new double[n];
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            dScale[i] = a[i][i];
            maxDiag = Math.max(maxDiag, a[i][i]);
        }
        double mu = tau * maxDiag, nu = 2;
        int maxiter = o.maxiterOr(100 * n);
        for (int k = 0; ; k++) {
            if (Run.normInf(grad) <= o.gtol()) return run.result(x, cost, grad, k, Status.GTOL, "‖Jᵀr‖∞ = " + Run.normInf(grad));
            if (k >= maxiter) return run.result(x, cost, grad, k, Status.MAX_ITERATIONS, "maxiter = " + maxiter);
            double[] delta;
            try {
                delta = dampedSolve(a, dScale, mu, grad);
            } catch (LinalgException e) {
                return run.result(x, cost, grad, k, Status.SINGULAR, "JᵀJ + μD with μ = " + mu + ": " + e.getMessage());
            }
            if (o.xtol() > 0 && Run.norm2(delta) <= o.xtol() * (o.xtol() + Run.norm2(x))) return run.result(x, cost, grad, k, Status.XTOL, "‖δ‖ = " + Run.norm2(delta));
            double[] xt = Run.along(x, 1, delta);
            double[] rt = p.residuals(xt);
            run.nfev++;
            double costT = 0.5 * Run.dot(rt, rt);
            double predicted = 0;
            for (int i = 0; i < n; i++) predicted += 0.5 * delta[i] * (mu * dScale[i] * delta[i] - grad[i]);
            double rho = Double.isFinite(costT) ? (cost - costT) / predicted : Double.NEGATIVE_INFINITY;
            if (rho > 0 || tau == 0) {
                if (!Double.isFinite(costT)) return run.result(x, cost, grad, k, Status.NON_FINITE, "cost = " + costT + " at the Gauss–Newton point");
                double reduction = (cost - costT) / Math.max(cost, Double.MIN_NORMAL);
                x = xt;
                r = rt;
                cost = costT;
                j = p.jacobian(x);
                run.njev++;
                a = normal(j);
                grad = jtr(j, r);
                for (int i = 0; i < n; i++) dScale[i] = Math.max(dScale[i], a[i][i]);
                double c = 2 * rho - 1;
                mu *= Math.max(1.0 / 3, 1 - c * c * c);
                nu = 2;
                run.record(cost, Run.normInf(grad));
                if (o.ftol() > 0 && Math.abs(reduction) <= o.ftol() && Run.normInf(grad) > o.gtol()) {
                    return run.result(x, cost, grad, k + 1, Status.FTOL, "relative cost reduction " + reduction);
                }
            } else {
                mu *= nu;
                nu *= 2;
                run.record(cost, Run.normInf(grad));
                if (!(mu < 1e300)) return run.result(x, cost, grad, k + 1, Status.SINGULAR, "damping diverged to μ = " + mu);
            }
        }
    }

    private static double[] dampedSolve(double[][] a, double[] dScale, double mu, double[] grad) {
        int n = grad.length;
        double[] m = new double[n * n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) m[i * n + k] = a[i][k];
            m[i * n + i] += mu * dScale[i];
            b[i] = -grad[i];
        }
        Tensor l = Linalg.cholesky(Tensor.of(m, n, n));
        return Linalg.choleskySolve(l, Tensor.of(b)).toDoubleArray();
    }

    private static double[][] normal(double[][] j) {
        int n = j.length == 0 ? 0 : j[0].length;
        double[][] a = new double[n][n];
        for (double[] row : j) {
            for (int i = 0; i < n; i++) {
                if (row[i] == 0) continue;
                for (int k = 0; k < n; k++) a[i][k] += row[i] * row[k];
            }
        }
        return a;
    }

    private static double[] jtr(double[][] j, double[] r) {
        int n = j.length == 0 ? 0 : j[0].length;
        double[] g = new double[n];
        for (int m = 0; m < j.length; m++) Run.axpy(r[m], j[m], g);
        return g;
    }
}

package io.vecgrad.optim.newton;

/**
 * Line-search Newton–conjugate-gradient (truncated Newton; Nocedal &amp; Wright Algorithm 7.1),
 * following SciPy's {@code minimize(method='Newton-CG')}: the Newton system
 * {@code ∇²f·p = −∇f} is solved by CG on Hessian-vector products only, to the relative
 * accuracy {@code η = min(0.5, √‖g‖₁)} on the L1 residual (superlinear, locally quadratic
 * convergence); a direction of non-positive curvature stops CG (with the steepest-descent
 * direction when it is met at once), and a strong-Wolfe line search from the unit step
 * follows.
 *
 * <p>Stopping (in this order each iteration): {@code ‖∇f‖∞ ≤ gtol} → GTOL (an addition to
 * SciPy 1.10, whose newton-cg has no gradient test; set gtol 0 to recover it); the update's L1
 * norm {@code Σ|Δxᵢ| ≤ xtol} → XTOL (SciPy's test); {@code maxiter} (default 200·n) →
 * MAX_ITERATIONS; a failed line search → LINE_SEARCH_FAILED; a non-finite value or gradient
 * at x0 or at an accepted point → NON_FINITE. Unlike SciPy, the line search always starts at
 * the unit Newton step (SciPy's Wolfe search may start shorter, which slows the local rate), and
 * once the predicted decrease is below f's rounding error the unit step is judged by the gradient
 * norm instead of the Armijo test ({@link #unitStepAtRoundoff}), so gtol far below √ε still converges. SciPy's near-zero-curvature test {@code pᵀAp ≤ 3ε} is made
 * relative ({@code ≤ 3ε‖p‖²}), since the absolute form stalls CG once gradients are below ~1e-8.
 *
 * <pre>{@code
 * OptimizeResult r = NewtonCg.minimize(Objective.of(f), x0, SolverOptions.defaults().gtol(1e-10));
 * }</pre>
 */
public final class NewtonCg {
    private NewtonCg() {}

    public static OptimizeResult minimize(Objective f, double[] x0, SolverOptions o) {
        Run run = new Run("newton-cg", f, x0, o);
        int n = run.n;
        double[] x = x0.clone();
        double[] g = new double[n];
        OptimizeResult failed = run.start(x, g, Run::normInf);
        if (failed != null) return failed;
        double fx = run.f0;
        int maxiter = o.maxiterOr(200 * n);
        int cgMax = 20 * n;
        for (int k = 0; ; k++) {
            if (Run.normInf(g) <= o.gtol()) return run.result(x, fx, g, k, Status.GTOL, "‖g‖∞ = " + Run.normInf(g));
            if (k >= maxiter) return run.result(x, fx, g, k, Status.MAX_ITERATIONS, "maxiter = " + maxiter);
            double[] p = direction(run, x, g, cgMax);
            if (p == null) return run.result(x, fx, g, k, Status.NON_FINITE, "Hessian-vector product not finite");
            double gtd = Run.dot(g, p);
            if (!(gtd < 0)) return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, "not a descent direction: gᵀp = " + gtd);
            if (run.nfev >= o.maxfun()) return run.result(x, fx, g, k, Status.MAX_EVALUATIONS, "maxfun = " + o.maxfun());
            io.vecgrad.optim.linesearch.StrongWolfe.Result ls = unitStepAtRoundoff(run, x, p, fx, g, gtd);
            if (ls == null) ls = run.wolfe(x, p, 1.0, fx, g, gtd);
            if (ls == null) return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, "no decrease along the Newton direction from f = " + fx);
            Run.axpy(ls.t(), p, x);
            double stepL1 = Math.abs(ls.t()) * Run.norm1(p);
            fx = ls.f();
            g = ls.g().clone();
            run.record(fx, Run.normInf(g));
            if (o.xtol() > 0 && stepL1 <= o.xtol()) {
                return Run.normInf(g) <= o.gtol() ? run.result(x, fx, g, k + 1, Status.GTOL, "‖g‖∞ = " + Run.normInf(g))
                        : run.result(x, fx, g, k + 1, Status.XTOL, "Σ|Δx| = " + stepL1);
            }
        }
    }

    /**
     * Near the solution f changes by less than its rounding error and the Armijo test becomes a
     * coin toss that shortens good Newton steps. When the predicted decrease {@code −gᵀp/2} is below
     * {@code 100·ε·|f|}, the unit step is accepted if f did not rise beyond rounding and the
     * gradient norm fell (approximate-Wolfe idea of Hager and Zhang 2005); otherwise null.
     */
    static io.vecgrad.optim.linesearch.StrongWolfe.Result unitStepAtRoundoff(Run run, double[] x, double[] p, double fx, double[] g, double gtd) {
        double eps = Math.ulp(1.0);
        if (!(-gtd / 2 < 100 * eps * Math.abs(fx))) return null;
        double[] gt = new double[x.length];
        double ft = run.valueAndGradient(Run.along(x, 1, p), gt);
        if (Run.nonFinite(ft, gt) != null || ft > fx + 100 * eps * Math.abs(fx) || !(Run.norm2(gt) < Run.norm2(g))) return null;
        return new io.vecgrad.optim.linesearch.StrongWolfe.Result(1.0, ft, gt, 1);
    }

    /** Truncated CG on ∇²f·p = −g (SciPy's inner loop); null when a product is not finite. */
    static double[] direction(Run run, double[] x, double[] g, int cgMax) {
        int n = g.length;
        double maggrad = Run.norm1(g);
        double termcond = Math.min(0.5, Math.sqrt(maggrad)) * maggrad;
        double[] xs = new double[n];
        double[] r = g.clone();
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = -r[i];
        double dri0 = Run.dot(r, r);
        double eps = Math.ulp(1.0);
        for (int i = 0; i < cgMax; i++) {
            if (Run.norm1(r) <= termcond) break;
            double[] ap = run.hvp(x, p);
            double curv = Run.dot(p, ap);
            if (!Double.isFinite(curv)) return null;
            // SciPy tests curv ≤ 3ε in absolute terms, which stops CG at once when ‖p‖ < 1e-8 (small
            // gradients near the solution) and degrades Newton to steepest descent; scale it by ‖p‖².
            if (curv >= 0 && curv <= 3 * eps * Run.dot(p, p)) break;
            if (curv < 0) {
                if (i > 0) break;
                // Negative curvature at once: steepest descent scaled by the curvature (SciPy).
                for (int j = 0; j < n; j++) xs[j] = dri0 / -curv * -g[j];
                break;
            }
            double alpha = dri0 / curv;
            Run.axpy(alpha, p, xs);
            Run.axpy(alpha, ap, r);
            double dri1 = Run.dot(r, r);
            double beta = dri1 / dri0;
            for (int j = 0; j < n; j++) p[j] = -r[j] + beta * p[j];
            dri0 = dri1;
        }
        boolean zero = true;
        for (double v : xs) if (v != 0) { zero = false; break; }
        if (zero) for (int j = 0; j < n; j++) xs[j] = -g[j];
        return xs;
    }
}

package io.vecgrad.optim.newton;

/**
 * Dense BFGS (Nocedal &amp; Wright Algorithm 6.1) following SciPy's {@code minimize(method='BFGS')}:
 * the inverse-Hessian estimate starts at the identity and is updated by
 * {@code H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ} with {@code ρ = 1/yᵀs} ({@code ρ = 1000} when
 * {@code yᵀs = 0}, as SciPy); the strong-Wolfe search (c1 = 1e-4, c2 = 0.9) starts at
 * {@code min(1, 1.01·2(f_k − f_{k−1})/gᵀp)} (SciPy's {@code line_search_wolfe1} guess, with
 * {@code f_{−1} = f_0 + ‖g_0‖/2}). O(n²) memory: use {@link LbfgsB} without bounds for large n.
 *
 * <p>Stopping: {@code ‖∇f‖∞ ≤ gtol} (default 1e-5) → GTOL; {@code ‖Δx‖ ≤ xtol·(xtol + ‖x‖)} →
 * XTOL (SciPy's {@code xrtol}, default 0 there: pass {@code xtol(0)} to match); {@code maxiter}
 * (200·n) → MAX_ITERATIONS; failed line search → LINE_SEARCH_FAILED; non-finite f or g at
 * x0 → NON_FINITE.
 *
 * <pre>{@code
 * OptimizeResult r = Bfgs.minimize(Objective.of(f), x0, SolverOptions.defaults().xtol(0));
 * }</pre>
 */
public final class Bfgs {
    private Bfgs() {}

    public static OptimizeResult minimize(Objective f, double[] x0, SolverOptions o) {
        Run run = new Run("bfgs", f, x0, o);
        int n = run.n;
        double[] x = x0.clone();
        double[] g = new double[n];
        OptimizeResult failed = run.start(x, g, Run::normInf);
        if (failed != null) return failed;
        double fx = run.f0;
        int maxiter = o.maxiterOr(200 * n);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) h[i][i] = 1;
        double fOld = fx + Run.norm2(g) / 2;
        for (int k = 0; ; k++) {
            if (Run.normInf(g) <= o.gtol()) return run.result(x, fx, g, k, Status.GTOL, "‖g‖∞ = " + Run.normInf(g));
            if (k >= maxiter) return run.result(x, fx, g, k, Status.MAX_ITERATIONS, "maxiter = " + maxiter);
            if (run.nfev >= o.maxfun()) return run.result(x, fx, g, k, Status.MAX_EVALUATIONS, "maxfun = " + o.maxfun());
            double[] p = new double[n];
            for (int i = 0; i < n; i++) p[i] = -Run.dot(h[i], g);
            double gtd = Run.dot(g, p);
            if (!(gtd < 0)) return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, "not a descent direction: gᵀp = " + gtd);
            double t0 = Math.min(1.0, 1.01 * 2 * (fx - fOld) / gtd);
            if (!(t0 > 0)) t0 = 1.0;
            io.vecgrad.optim.linesearch.StrongWolfe.Result ls = run.wolfe(x, p, t0, fx, g, gtd);
            if (ls == null) return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, "no decrease along the quasi-Newton direction from f = " + fx);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = ls.t() * p[i];
            Run.axpy(1, s, x);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = ls.g()[i] - g[i];
            fOld = fx;
            fx = ls.f();
            g = ls.g().clone();
            run.record(fx, Run.normInf(g));
            if (Run.normInf(g) <= o.gtol()) return run.result(x, fx, g, k + 1, Status.GTOL, "‖g‖∞ = " + Run.normInf(g));
            if (o.xtol() > 0 && Run.norm2(s) <= o.xtol() * (o.xtol() + Run.norm2(x))) return run.result(x, fx, g, k + 1, Status.XTOL, "‖Δx‖ = " + Run.norm2(s));
            update(h, s, y);
        }
    }

    /** H ← H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ²·yᵀHy + ρ) ssᵀ, the expanded form of SciPy's product update. */
    static void update(double[][] h, double[] s, double[] y) {
        int n = s.length;
        double ys = Run.dot(y, s);
        double rho = ys == 0 ? 1000.0 : 1 / ys;
        double[] hy = new double[n];
        for (int i = 0; i < n; i++) hy[i] = Run.dot(h[i], y);
        double yhy = Run.dot(y, hy);
        double c = rho * rho * yhy + rho;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + c * s[i] * s[j];
        }
    }
}

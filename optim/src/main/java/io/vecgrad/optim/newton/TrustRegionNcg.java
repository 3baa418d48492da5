package io.vecgrad.optim.newton;

/**
 * Trust-region Newton–CG with the Steihaug–Toint truncated CG subproblem (Nocedal &amp; Wright
 * Algorithms 4.1 and 7.2), following SciPy's {@code minimize(method='trust-ncg')}: inside the
 * radius Δ, CG on {@code m(p) = f + gᵀp + ½pᵀ∇²f·p} stops at the boundary (on negative curvature,
 * taking the boundary point of lower model value, or when the iterate leaves the ball), or at
 * the relative residual {@code min(0.5, √‖g‖₂)·‖g‖₂}. With {@code ρ} = actual / predicted
 * reduction: {@code ρ < 1/4} shrinks Δ by 4; {@code ρ > 3/4} with the step on the boundary
 * doubles it up to {@code maxTrustRadius}; the step is accepted when {@code ρ > η}.
 *
 * <p>Stopping: {@code ‖∇f‖₂ < gtol} → GTOL (SciPy's Euclidean test); {@code maxiter} (200·n) →
 * MAX_ITERATIONS; a non-positive predicted reduction → LINE_SEARCH_FAILED (SciPy's "a bad
 * approximation caused failure to predict improvement"); non-finite f or g at x0 →
 * NON_FINITE. A non-finite f at a trial point counts as ρ = −∞ (the radius shrinks) rather than
 * SciPy's silent NaN comparison, and once the predicted reduction is below f's rounding error
 * ({@code 100·ε·|f|}) ρ is taken as 1 when the gradient norm fell and −∞ otherwise. Defaults: Δ₀ = 1, Δmax = 1000, η = 0.15 (SciPy's).
 *
 * <pre>{@code
 * OptimizeResult r = TrustRegionNcg.minimize(Objective.of(f), x0, SolverOptions.defaults().gtol(1e-8));
 * }</pre>
 */
public final class TrustRegionNcg {
    private TrustRegionNcg() {}

    /** The radius and acceptance parameters. */
    public record Radius(double initial, double max, double eta) {
        public Radius {
            if (!(initial > 0) || !(max >= initial) || !(eta >= 0 && eta < 0.25)) {
                throw new IllegalArgumentException("trust-ncg: need 0 < initial <= max and 0 <= eta < 0.25, got " + initial + ", " + max + ", " + eta);
            }
        }

        /** SciPy's defaults: 1, 1000, 0.15. */
        public static Radius defaults() {
            return new Radius(1, 1000, 0.15);
        }
    }

    public static OptimizeResult minimize(Objective f, double[] x0, SolverOptions o) {
        return minimize(f, x0, o, Radius.defaults(), null);
    }

    /**
     * @param radiusTrace when not null, receives Δ after each iteration (for tests and plots)
     */
    public static OptimizeResult minimize(Objective f, double[] x0, SolverOptions o, Radius radius, java.util.function.DoubleConsumer radiusTrace) {
        Run run = new Run("trust-ncg", f, x0, o);
        int n = run.n;
        double[] x = x0.clone();
        double[] g = new double[n];
        OptimizeResult failed = run.start(x, g, Run::normInf);
        if (failed != null) return failed;
        double fx = run.f0;
        int maxiter = o.maxiterOr(200 * n);
        double delta = radius.initial();
        if (Run.norm2(g) < o.gtol()) return run.result(x, fx, g, 0, Status.GTOL, "‖g‖₂ = " + Run.norm2(g));
        for (int k = 1; ; k++) {
            Step s = steihaug(run, x, g, delta);
            double[] hp = run.hvp(x, s.p);
            double predicted = -(Run.dot(g, s.p) + 0.5 * Run.dot(s.p, hp));
            if (!(predicted > 0)) {
                return run.result(x, fx, g, k - 1, Status.LINE_SEARCH_FAILED, "predicted reduction " + predicted + " <= 0 at radius " + delta);
            }
            double[] xt = Run.along(x, 1, s.p);
            double[] gt = new double[n];
            double ft = run.valueAndGradient(xt, gt);
            double rho = Run.nonFinite(ft, gt) != null ? Double.NEGATIVE_INFINITY : (fx - ft) / predicted;
            if (Double.isFinite(rho) && predicted < 100 * Math.ulp(1.0) * Math.abs(fx)) {
                // Below f's rounding error ρ is noise: judge the step by the gradient norm instead.
                rho = Run.norm2(gt) < Run.norm2(g) ? 1 : Double.NEGATIVE_INFINITY;
            }
            delta = nextRadius(delta, rho, s.onBoundary, radius.max());
            if (rho > radius.eta()) {
                x = xt;
                fx = ft;
                g = gt;
            }
            run.record(fx, Run.normInf(g));
            if (radiusTrace != null) radiusTrace.accept(delta);
            if (Run.norm2(g) < o.gtol()) return run.result(x, fx, g, k, Status.GTOL, "‖g‖₂ = " + Run.norm2(g));
            if (k >= maxiter) return run.result(x, fx, g, k, Status.MAX_ITERATIONS, "maxiter = " + maxiter);
            if (run.nfev >= o.maxfun()) return run.result(x, fx, g, k, Status.MAX_EVALUATIONS, "maxfun = " + o.maxfun());
            if (!(delta > 0) || delta < 1e-300) return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, "trust radius collapsed to " + delta);
        }
    }

    /** The radius update of Nocedal &amp; Wright Algorithm 4.1 (SciPy's constants). */
    static double nextRadius(double delta, double rho, boolean onBoundary, double max) {
        if (rho < 0.25) return 0.25 * delta;
        if (rho > 0.75 && onBoundary) return Math.min(2 * delta, max);
        return delta;
    }

    record Step(double[] p, boolean onBoundary) {}

    /** Steihaug–Toint CG for min m(p) subject to ‖p‖ ≤ Δ (SciPy's CGSteihaugSubproblem). */
    static Step steihaug(Run run, double[] x, double[] g, double delta) {
        int n = g.length;
        double gnorm = Run.norm2(g);
        double tol = Math.min(0.5, Math.sqrt(gnorm)) * gnorm;
        double[] z = new double[n];
        if (gnorm < tol) return new Step(z, false);
        double[] r = g.clone();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = -r[i];
        for (int it = 0; it < Math.max(1, 10 * n); it++) {
            double[] bd = run.hvp(x, d);
            double dbd = Run.dot(d, bd);
            if (!(dbd > 0)) {
                double[] t = boundaryIntersections(z, d, delta);
                double[] pa = Run.along(z, t[0], d), pb = Run.along(z, t[1], d);
                return new Step(model(run, x, g, pa) <= model(run, x, g, pb) ? pa : pb, true);
            }
            double rr = Run.dot(r, r);
            double alpha = rr / dbd;
            double[] zNext = Run.along(z, alpha, d);
            if (Run.norm2(zNext) >= delta) {
                double[] t = boundaryIntersections(z, d, delta);
                return new Step(Run.along(z, t[1], d), true);
            }
            Run.axpy(alpha, bd, r);
            double rrNext = Run.dot(r, r);
            if (Math.sqrt(rrNext) < tol) return new Step(zNext, false);
            double beta = rrNext / rr;
            for (int i = 0; i < n; i++) d[i] = -r[i] + beta * d[i];
            z = zNext;
        }
        return new Step(z, false);
    }

    private static double model(Run run, double[] x, double[] g, double[] p) {
        return Run.dot(g, p) + 0.5 * Run.dot(p, run.hvp(x, p));
    }

    /** The two t with ‖z + t·d‖ = Δ, ascending (SciPy's numerically stable form). */
    static double[] boundaryIntersections(double[] z, double[] d, double delta) {
        double a = Run.dot(d, d);
        double b = 2 * Run.dot(z, d);
        double c = Run.dot(z, z) - delta * delta;
        double sq = Math.sqrt(b * b - 4 * a * c);
        double aux = b + Math.copySign(sq, b);
        double ta = -aux / (2 * a), tb = -2 * c / aux;
        return ta <= tb ? new double[] {ta, tb} : new double[] {tb, ta};
    }
}

package io.vecgrad.optim.newton;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS with box bounds {@code l ≤ x ≤ u}, with SciPy's {@code
 * minimize(method='L-BFGS-B')} interface and stopping rules, by a projected active-set method:
 * each iteration fixes the variables that sit on a bound with the gradient pushing outward,
 * takes the two-loop L-BFGS direction (last {@code maxcor} pairs, initial scaling
 * {@code sᵀy/yᵀy}) on the free variables, and searches along the projected path
 * {@code P(x + t·d)} with an Armijo test on the actual displacement (safeguarded quadratic
 * backtracking, at most 20 trials; where f no longer resolves the decrease, Hager and Zhang's
 * approximate Armijo test on the slope, see {@code approximatelyArmijo}). Pairs with {@code sᵀy ≤ ε·yᵀy} are skipped, as in L-BFGS-B.
 *
 * <p>This is not the Byrd–Lu–Nocedal–Zhu code path (generalized Cauchy point on the compact
 * representation, then subspace minimization): iterates differ from SciPy's, but the stopping
 * tests are SciPy's and the solutions agree on the committed goldens (see the tests).
 *
 * <p>Stopping: the projected gradient {@code ‖P(x − g) − x‖∞ ≤ gtol} (SciPy's {@code pgtol},
 * default 1e-5) → GTOL; {@code (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol} (SciPy's
 * {@code factr·ε}, default 2.22e-9) → FTOL; {@code maxiter} (15000) → MAX_ITERATIONS;
 * {@code maxfun} (15000) → MAX_EVALUATIONS; failed search → LINE_SEARCH_FAILED; non-finite f
 * or g at x0 → NON_FINITE. x0 is projected onto the box first.
 *
 * <pre>{@code
 * double[] lo = {0, 0}, hi = {0.5, Double.POSITIVE_INFINITY};
 * OptimizeResult r = LbfgsB.minimize(Objective.of(f), x0, lo, hi, SolverOptions.defaults());
 * }</pre>
 */
public final class LbfgsB {
    private LbfgsB() {}

    /** Unbounded L-BFGS with L-BFGS-B's stopping rules. */
    public static OptimizeResult minimize(Objective f, double[] x0, SolverOptions o) {
        return minimize(f, x0, null, null, o);
    }

    /**
     * @param lower lower bounds ({@code -∞} for none), or null for no lower bounds
     * @param upper upper bounds ({@code +∞} for none), or null for no upper bounds
     */
    public static OptimizeResult minimize(Objective f, double[] x0, double[] lower, double[] upper, SolverOptions o) {
        int n = x0.length;
        double[] lo = bounds("lower", lower, n, Double.NEGATIVE_INFINITY);
        double[] hi = bounds("upper", upper, n, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if (!(lo[i] <= hi[i])) throw new IllegalArgumentException("l-bfgs-b: lower[" + i + "] = " + lo[i] + " > upper[" + i + "] = " + hi[i]);
        }
        Run run = new Run("l-bfgs-b", f, x0, o);
        double[] x = project(x0, lo, hi);
        double[] g = new double[n];
        double[] xStart = x;
        OptimizeResult failed = run.start(x, g, gg -> projectedGradientNorm(xStart, gg, lo, hi));
        if (failed != null) return failed;
        double fx = run.f0;
        int maxiter = o.maxiterOr(15000);
        Deque<double[][]> pairs = new ArrayDeque<>();
        for (int k = 0; ; k++) {
            double pg = projectedGradientNorm(x, g, lo, hi);
            if (pg <= o.gtol()) return run.result(x, fx, g, k, Status.GTOL, "‖proj g‖∞ = " + pg);
            if (k >= maxiter) return run.result(x, fx, g, k, Status.MAX_ITERATIONS, "maxiter = " + maxiter);
            if (run.nfev >= o.maxfun()) return run.result(x, fx, g, k, Status.MAX_EVALUATIONS, "maxfun = " + o.maxfun());
            boolean[] free = new boolean[n];
            for (int i = 0; i < n; i++) free[i] = !(x[i] <= lo[i] && g[i] > 0) && !(x[i] >= hi[i] && g[i] < 0);
            double[] d = twoLoop(g, free, pairs);
            if (!(masked(g, d, free) < 0)) {
                pairs.clear();
                d = twoLoop(g, free, pairs);
            }
            double t = pairs.isEmpty() ? Math.min(1.0, 1.0 / Run.norm2(d)) : 1.0;
            double[] xt = null, gt = new double[n];
            double ft = Double.NaN;
            boolean accepted = false, vanished = false;
            for (int trial = 0; trial < 20; trial++) {
                xt = project(Run.along(x, t, d), lo, hi);
                if (java.util.Arrays.equals(xt, x)) {
                    vanished = true; // the step rounds to x: no later (shorter) trial can move it
                    break;
                }
                double gStep = 0;
                for (int i = 0; i < n; i++) gStep += g[i] * (xt[i] - x[i]);
                ft = run.valueAndGradient(xt, gt);
                if (Run.nonFinite(ft, gt) == null && (ft <= fx + 1e-4 * gStep || approximatelyArmijo(fx, ft, gStep, gt, xt, x))) {
                    accepted = true;
                    break;
                }
                // Safeguarded minimiser of the quadratic through f(0), its slope and f(t).
                double slope = gStep / t;
                double tq = Double.isFinite(ft) ? -slope * t * t / (2 * (ft - fx - slope * t)) : 0.1 * t;
                t = Math.max(0.1 * t, Math.min(0.5 * t, tq));
            }
            if (!accepted) {
                return run.result(x, fx, g, k, Status.LINE_SEARCH_FAILED, vanished
                        ? "the search step rounds to x at f = " + fx + " (‖proj g‖∞ = " + pg + ")"
                        : "no Armijo decrease in 20 trials from f = " + fx);
            }
            double[] s = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xt[i] - x[i];
                y[i] = gt[i] - g[i];
            }
            if (Run.dot(s, y) > Math.ulp(1.0) * Run.dot(y, y)) {
                if (pairs.size() == o.maxcor()) pairs.removeFirst();
                pairs.addLast(new double[][] {s, y});
            }
            double fPrev = fx;
            x = xt;
            fx = ft;
            g = gt.clone();
            run.record(fx, projectedGradientNorm(x, g, lo, hi));
            if (o.ftol() > 0 && (fPrev - fx) / Math.max(Math.max(Math.abs(fPrev), Math.abs(fx)), 1) <= o.ftol()) {
                double pgNow = projectedGradientNorm(x, g, lo, hi);
                return pgNow <= o.gtol() ? run.result(x, fx, g, k + 1, Status.GTOL, "‖proj g‖∞ = " + pgNow)
                        : run.result(x, fx, g, k + 1, Status.FTOL, "relative reduction " + (fPrev - fx) / Math.max(Math.max(Math.abs(fPrev), Math.abs(fx)), 1));
            }
        }
    }

    /**
     * Hager and Zhang's approximate Armijo test (SIAM J. Optim. 16(1), 2005, the "approximate
     * Wolfe conditions" of CG_DESCENT), for the last digits of a convergence: where f no longer
     * resolves the decrease (ft within {@link #FLAT_ULPS} ulps of fx), accept the step s when the
     * slope at its end satisfies {@code gtᵀs ≤ (2δ − 1)·gᵀs}, which for a quadratic along s is
     * the Armijo condition {@code f(x + s) ≤ f(x) + δ·gᵀs} itself. Without it, a search whose every
     * decrease is below f's rounding backtracks until x + t·d rounds to x, and the run ends on a
     * line-search failure with the projected gradient still above a tight gtol (seen on AVX2,
     * whose sums round differently from AVX-512's: the committed quadratic golden stalled at
     * ‖proj g‖∞ = 9e-9 against gtol 1e-10).
     */
    private static boolean approximatelyArmijo(double fx, double ft, double gStep, double[] gt, double[] xt, double[] x) {
        if (!(ft <= fx + FLAT_ULPS * Math.ulp(Math.max(Math.abs(fx), Math.abs(ft))))) return false;
        double gtStep = 0;
        for (int i = 0; i < x.length; i++) gtStep += gt[i] * (xt[i] - x[i]);
        return gStep < 0 && gtStep <= (2 * 1e-4 - 1) * gStep;
    }

    /** How many ulps of f count as rounding noise in {@code approximatelyArmijo}. */
    private static final double FLAT_ULPS = 64;

    /** ‖P(x − g) − x‖∞, SciPy's projected-gradient measure. */
    public static double projectedGradientNorm(double[] x, double[] g, double[] lo, double[] hi) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(Math.min(Math.max(x[i] - g[i], lo[i]), hi[i]) - x[i]));
        return m;
    }

    static double[] project(double[] x, double[] lo, double[] hi) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], lo[i]), hi[i]);
        return out;
    }

    private static double masked(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int i = 0; i < a.length; i++) if (free[i]) s += a[i] * b[i];
        return s;
    }

    /** −H·g on the free variables (zero elsewhere), H the L-BFGS inverse estimate restricted to them. */
    private static double[] twoLoop(double[] g, boolean[] free, Deque<double[][]> pairs) {
        int n = g.length, m = pairs.size();
        double[] q = new double[n];
        for (int i = 0; i < n; i++) q[i] = free[i] ? g[i] : 0;
        double[] alpha = new double[m], rho = new double[m];
        double[][][] ps = pairs.toArray(new double[0][][]);
        for (int j = m - 1; j >= 0; j--) {
            double ys = masked(ps[j][1], ps[j][0], free);
            rho[j] = ys > 0 ? 1 / ys : 0;
            alpha[j] = rho[j] * masked(ps[j][0], q, free);
            for (int i = 0; i < n; i++) if (free[i]) q[i] -= alpha[j] * ps[j][1][i];
        }
        double gamma = 1;
        if (m > 0) {
            double ys = masked(ps[m - 1][1], ps[m - 1][0], free), yy = masked(ps[m - 1][1], ps[m - 1][1], free);
            if (ys > 0 && yy > 0) gamma = ys / yy;
        }
        for (int i = 0; i < n; i++) q[i] *= gamma;
        for (int j = 0; j < m; j++) {
            double beta = rho[j] * masked(ps[j][1], q, free);
            for (int i = 0; i < n; i++) if (free[i]) q[i] += (alpha[j] - beta) * ps[j][0][i];
        }
        for (int i = 0; i < n; i++) q[i] = -q[i];
        return q;
    }

    private static double[] bounds(String which, double[] b, int n, double fill) {
        if (b == null) {
            double[] out = new double[n];
            java.util.Arrays.fill(out, fill);
            return out;
        }
        if (b.length != n) throw new IllegalArgumentException("l-bfgs-b: " + which + " bounds have length " + b.length + ", x0 has " + n);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(b[i])) throw new IllegalArgumentException("l-bfgs-b: " + which + "[" + i + "] is NaN");
        }
        return b.clone();
    }
}

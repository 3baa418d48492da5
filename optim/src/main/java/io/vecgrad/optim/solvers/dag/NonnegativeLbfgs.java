package io.vecgrad.optim.solvers.dag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * L-BFGS on the orthant {@code x ≥ 0} — the bound-constrained problem NOTEARS hands to SciPy's
 * L-BFGS-B. This is a projected quasi-Newton method, not Byrd–Lu–Nocedal's Cauchy-point
 * algorithm: each iteration fixes the active set {@code {i : x_i = 0, ∂_i f > 0}}, takes the
 * two-loop L-BFGS direction on the free variables, and backtracks along the projected path
 * {@code max(0, x + t·p)} until the Armijo condition holds with the projected step. Stopping
 * follows L-BFGS-B's defaults as SciPy passes them: projected-gradient max-norm ≤ {@code pgtol}
 * (1e-5) or relative decrease ≤ {@code ftol} (factr·eps = 1e7·2.2e-16).
 */
final class NonnegativeLbfgs {
    /** f and its gradient (written into {@code grad}). */
    interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** Counters and the stop reason of one minimization. */
    record Run(double[] x, double f, int iterations, int evaluations, String stop) {}

    static final double PGTOL = 1e-5, FTOL = 1e7 * 2.220446049250313e-16;

    private NonnegativeLbfgs() {}

    static Run minimize(Objective fn, double[] x0, int maxIter, int history) {
        int n = x0.length;
        double[] x = x0.clone(), g = new double[n];
        for (int i = 0; i < n; i++) if (x[i] < 0) x[i] = 0;
        double f = fn.evaluate(x, g);
        int evals = 1;
        Deque<double[][]> pairs = new ArrayDeque<>();   // {s, y, {1/yᵀs}}
        double[] xt = new double[n], gt = new double[n], p = new double[n];
        for (int it = 0; it < maxIter; it++) {
            if (projectedGradientNorm(x, g) <= PGTOL) return new Run(x, f, it, evals, "projected gradient <= pgtol");
            boolean[] free = new boolean[n];
            for (int i = 0; i < n; i++) free[i] = !(x[i] <= 0 && g[i] > 0);
            direction(g, free, pairs, p);
            double slope = dot(g, p);
            if (!(slope < 0)) {   // not a descent direction: steepest descent on the free set, forget curvature
                pairs.clear();
                for (int i = 0; i < n; i++) p[i] = free[i] ? -g[i] : 0;
                slope = dot(g, p);
            }
            double t = it == 0 && pairs.isEmpty() ? Math.min(1, 1 / norm1(g)) : 1;
            double ft = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int i = 0; i < n; i++) xt[i] = Math.max(0, x[i] + t * p[i]);
                ft = fn.evaluate(xt, gt);
                evals++;
                double decrease = 0;
                for (int i = 0; i < n; i++) decrease += g[i] * (xt[i] - x[i]);
                if (ft <= f + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) return new Run(x, f, it, evals, "line search failed");
            double[] s = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xt[i] - x[i];
                y[i] = gt[i] - g[i];
            }
            double ys = dot(y, s);
            if (ys > 1e-10) {
                if (pairs.size() == history) pairs.removeFirst();
                pairs.addLast(new double[][] {s, y, {1 / ys, ys / dot(y, y)}});
            }
            double fPrev = f;
            System.arraycopy(xt, 0, x, 0, n);
            System.arraycopy(gt, 0, g, 0, n);
            f = ft;
            if ((fPrev - f) / Math.max(Math.max(Math.abs(fPrev), Math.abs(f)), 1) <= FTOL) {
                return new Run(x, f, it + 1, evals, "relative reduction <= ftol");
            }
        }
        return new Run(x, f, maxIter, evals, "max iterations");
    }

    /** Two-loop recursion on the free coordinates: {@code p = −H·g}. */
    private static void direction(double[] g, boolean[] free, Deque<double[][]> pairs, double[] p) {
        int n = g.length, m = pairs.size();
        for (int i = 0; i < n; i++) p[i] = free[i] ? -g[i] : 0;
        if (m == 0) return;
        double[] alpha = new double[m];
        int k = m - 1;
        for (Iterator<double[][]> it = pairs.descendingIterator(); it.hasNext(); k--) {
            double[][] pr = it.next();
            alpha[k] = pr[2][0] * maskedDot(pr[0], p, free);
            axpyMasked(-alpha[k], pr[1], p, free);
        }
        double gamma = pairs.peekLast()[2][1];
        for (int i = 0; i < n; i++) p[i] *= gamma;
        k = 0;
        for (double[][] pr : pairs) {
            double beta = pr[2][0] * maskedDot(pr[1], p, free);
            axpyMasked(alpha[k] - beta, pr[0], p, free);
            k++;
        }
    }

    static double projectedGradientNorm(double[] x, double[] g) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double pg = x[i] <= 0 ? Math.min(g[i], 0) : g[i];
            m = Math.max(m, Math.abs(pg));
        }
        return m;
    }

    private static double maskedDot(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int i = 0; i < a.length; i++) if (free[i]) s += a[i] * b[i];
        return s;
    }

    private static void axpyMasked(double a, double[] x, double[] y, boolean[] free) {
        for (int i = 0; i < x.length; i++) if (free[i]) y[i] += a * x[i];
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm1(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s == 0 ? 1 : s;
    }
}

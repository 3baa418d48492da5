package io.vecgrad.optim.newton;

import java.util.Arrays;

/**
 * One solver run's bookkeeping: counts oracle calls, records history, checks finiteness and
 * builds the {@link OptimizeResult}. Package-private; every solver of the package uses it so
 * counts and messages mean the same everywhere.
 */
final class Run {
    final String solver;
    final Objective f;
    final int n;
    final SolverOptions options;
    int nfev, njev, nhev;
    private double[] fHist = new double[16], gHist = new double[16];
    private int hist;

    Run(String solver, Objective f, double[] x0, SolverOptions options) {
        this.solver = solver;
        this.f = f;
        this.n = x0.length;
        this.options = options;
        if (n == 0) throw new IllegalArgumentException(solver + ": x0 is empty");
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x0[i])) throw new IllegalArgumentException(solver + ": x0[" + i + "] is " + x0[i]);
        }
    }

    /** f(x0) after {@link #start}. */
    double f0;

    /**
     * Evaluates f and ∇f at x0 (into g), records them with {@code gnorm(g)}, and returns the
     * NON_FINITE result when either is not finite, else null (then {@link #f0} holds f(x0)).
     */
    OptimizeResult start(double[] x, double[] g, java.util.function.ToDoubleFunction<double[]> gnorm) {
        f0 = valueAndGradient(x, g);
        String bad = nonFinite(f0, g);
        record(f0, gnorm.applyAsDouble(g));
        return bad == null ? null : result(x, f0, g, 0, Status.NON_FINITE, "at x0: " + bad);
    }

    double value(double[] x) {
        nfev++;
        return f.value(x);
    }

    double valueAndGradient(double[] x, double[] g) {
        nfev++;
        njev++;
        return f.valueAndGradient(x, g);
    }

    /** ∇²f(x)·v through one operator per point (the gradient graph is recorded once per x). */
    double[] hvp(double[] x, double[] v) {
        nhev++;
        if (hessianPoint == null || !Arrays.equals(hessianPoint, x)) {
            hessianPoint = x.clone();
            hessian = f.hessianAt(hessianPoint);
        }
        return hessian.apply(v);
    }

    private double[] hessianPoint;
    private java.util.function.UnaryOperator<double[]> hessian;

    /**
     * PyTorch/minFunc strong-Wolfe search (c1 = 1e-4, c2 = 0.9, SciPy's constants) along d from
     * x, starting at step t0; null when it returns no strict decrease (SciPy's "precision loss") or a
     * non-finite value.
     */
    io.vecgrad.optim.linesearch.StrongWolfe.Result wolfe(double[] x, double[] d, double t0, double fx, double[] g, double gtd) {
        io.vecgrad.optim.linesearch.StrongWolfe.Result r = io.vecgrad.optim.linesearch.StrongWolfe.search(t -> {
            double[] gt = new double[n];
            double ft = valueAndGradient(along(x, t, d), gt);
            return new io.vecgrad.optim.linesearch.StrongWolfe.Eval(ft, gt);
        }, t0, fx, g, gtd, d);
        if (nonFinite(r.f(), r.g()) != null || !(r.f() < fx)) return null;
        return r;
    }

    void record(double fx, double gnorm) {
        if (hist == fHist.length) {
            fHist = Arrays.copyOf(fHist, 2 * hist);
            gHist = Arrays.copyOf(gHist, 2 * hist);
        }
        fHist[hist] = fx;
        gHist[hist++] = gnorm;
    }

    /** The reason a value/gradient pair is unusable, or null when both are finite. */
    static String nonFinite(double fx, double[] g) {
        if (!Double.isFinite(fx)) return "f = " + fx;
        for (int i = 0; i < g.length; i++) if (!Double.isFinite(g[i])) return "gradient[" + i + "] = " + g[i];
        return null;
    }

    OptimizeResult result(double[] x, double fx, double[] g, int it, Status status, String detail) {
        String message = solver + ": " + describe(status) + " at iteration " + it + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        return new OptimizeResult(x.clone(), fx, g.clone(), it, nfev, njev, nhev, status, message,
                Arrays.copyOf(fHist, hist), Arrays.copyOf(gHist, hist));
    }

    private static String describe(Status s) {
        switch (s) {
            case GTOL: return "gradient norm below gtol";
            case FTOL: return "relative reduction of f below ftol";
            case XTOL: return "step below xtol";
            case MAX_ITERATIONS: return "maximum number of iterations reached";
            case MAX_EVALUATIONS: return "maximum number of function evaluations reached";
            case LINE_SEARCH_FAILED: return "line search failed";
            case NON_FINITE: return "non-finite function value or gradient";
            default: return "singular or indefinite linear system";
        }
    }

    // ------------------------------------------------------------------ small vector helpers

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm2(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double normInf(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double norm1(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }

    /** y += a·x. */
    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    /** x + t·d as a new array. */
    static double[] along(double[] x, double t, double[] d) {
        double[] out = x.clone();
        axpy(t, d, out);
        return out;
    }
}

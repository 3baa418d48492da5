package io.vecgrad.optim.newton;

/**
 * Stopping rules and budgets shared by the solvers of this package, with SciPy's names and
 * meanings ({@code scipy.optimize.minimize(..., options={...})}). Immutable; each {@code with}
 * method returns a copy. Which tests a solver applies is listed in its Javadoc; an {@code ftol} or
 * {@code xtol} of 0 switches that test off (SciPy's {@code ≤ 0} would still fire on a zero change).
 *
 * <ul>
 *   <li>{@code gtol} (default 1e-5): stop when {@code ‖∇f‖∞ ≤ gtol} (BFGS, Newton-CG, L-BFGS-B on the
 *       projected gradient as {@code pgtol}, Levenberg–Marquardt on {@code ‖Jᵀr‖∞}); trust-ncg
 *       uses the Euclidean norm {@code ‖∇f‖₂ < gtol} as SciPy does.</li>
 *   <li>{@code ftol} (default {@code factr·ε = 1e7·2.22e-16 = 2.22e-9}, SciPy's L-BFGS-B default): stop when
 *       {@code (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol} (L-BFGS-B, Levenberg–Marquardt).</li>
 *   <li>{@code xtol} (default 1e-5, SciPy's newton-cg default): Newton-CG stops when the update's
 *       L1 norm {@code Σ|Δxᵢ|} is at most xtol; BFGS when {@code ‖Δx‖ ≤ xtol·(xtol + ‖x‖)} (SciPy's
 *       {@code xrtol}, 0 by default there, so pass 0 to match it); Levenberg–Marquardt likewise.</li>
 *   <li>{@code maxiter} (default {@code 200·n} as SciPy's BFGS/newton-cg; L-BFGS-B uses 15000 when unset).</li>
 *   <li>{@code maxfun} (default 15000): function-evaluation budget.</li>
 *   <li>{@code maxcor} (default 10): L-BFGS-B's history length.</li>
 * </ul>
 *
 * <pre>{@code
 * SolverOptions o = SolverOptions.defaults().gtol(1e-10).maxiter(100);
 * }</pre>
 */
public final class SolverOptions {
    private double gtol = 1e-5;
    private double ftol = 1e7 * Math.ulp(1.0);
    private double xtol = 1e-5;
    private int maxiter = -1;
    private int maxfun = 15000;
    private int maxcor = 10;

    private SolverOptions() {}

    public static SolverOptions defaults() {
        return new SolverOptions();
    }

    private SolverOptions copy() {
        SolverOptions o = new SolverOptions();
        o.gtol = gtol;
        o.ftol = ftol;
        o.xtol = xtol;
        o.maxiter = maxiter;
        o.maxfun = maxfun;
        o.maxcor = maxcor;
        return o;
    }

    public SolverOptions gtol(double v) {
        SolverOptions o = copy();
        o.gtol = nonNegative("gtol", v);
        return o;
    }

    public SolverOptions ftol(double v) {
        SolverOptions o = copy();
        o.ftol = nonNegative("ftol", v);
        return o;
    }

    public SolverOptions xtol(double v) {
        SolverOptions o = copy();
        o.xtol = nonNegative("xtol", v);
        return o;
    }

    public SolverOptions maxiter(int v) {
        if (v < 1) throw new IllegalArgumentException("SolverOptions: maxiter must be >= 1, got " + v);
        SolverOptions o = copy();
        o.maxiter = v;
        return o;
    }

    public SolverOptions maxfun(int v) {
        if (v < 1) throw new IllegalArgumentException("SolverOptions: maxfun must be >= 1, got " + v);
        SolverOptions o = copy();
        o.maxfun = v;
        return o;
    }

    public SolverOptions maxcor(int v) {
        if (v < 1) throw new IllegalArgumentException("SolverOptions: maxcor must be >= 1, got " + v);
        SolverOptions o = copy();
        o.maxcor = v;
        return o;
    }

    public double gtol() { return gtol; }

    public double ftol() { return ftol; }

    public double xtol() { return xtol; }

    /** The iteration cap for n variables: the value set, else {@code fallback}. */
    public int maxiterOr(int fallback) { return maxiter > 0 ? maxiter : fallback; }

    public int maxfun() { return maxfun; }

    public int maxcor() { return maxcor; }

    private static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("SolverOptions: " + name + " must be finite and >= 0, got " + v);
        return v;
    }
}

package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Level1F64;
import java.util.Arrays;

/**
 * The bookkeeping every Krylov solve shares: input checks, float64 work vectors, counted
 * operator and preconditioner products, the stopping target and the residual history.
 * Vector arithmetic is plain loops in a fixed order, so results are bitwise reproducible.
 */
final class Krylov {
    final String solver;
    final LinearOperator a;
    final LinearOperator m;
    final int n;
    final double[] b;
    final double bNorm;
    final double target;
    final int maxIter;
    private double[] history = new double[16];
    private int historySize;
    private int applies;
    private int mApplies;
    private final Tensor x0;

    private Krylov(String solver, LinearOperator a, Tensor b, SolveOptions o) {
        this.solver = solver;
        this.a = a;
        if (a.rows() != a.cols()) throw new IllegalArgumentException(solver + ": operator must be square, got " + a.rows() + "x" + a.cols());
        this.n = a.rows();
        if (b.dim() != 1 || b.size(0) != n) {
            throw new IllegalArgumentException(solver + ": operator " + n + "x" + n + " with right-hand side of shape " + Arrays.toString(b.shape()));
        }
        this.b = b.toDoubleArray();
        checkFinite(solver + ": right-hand side b", this.b);
        this.m = o.preconditioner();
        if (m != null && (m.rows() != n || m.cols() != n)) {
            throw new IllegalArgumentException(solver + ": preconditioner " + m.rows() + "x" + m.cols() + " for an operator " + n + "x" + n);
        }
        this.x0 = o.x0();
        if (x0 != null) {
            if (x0.dim() != 1 || x0.size(0) != n) throw new IllegalArgumentException(solver + ": x0 of shape " + Arrays.toString(x0.shape()) + " for an operator " + n + "x" + n);
            checkFinite(solver + ": starting guess x0", x0.toDoubleArray());
        }
        this.bNorm = norm(this.b);
        this.target = Math.max(o.rtol() * bNorm, o.atol());
        this.maxIter = o.maxIterFor(n);
    }

    static Krylov setup(String solver, LinearOperator a, Tensor b, SolveOptions o) {
        return new Krylov(solver, a, b, o);
    }

    /** The starting guess (zeros by default). */
    double[] start() {
        return x0 == null ? new double[n] : x0.toDoubleArray();
    }

    /** A·x, counted and checked. */
    double[] apply(double[] x) {
        applies++;
        return product(a, x, "operator");
    }

    /** Aᵀ·x, counted and checked. */
    double[] applyTransposed(double[] x) {
        applies++;
        Tensor out = a.applyTransposed(fresh(x, a));
        return checked(out, "transposed operator");
    }

    /** M·r (a copy of r without a preconditioner). */
    double[] precondition(double[] r) {
        if (m == null) return r.clone();
        mApplies++;
        return product(m, r, "preconditioner");
    }

    /** Products with A (and Aᵀ) so far. */
    int applies() {
        return applies;
    }

    boolean preconditioned() {
        return m != null;
    }

    private double[] product(LinearOperator op, double[] x, String what) {
        return checked(op.apply(fresh(x, op)), what);
    }

    /** A new tensor of the operator's dtype holding x (the operator may keep or modify it). */
    private static Tensor fresh(double[] x, LinearOperator op) {
        return op.dtype() == io.vecgrad.tensor.DType.FLOAT64 ? Tensor.wrap(x.clone(), x.length) : Tensor.wrap(x, x.length).to(op.dtype());
    }

    private double[] checked(Tensor out, String what) {
        if (out.dim() != 1 || out.size(0) != n) {
            throw new IllegalStateException(solver + ": " + what + " returned shape " + Arrays.toString(out.shape()) + ", expected [" + n + "]");
        }
        double[] v = out.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ArithmeticException(solver + ": " + what + " returned " + v[i] + " at index " + i + " in product " + (applies + mApplies) + " (after " + Math.max(0, historySize - 1) + " iterations)");
            }
        }
        return v;
    }

    /** b − A·x. */
    double[] residual(double[] x) {
        double[] ax = apply(x);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = b[i] - ax[i];
        return r;
    }

    void record(double residualNorm) {
        if (historySize == history.length) history = Arrays.copyOf(history, historySize * 2);
        history[historySize++] = residualNorm;
    }

    /** Overwrites the newest history entry (GMRES: the true residual at the end of a cycle). */
    void replaceLast(double residualNorm) {
        history[historySize - 1] = residualNorm;
    }

    boolean done(double residualNorm) {
        return residualNorm <= target;
    }

    SolveResult finish(double[] x, int iterations, SolveResult.Reason reason) {
        return new SolveResult(Tensor.wrap(x, n).to(a.dtype()), iterations, Arrays.copyOf(history, historySize), reason, applies, mApplies);
    }

    // ---------------------------------------------------------------- vector helpers (fixed order)

    /** SIMD (Level1F64): C2 never vectorizes this floating-point reduction, and full reorthogonalisation is O(k·n) of them per Lanczos step. */
    static double dot(double[] x, double[] y) {
        return Level1F64.dot(x.length, x, 0, y, 0);
    }

    /** ‖x‖₂: one SIMD pass when ‖x‖² is safely inside the double range, else the scaled two-pass form. */
    static double norm(double[] x) {
        double ss = dot(x, x);
        if (ss > 1e-280 && ss < 1e280) return Math.sqrt(ss);
        double scale = 0;
        for (double v : x) scale = Math.max(scale, Math.abs(v));
        if (scale == 0 || !Double.isFinite(scale)) return scale;
        double s = 0;
        for (double v : x) {
            double t = v / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }

    /** y += α·x. */
    static void axpy(double alpha, double[] x, double[] y) {
        Level1F64.axpy(x.length, alpha, x, 0, y, 0);
    }

    static void scale(double alpha, double[] x) {
        for (int i = 0; i < x.length; i++) x[i] *= alpha;
    }

    static void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException(what + " has non-finite value " + v[i] + " at index " + i);
        }
    }

    static void checkSteps(String solver, String what, int k) {
        if (k <= 0) throw new IllegalArgumentException(solver + ": " + what + " must be positive, got " + k);
    }
}

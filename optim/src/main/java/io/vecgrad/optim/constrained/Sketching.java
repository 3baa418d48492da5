package io.vecgrad.optim.constrained;

import io.vecgrad.tensor.random.Rng;

/**
 * Randomized iterative sketching for a square system {@code K·z = b} (P36, the inner solver of
 * AdaSketch-Newton; {@code AdaSketchNewtonGV.jl} and {@code AdaSketchNewtonRK.jl} of
 * IlgeeHong/AdaSketch-Newton). Both are sketch-and-project with a one-dimensional sketch: the
 * new iterate is the projection of the old one onto the solution set of the sketched equation
 * {@code sᵀK·z = sᵀb}, so on a consistent system the distance to every solution never grows.
 *
 * <ul>
 *   <li>{@link Kind#GAUSSIAN}: {@code s ~ N(0, I)}, {@code z ← z − (sᵀr / ‖Kᵀs‖²)·Kᵀs};
 *   <li>{@link Kind#KACZMARZ}: a row i uniformly at random, {@code z ← z − (r_i / ‖K_i‖²)·K_iᵀ}
 * </ul>
 *
 * with {@code r = K·z − b}, recomputed after each step as in the code. Matrices are dense
 * row-major. {@link #FLOPS_PER_STEP} documents the flop counts used by the solvers' reports.
 *
 * <pre>{@code
 * Sketching s = new Sketching(k, n, Sketching.Kind.KACZMARZ, new Rng(1));
 * double[] z = new double[n];
 * double[] r = s.residual(z, b);
 * for (int t = 0; t < 1000; t++) s.step(z, r, b);
 * }</pre>
 */
public final class Sketching {
    /** The sketch distribution. */
    public enum Kind {
        /** Gaussian vector sketch (the code's GV). */
        GAUSSIAN,
        /** Row-sampling sketch: randomized Kaczmarz (the code's RK). */
        KACZMARZ
    }

    /** Flops per step as counted by {@link #flops()}: GV 4N² + 8N (Kᵀs, residual, dots), RK 2N² + 4N. */
    public static final String FLOPS_PER_STEP = "GV 4N^2 + 8N, RK 2N^2 + 4N (plus 2N^2 once for RK's row norms)";

    private final double[] k;
    private final int n;
    private final Kind kind;
    private final Rng rng;
    private final double[] rowNorm2;
    private final double[] work;
    private long flops;
    private long steps;

    /** A sketching solver on the n × n matrix {@code k} (not copied) with its random stream. */
    public Sketching(double[] k, int n, Kind kind, Rng rng) {
        if (k.length != (long) n * n) throw new IllegalArgumentException("Sketching: matrix of " + k.length + " values for n = " + n);
        this.k = k;
        this.n = n;
        this.kind = kind;
        this.rng = rng;
        this.work = new double[n];
        this.rowNorm2 = new double[kind == Kind.KACZMARZ ? n : 0];
        if (kind == Kind.KACZMARZ) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += k[i * n + j] * k[i * n + j];
                rowNorm2[i] = s;
            }
            flops += 2L * n * n;
        }
    }

    /** r = K·z − b (fresh array). */
    public double[] residual(double[] z, double[] b) {
        double[] r = new double[n];
        residualInto(z, b, r);
        return r;
    }

    private void residualInto(double[] z, double[] b, double[] r) {
        for (int i = 0; i < n; i++) {
            double s = -b[i];
            for (int j = 0; j < n; j++) s += k[i * n + j] * z[j];
            r[i] = s;
        }
        flops += 2L * n * n;
    }

    /** One sketch-and-project step: updates z and then r = K·z − b in place. */
    public void step(double[] z, double[] r, double[] b) {
        steps++;
        if (kind == Kind.GAUSSIAN) {
            double[] s = work;
            for (int i = 0; i < n; i++) s[i] = rng.nextGaussian();
            double[] kts = new double[n];
            for (int i = 0; i < n; i++) {
                double si = s[i];
                if (si != 0) for (int j = 0; j < n; j++) kts[j] += k[i * n + j] * si;
            }
            double sr = 0, den = 0;
            for (int i = 0; i < n; i++) {
                sr += s[i] * r[i];
                den += kts[i] * kts[i];
            }
            flops += 2L * n * n + 6L * n;
            if (den > 0) {
                double a = sr / den;
                for (int j = 0; j < n; j++) z[j] -= a * kts[j];
            }
        } else {
            int i = rng.nextInt(n);
            flops += 2L * n;
            if (rowNorm2[i] > 0) {
                double a = r[i] / rowNorm2[i];
                for (int j = 0; j < n; j++) z[j] -= a * k[i * n + j];
            }
        }
        residualInto(z, b, r);
        flops += 2L * n;   // the caller's residual norm
    }

    /** Flops spent so far (row norms, steps and residuals). */
    public long flops() {
        return flops;
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }
}

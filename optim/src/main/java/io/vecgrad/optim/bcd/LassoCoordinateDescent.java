package io.vecgrad.optim.bcd;

import io.vecgrad.optim.prox.L1Norm;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Level1F64;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Coordinate descent for the Lasso {@code min_x ½n⁻¹‖Ax − b‖² + α‖x‖₁} in scikit-learn's
 * scaling ({@code sklearn.linear_model.Lasso}, no intercept), from {@code x = 0}.
 *
 * <p>Each update minimizes the objective exactly in one coordinate: with the residual
 * {@code r = b − Ax} kept up to date and {@code c_j = A_jᵀr},
 * {@code x_j ← soft(c_j + ‖A_j‖²x_j, nα) / ‖A_j‖²} (the prox step of {@link L1Norm} with step
 * {@code 1/L_j}), then {@code r ← r − Δ·A_j}. Coordinates are picked by a {@link Selection} rule.
 *
 * <p>Stopping follows scikit-learn's {@code enet_coordinate_descent}: after an epoch in which
 * the largest coordinate change is below {@code tol} times the largest coordinate (or x is 0,
 * or on the last epoch), the duality gap with the dual point {@code θ = r·min(1, nα/‖Aᵀr‖∞)}
 * is evaluated, and the solve stops when it is ≤ {@code tol·‖b‖²/n}.
 *
 * <p>The columns come from a {@link ColumnMatrix} (column-major A with its squared norms); build
 * it once and call {@link #solve(ColumnMatrix, double[], double, CoordinateDescentOptions)} to
 * solve many problems with one design matrix without copying A again: such a solve allocates
 * O(n + p) (plus the Gram columns the Gauss–Southwell rule touches).
 *
 * <p>Deterministic: the same inputs, options and seed give bitwise the same result (single
 * thread; dot products use {@link Level1F64#dot}, whose order depends only on the vector width).
 *
 * <pre>{@code
 * // A is n×p row-major
 * LassoResult res = LassoCoordinateDescent.solve(a, n, p, b, 0.05,
 *         CoordinateDescentOptions.defaults().withTol(1e-6));
 * double[] x = res.x();
 * // or, reusing A's column-major copy across solves
 * ColumnMatrix cols = ColumnMatrix.ofRowMajor(a, n, p);
 * LassoResult again = LassoCoordinateDescent.solve(cols, b, 0.01, CoordinateDescentOptions.defaults());
 * }</pre>
 */
public final class LassoCoordinateDescent {
    private final int n, p;
    private final ColumnMatrix cols;
    private final double[] b, r, x;
    private final double alphaN;      // nα, the penalty of the unscaled objective ½‖r‖² + nα‖x‖₁
    private final CoordinateDescentOptions opts;
    // Gauss–Southwell state: c = Aᵀr and lazily computed Gram columns AᵀA_j.
    private double[] corr;
    private double[][] gram;

    private LassoCoordinateDescent(ColumnMatrix cols, double[] b, double alpha, CoordinateDescentOptions opts) {
        this.n = cols.rows();
        this.p = cols.cols();
        this.cols = cols;
        this.b = b;
        this.r = b.clone();
        this.x = new double[p];
        this.alphaN = alpha * n;
        this.opts = opts;
    }

    /**
     * Solves the Lasso for a row-major {@code n×p} matrix {@code a}.
     *
     * @throws IllegalArgumentException when the sizes disagree, α is negative or not finite, or an
     *     input is not finite
     */
    public static LassoResult solve(double[] a, int n, int p, double[] b, double alpha, CoordinateDescentOptions opts) {
        if (n < 1 || p < 1 || (long) n * p != a.length) {
            throw new IllegalArgumentException("LassoCoordinateDescent: A has " + a.length + " elements, not n×p = " + n + "×" + p);
        }
        checkB(b, n);
        return solve(ColumnMatrix.ofRowMajor(a, n, p), b, alpha, opts);
    }

    /**
     * Solves the Lasso with a column-major design matrix; A is not copied.
     *
     * @throws IllegalArgumentException when b's length is not A's row count, α is negative or not
     *     finite, or b is not finite
     */
    public static LassoResult solve(ColumnMatrix a, double[] b, double alpha, CoordinateDescentOptions opts) {
        checkB(b, a.rows());
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("LassoCoordinateDescent: alpha must be finite and ≥ 0, got " + alpha);
        }
        return new LassoCoordinateDescent(a, b, alpha, opts).run();
    }

    private static void checkB(double[] b, int n) {
        if (b.length != n) {
            throw new IllegalArgumentException("LassoCoordinateDescent: b has length " + b.length + " but A has " + n + " rows");
        }
        requireFinite("b", b);
    }

    /** Solves the Lasso for FLOAT64 tensors {@code a} (n×p) and {@code b} (n). */
    public static LassoResult solve(Tensor a, Tensor b, double alpha, CoordinateDescentOptions opts) {
        if (a.dtype() != DType.FLOAT64 || b.dtype() != DType.FLOAT64 || a.shape().length != 2 || b.shape().length != 1) {
            throw new IllegalArgumentException("LassoCoordinateDescent: needs FLOAT64 A (n×p) and b (n), got A "
                    + a.dtype() + Arrays.toString(a.shape()) + " and b " + b.dtype() + Arrays.toString(b.shape()));
        }
        return solve(a.toDoubleArray(), a.shape()[0], a.shape()[1], b.toDoubleArray(), alpha, opts);
    }

    private static void requireFinite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("LassoCoordinateDescent: " + name + "[" + i + "] is " + v[i]);
            }
        }
    }

    private LassoResult run() {
        double bNorm2 = Level1F64.dot(n, b, 0, b, 0);
        double target = opts.tol() * bNorm2;   // on the unscaled gap
        SplittableRandom rnd = new SplittableRandom(opts.seed());
        if (opts.selection() == Selection.GAUSS_SOUTHWELL) {
            corr = new double[p];
            for (int j = 0; j < p; j++) corr[j] = cols.dot(j, r);
            gram = new double[p][];
        }
        int[] gapEpochs = new int[16];
        double[] gaps = new double[16];
        int nGaps = 0;
        StopReason reason = StopReason.MAX_EPOCHS;
        int epoch = 0;
        while (epoch < opts.maxEpochs()) {
            epoch++;
            double dMax = 0, xMax = 0;
            for (int k = 0; k < p; k++) {
                int j = switch (opts.selection()) {
                    case CYCLIC -> k;
                    case RANDOM -> rnd.nextInt(p);
                    case GAUSS_SOUTHWELL -> gaussSouthwell();
                };
                if (j < 0) break;   // GS: every coordinate optimal
                dMax = Math.max(dMax, Math.abs(update(j)));
            }
            for (double xi : x) xMax = Math.max(xMax, Math.abs(xi));
            if (xMax == 0 || dMax / xMax < opts.tol() || epoch == opts.maxEpochs()) {
                double gap = dualityGap();
                if (nGaps == gaps.length) {
                    gaps = Arrays.copyOf(gaps, 2 * nGaps);
                    gapEpochs = Arrays.copyOf(gapEpochs, 2 * nGaps);
                }
                gapEpochs[nGaps] = epoch;
                gaps[nGaps++] = gap / n;
                if (gap <= target) {
                    reason = StopReason.CONVERGED;
                    break;
                }
            }
        }
        double obj = 0.5 * Level1F64.dot(n, r, 0, r, 0) / n + alphaN / n * l1(x);
        return new LassoResult(x.clone(), epoch, Arrays.copyOf(gapEpochs, nGaps), Arrays.copyOf(gaps, nGaps), obj, reason);
    }

    /** Exact minimization in coordinate j; returns the change of x_j. */
    private double update(int j) {
        double lj = cols.colNorm2(j);
        if (lj == 0) return 0;
        double old = x[j];
        double c = corr != null ? corr[j] : cols.dot(j, r);
        double next = L1Norm.softThreshold(c + lj * old, alphaN) / lj;
        double delta = next - old;
        if (delta != 0) {
            x[j] = next;
            cols.axpy(j, -delta, r);
            if (corr != null) {
                double[] g = gramColumn(j);
                Level1F64.axpy(p, -delta, g, 0, corr, 0);
            }
        }
        return delta;
    }

    /** GS-s: argmax of the minimum-norm subgradient magnitude; −1 when all are 0. */
    private int gaussSouthwell() {
        int best = -1;
        double bestScore = 0;
        for (int j = 0; j < p; j++) {
            if (cols.colNorm2(j) == 0) continue;
            double g = -corr[j];   // gradient of ½‖b − Ax‖² in x_j
            double s = x[j] > 0 ? Math.abs(g + alphaN) : x[j] < 0 ? Math.abs(g - alphaN) : Math.max(Math.abs(g) - alphaN, 0);
            if (s > bestScore) {
                bestScore = s;
                best = j;
            }
        }
        return best;
    }

    private double[] gramColumn(int j) {
        double[] g = gram[j];
        if (g == null) {
            g = new double[p];
            for (int i = 0; i < p; i++) g[i] = cols.colDot(i, j);
            gram[j] = g;
        }
        return g;
    }

    /** scikit-learn's duality gap of the unscaled objective ½‖r‖² + nα‖x‖₁. */
    private double dualityGap() {
        if (corr != null) {   // refresh the kept-up-to-date correlations, dropping their drift
            for (int j = 0; j < p; j++) corr[j] = cols.dot(j, r);
        }
        double dualNorm = 0;
        for (int j = 0; j < p; j++) {
            double c = corr != null ? corr[j] : cols.dot(j, r);
            dualNorm = Math.max(dualNorm, Math.abs(c));
        }
        double rNorm2 = Level1F64.dot(n, r, 0, r, 0);
        double scale = dualNorm > alphaN ? alphaN / dualNorm : 1.0;
        double gap = 0.5 * rNorm2 * (1 + scale * scale);
        return gap + alphaN * l1(x) - scale * Level1F64.dot(n, r, 0, b, 0);
    }

    private static double l1(double[] v) {
        double s = 0;
        for (double vi : v) s += Math.abs(vi);
        return s;
    }
}

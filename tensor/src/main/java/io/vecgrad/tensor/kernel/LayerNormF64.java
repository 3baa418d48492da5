package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalization over contiguous rows of length {@code d} (biased variance, two passes
 * like the composed form), forward and backward in one kernel each, saving only the per-row
 * mean and reciprocal standard deviation. Sums go through {@link SoftmaxF64#sum}'s float twin
 * order rules (lane-wise on the vector path). The elementwise steps run as vector loops with a
 * scalar tail that apply each element exactly the operations of the scalar twin, in the same
 * order (no fused multiply-adds), so they give its bits. The float twin {@code LayerNormF32} is
 * generated from this file.
 *
 * <p>The {@code ...Rows} and {@link #backwardAffine} entry points compute a range of rows (or of
 * affine columns) with exactly the arithmetic of the whole-tensor methods, so callers may split
 * rows, and the affine gradients' columns, over threads ({@link RowSplit}) and get the same bits
 * for any thread count: every row's statistics and {@code dx}, and every column's
 * {@code dw}/{@code db} sum over rows in row order, are computed by one thread.
 *
 * <pre>{@code
 * LayerNormF64.forward(x, 0, rows, d, w, 0, b, 0, 1e-5, y, 0, stats, new double[d]);
 * }</pre>
 */
public final class LayerNormF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private LayerNormF64() {}

    /**
     * {@code y = (x − mean)·rstd·w + b} per row; {@code w}/{@code b} may be null (no affine map).
     * {@code stats} receives {@code mean, rstd} per row; {@code scratch} holds one row.
     */
    public static void forward(double[] x, int xo, int rows, int d, double[] w, int wo, double[] b, int bo, double eps,
                               double[] y, int yo, double[] stats, double[] scratch) {
        forwardRows(x, xo, 0, rows, d, w, wo, b, bo, eps, y, yo, stats, scratch);
    }

    /** {@link #forward} for rows {@code [r0, r1)} only; {@code scratch} holds one row and may be null (a per-thread one is used). */
    public static void forwardRows(double[] x, int xo, int r0, int r1, int d, double[] w, int wo, double[] b, int bo, double eps,
                                   double[] y, int yo, double[] stats, double[] scratch) {
        if (scratch == null) scratch = scratch(d);
        for (int r = r0; r < r1; r++) {
            int a = xo + r * d, c = yo + r * d;
            double mean = SoftmaxF64.sum(x, a, d) / d;
            int i = 0, bound = Simd.ENABLED ? S.loopBound(d) : 0;
            DoubleVector vm = Simd.ENABLED ? DoubleVector.broadcast(S, mean) : null;
            for (; i < bound; i += S.length()) {
                DoubleVector t = DoubleVector.fromArray(S, x, a + i).sub(vm);
                t.mul(t).intoArray(scratch, i);
            }
            for (; i < d; i++) {
                double t = x[a + i] - mean;
                scratch[i] = t * t;
            }
            double rstd = 1 / (double) Math.sqrt(SoftmaxF64.sum(scratch, 0, d) / d + eps);
            stats[2 * r] = mean;
            stats[2 * r + 1] = rstd;
            i = 0;
            if (w == null) {
                for (; i < bound; i += S.length()) DoubleVector.fromArray(S, x, a + i).sub(vm).mul(rstd).intoArray(y, c + i);
                for (; i < d; i++) y[c + i] = (x[a + i] - mean) * rstd;
            } else {
                for (; i < bound; i += S.length()) {
                    DoubleVector.fromArray(S, x, a + i).sub(vm).mul(rstd).mul(DoubleVector.fromArray(S, w, wo + i))
                            .add(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, c + i);
                }
                for (; i < d; i++) y[c + i] = (x[a + i] - mean) * rstd * w[wo + i] + b[bo + i];
            }
        }
    }

    /**
     * Cotangents of {@link #forward}: {@code dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))} with
     * {@code ĝ = g·w}; {@code dw += Σ_rows g·x̂}, {@code db += Σ_rows g} (either may be null).
     * {@code scratch} holds two rows.
     */
    public static void backward(double[] x, int xo, int rows, int d, double[] w, int wo, double[] stats,
                                double[] g, int go, double[] dx, int dxo, double[] dw, double[] db, double[] scratch) {
        if (dx != null) backwardRows(x, xo, 0, rows, d, w, wo, stats, g, go, dx, dxo, scratch);
        if (dw != null || db != null) backwardAffine(x, xo, rows, d, 0, d, stats, g, go, dw, db);
    }

    /**
     * {@code dw[i] += Σ_rows g·x̂}, {@code db[i] += Σ_rows g} for the columns {@code [c0, c1)}
     * only, rows in index order (either may be null). Each vector of columns keeps its two sums in
     * registers from the values already there to the last row and stores them once: with the sums
     * in {@code dw}/{@code db}, two threads summing neighbouring column ranges wrote the same
     * cache line (a range of 16 floats spans two) on every row, and the transformer step's
     * column-split affine gradient took 1.7–2.3× its one-thread CPU time at two threads
     * (ScalingCensus, twenty-third session). Same additions in the same order, so the same bits.
     */
    public static void backwardAffine(double[] x, int xo, int rows, int d, int c0, int c1, double[] stats,
                                      double[] g, int go, double[] dw, double[] db) {
        int c = c0;
        if (Simd.ENABLED) {
            for (; c <= c1 - S.length(); c += S.length()) affineVector(x, xo, rows, d, c, stats, g, go, dw, db);
        }
        for (; c < c1; c++) affineColumn(x, xo, rows, d, c, stats, g, go, dw, db);
    }

    /** Columns {@code [c, c + L)} of {@link #backwardAffine}. */
    private static void affineVector(double[] x, int xo, int rows, int d, int c, double[] stats,
                                     double[] g, int go, double[] dw, double[] db) {
        DoubleVector sw = dw == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, dw, c);
        DoubleVector sb = db == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, db, c);
        for (int r = 0, a = xo + c, gr = go + c; r < rows; r++, a += d, gr += d) {
            DoubleVector gv = DoubleVector.fromArray(S, g, gr);
            DoubleVector xh = DoubleVector.fromArray(S, x, a).sub(stats[2 * r]).mul(stats[2 * r + 1]);
            sw = sw.add(gv.mul(xh));
            sb = sb.add(gv);
        }
        if (dw != null) sw.intoArray(dw, c);
        if (db != null) sb.intoArray(db, c);
    }

    /** Column {@code c} of {@link #backwardAffine}, scalar. */
    private static void affineColumn(double[] x, int xo, int rows, int d, int c, double[] stats,
                                     double[] g, int go, double[] dw, double[] db) {
        double sw = dw == null ? 0 : dw[c], sb = db == null ? 0 : db[c];
        for (int r = 0, a = xo + c, gr = go + c; r < rows; r++, a += d, gr += d) {
            sw += g[gr] * ((x[a] - stats[2 * r]) * stats[2 * r + 1]);
            sb += g[gr];
        }
        if (dw != null) dw[c] = sw;
        if (db != null) db[c] = sb;
    }

    /** The {@code dx} of {@link #backward} for rows {@code [r0, r1)} only; {@code scratch} holds two rows and may be null. */
    public static void backwardRows(double[] x, int xo, int r0, int r1, int d, double[] w, int wo, double[] stats,
                                    double[] g, int go, double[] dx, int dxo, double[] scratch) {
        if (scratch == null) scratch = scratch(2 * d);
        for (int r = r0; r < r1; r++) {
            int a = xo + r * d, gr = go + r * d, c = dxo + r * d;
            double mean = stats[2 * r], rstd = stats[2 * r + 1];
            int i = 0, bound = Simd.ENABLED ? S.loopBound(d) : 0;
            DoubleVector vm = Simd.ENABLED ? DoubleVector.broadcast(S, mean) : null;
            for (; i < bound; i += S.length()) {
                DoubleVector xh = DoubleVector.fromArray(S, x, a + i).sub(vm).mul(rstd);
                DoubleVector gh = DoubleVector.fromArray(S, g, gr + i);
                if (w != null) gh = gh.mul(DoubleVector.fromArray(S, w, wo + i));
                gh.intoArray(scratch, i);
                gh.mul(xh).intoArray(scratch, d + i);
            }
            for (; i < d; i++) {
                double xh = (x[a + i] - mean) * rstd;
                double gh = w == null ? g[gr + i] : g[gr + i] * w[wo + i];
                scratch[i] = gh;
                scratch[d + i] = gh * xh;
            }
            double m1 = SoftmaxF64.sum(scratch, 0, d) / d;
            double m2 = SoftmaxF64.sum(scratch, d, d) / d;
            for (i = 0; i < bound; i += S.length()) {
                DoubleVector xh = DoubleVector.fromArray(S, x, a + i).sub(vm).mul(rstd);
                DoubleVector.fromArray(S, scratch, i).sub(m1).sub(xh.mul(m2)).mul(rstd).intoArray(dx, c + i);
            }
            for (; i < d; i++) {
                double xh = (x[a + i] - mean) * rstd;
                dx[c + i] = rstd * (scratch[i] - m1 - xh * m2);
            }
        }
    }

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    /** This thread's scratch of at least {@code n} elements (kernels running on pool threads share none). */
    static double[] scratch(int n) {
        double[][] h = SCRATCH.get();
        if (h[0].length < n) h[0] = new double[n];
        return h[0];
    }
}

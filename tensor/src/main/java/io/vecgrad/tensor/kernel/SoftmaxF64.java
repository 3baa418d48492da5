package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise softmax, log-softmax and softmax cross-entropy (forward and backward) on contiguous
 * double rows, one pass per row and no temporaries beyond the output.
 *
 * <p>Each row follows the composed definition's arithmetic ({@code shifted = x − max},
 * {@code e = exp(shifted)}, {@code s = Σ e}, then {@code e/s} or {@code shifted − log s}); the
 * exponentials are {@link Exp#shifted}: {@code Math.exp} as in {@code UnaryF64} for double rows,
 * a vector polynomial within 2 ulps for float rows (the same bits in every lane and in the
 * scalar twin). Only the order of the sum differs between the vector path and the scalar twin
 * (lane-wise partial sums), so results agree within a few ulps of {@code s}; the maximum is
 * exact in any order. The final division {@code e/s} and the log-softmax's {@code (x − m) − log s}
 * run as vector loops with a scalar tail, the same operations per element as the scalar loops
 * (rows of 64 were too short for C2's own vectorized loop; {@code SoftmaxLoopsTest}). The float twin
 * {@code SoftmaxF32} is generated from this file.
 *
 * <p>Rows are independent: {@link #softmax} on a sub-range of rows (offsets moved by whole
 * rows) and the {@code ...Rows} entry points compute exactly the bits of the whole call, so
 * callers may split rows over threads ({@link RowSplit}).
 *
 * <pre>{@code
 * SoftmaxF64.softmax(x, 0, out, 0, rows, k, false);
 * }</pre>
 */
public final class SoftmaxF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    /** Elements per pass of exponentials in {@link #crossEntropyRows}: whole rows up to this many (16 KiB of floats). */
    private static final int BULK_EXP = 4096;

    private SoftmaxF64() {}

    /** The maximum of {@code x[o .. o+k)} (NaN if any element is NaN). */
    public static double max(double[] x, int o, int k) {
        int i = 0;
        double m = Double.NEGATIVE_INFINITY;
        if (Simd.ENABLED && k >= S.length()) {
            DoubleVector acc = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
            int bound = S.loopBound(k);
            for (; i < bound; i += S.length()) acc = acc.max(DoubleVector.fromArray(S, x, o + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < k; i++) m = Math.max(m, x[o + i]);
        return m;
    }

    /** The sum of {@code a[o .. o+k)}: lane-wise partial sums on the vector path, left to right in the twin. */
    public static double sum(double[] a, int o, int k) {
        int i = 0;
        double s = 0;
        if (Simd.ENABLED && k >= S.length()) {
            DoubleVector acc = DoubleVector.zero(S);
            int bound = S.loopBound(k);
            for (; i < bound; i += S.length()) acc = acc.add(DoubleVector.fromArray(S, a, o + i));
            s = LanesF64.sum(acc);   // fixed lane order, the same bits in every JIT tier
        }
        for (; i < k; i++) s += a[o + i];
        return s;
    }

    /** {@code e[eo+i] = exp(x[o+i] − m)}; returns their sum. */
    private static double expShifted(double[] x, int o, double m, double[] e, int eo, int k) {
        Exp.shifted(x, o, m, e, eo, k);
        return sum(e, eo, k);
    }

    /**
     * Softmax (or, with {@code log}, log-softmax) of each of {@code rows} rows of length {@code k}.
     * {@code out} may be {@code x} at the same offset (attention runs the softmax in place): the
     * log-softmax then sums its exponentials in per-thread scratch, because it reads {@code x}
     * again after them.
     */
    public static void softmax(double[] x, int xo, double[] out, int oo, int rows, int k, boolean log) {
        double[] e = log && x == out ? LayerNormF64.scratch(k) : out;
        for (int r = 0; r < rows; r++) {
            int a = xo + r * k, c = oo + r * k;
            double m = max(x, a, k);
            double s = expShifted(x, a, m, e, e == out ? c : 0, k);
            int i = 0, l = S.length();
            if (log) {
                double ls = (double) Math.log(s);
                if (Simd.ENABLED) {
                    for (; i + l <= k; i += l) DoubleVector.fromArray(S, x, a + i).sub(m).sub(ls).intoArray(out, c + i);
                }
                for (; i < k; i++) out[c + i] = (x[a + i] - m) - ls;
            } else {
                if (Simd.ENABLED) {
                    for (; i + l <= k; i += l) DoubleVector.fromArray(S, out, c + i).div(s).intoArray(out, c + i);
                }
                for (; i < k; i++) out[c + i] = out[c + i] / s;
            }
        }
    }

    /**
     * Per-row cross-entropy {@code loss[r] = −((x[r, y_r] − m_r) − log s_r)} of logits rows
     * against labels {@code y} (already checked to lie in {@code [0, k)}); {@code stats} receives
     * {@code m_r, log s_r} per row for the backward; {@code scratch} holds the exponentials of up to
     * 4,096 elements' worth of whole rows (a per-thread one is used when it is null or shorter).
     */
    public static void crossEntropy(double[] x, int xo, int rows, int k, long[] y, int yo,
                                    double[] loss, int lo, double[] stats, double[] scratch) {
        crossEntropyRows(x, xo, 0, rows, k, y, yo, loss, lo, stats, scratch);
    }

    /** {@link #crossEntropy} for rows {@code [r0, r1)} only; {@code scratch} as there (null: a per-thread one). */
    public static void crossEntropyRows(double[] x, int xo, int r0, int r1, int k, long[] y, int yo,
                                        double[] loss, int lo, double[] stats, double[] scratch) {
        int chunk = Math.max(1, BULK_EXP / Math.max(k, 1));
        int need = Math.min(chunk, r1 - r0) * k;
        if (scratch == null || scratch.length < need) scratch = LayerNormF64.scratch(need);
        for (int c0 = r0; c0 < r1; c0 += chunk) {
            int c1 = Math.min(r1, c0 + chunk);
            // The shifted rows x − m side by side, then one pass of exponentials over all of them:
            // exp(t − 0) is exp(x − m) to the bit, and the short rows (step-mlp's k = 10) no longer
            // each pay a vector loop's set-up and a scalar tail.
            for (int r = c0; r < c1; r++) {
                int a = xo + r * k, e = (r - c0) * k;
                double m = max(x, a, k);
                stats[2 * r] = m;
                for (int i = 0; i < k; i++) scratch[e + i] = x[a + i] - m;
            }
            Exp.shifted(scratch, 0, 0, scratch, 0, (c1 - c0) * k);
            for (int r = c0; r < c1; r++) {
                int a = xo + r * k;
                double m = stats[2 * r];
                double ls = (double) Math.log(sum(scratch, (r - c0) * k, k));
                stats[2 * r + 1] = ls;
                loss[lo + r] = -((x[a + (int) y[yo + r]] - m) - ls);
            }
        }
    }

    /**
     * The logits' cotangent of {@link #crossEntropy} given per-row cotangents {@code g[go + r·gs]}
     * (stride 0 broadcasts one value): {@code dx = onehot·(−g) − p·(−g)} with
     * {@code p = exp((x − m) − log s)}, the composed log-softmax VJP's arithmetic, the exponential
     * by {@link Exp#shifted} ({@code Math.exp} for double rows, as before; the vector polynomial,
     * within 2 ulps, for float rows, where a scalar {@code Math.exp} per element had made the
     * backward of step-mlp's 64×10 logits take 9.8 µs against the forward's 5.5).
     */
    public static void crossEntropyBackward(double[] x, int xo, int rows, int k, long[] y, int yo, double[] stats,
                                            double[] g, int go, int gs, double[] dx, int dxo) {
        crossEntropyBackwardRows(x, xo, 0, rows, k, y, yo, stats, g, go, gs, dx, dxo);
    }

    /** {@link #crossEntropyBackward} for rows {@code [r0, r1)} only. */
    public static void crossEntropyBackwardRows(double[] x, int xo, int r0, int r1, int k, long[] y, int yo, double[] stats,
                                                double[] g, int go, int gs, double[] dx, int dxo) {
        // p in place in dx: every row's (x − m) − log s, then one pass of exponentials over them all.
        for (int r = r0; r < r1; r++) {
            int a = xo + r * k, c = dxo + r * k;
            double m = stats[2 * r], ls = stats[2 * r + 1];
            for (int i = 0; i < k; i++) dx[c + i] = (x[a + i] - m) - ls;
        }
        Exp.shifted(dx, dxo + r0 * k, 0, dx, dxo + r0 * k, (r1 - r0) * k);
        for (int r = r0; r < r1; r++) {
            int c = dxo + r * k, t = (int) y[yo + r];
            double total = -g[go + r * gs], pt = dx[c + t];
            for (int i = 0; i < k; i++) dx[c + i] = 0 - dx[c + i] * total;
            dx[c + t] = total - pt * total;
        }
    }
}

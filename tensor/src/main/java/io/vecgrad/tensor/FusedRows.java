package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.LayerNormF32;
import io.vecgrad.tensor.kernel.LayerNormF64;
import io.vecgrad.tensor.kernel.RowSplit;
import io.vecgrad.tensor.kernel.SoftmaxF32;
import io.vecgrad.tensor.kernel.SoftmaxF64;

/**
 * Row-wise fused kernels over the last axis (softmax, log-softmax, softmax cross-entropy, layer
 * normalization), forward and backward, for the autodiff layer's fused ops. Each takes any
 * floating tensor (made contiguous first), dispatches on its dtype here, and runs one pass per
 * row; the composed tensor ops stay the reference (tests compare within stated ulp bounds).
 * Large inputs split their rows (and layer norm's affine gradients their columns) over the
 * kernel threads ({@link RowSplit}); each row or column is computed by one thread in the same
 * order, so results are bitwise the same for any thread count.
 *
 * <pre>{@code
 * Tensor p = FusedRows.softmax(logits, false);                 // = logits.softmax(-1)
 * Tensor[] ce = FusedRows.crossEntropy(logits, labels);        // {per-row loss [N], stats [N, 2]}
 * }</pre>
 */
public final class FusedRows {
    private FusedRows() {}

    /** Softmax (or log-softmax with {@code log}) along the last axis. */
    public static Tensor softmax(Tensor x, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        Tensor c = floating(op, x).contiguous();
        int k = c.size(c.dim() - 1), rows = k == 0 ? 0 : c.numel() / k;
        Tensor out = Tensor.allocUninitialized(c.dtype(), c.shape());
        int co = c.offset();
        if (c.dtype() == DType.FLOAT32) {
            float[] xa = c.floatArray(), oa = out.floatArray();
            if (RowSplit.worthSplitting((long) (rows) * (4L * k))) RowSplit.rows(rows, 4L * k, (r0, r1) -> SoftmaxF32.softmax(xa, co + r0 * k, oa, r0 * k, r1 - r0, k, log));
            else {
                int r0 = 0, r1 = rows;
                SoftmaxF32.softmax(xa, co + r0 * k, oa, r0 * k, r1 - r0, k, log);
            }
        } else {
            double[] xa = c.doubleArray(), oa = out.doubleArray();
            if (RowSplit.worthSplitting((long) (rows) * (4L * k))) RowSplit.rows(rows, 4L * k, (r0, r1) -> SoftmaxF64.softmax(xa, co + r0 * k, oa, r0 * k, r1 - r0, k, log));
            else {
                int r0 = 0, r1 = rows;
                SoftmaxF64.softmax(xa, co + r0 * k, oa, r0 * k, r1 - r0, k, log);
            }
        }
        return out;
    }

    /**
     * Softmax cross-entropy of logits {@code [N, K]} at labels {@code [N]} (integers in
     * {@code [0, K)}, checked): {@code {loss [N], stats [N, 2]}}, the stats feeding
     * {@link #crossEntropyBackward}.
     */
    public static Tensor[] crossEntropy(Tensor logits, Tensor labels) {
        Tensor x = floating("crossEntropy", logits).contiguous();
        Tensor y = labels(x, labels);
        int n = x.size(0), k = x.size(1);
        Tensor loss = Tensor.allocUninitialized(x.dtype(), new int[] {n});
        Tensor stats = Tensor.allocUninitialized(x.dtype(), new int[] {n, 2});
        int xo = x.offset(), yo = y.offset();
        long[] ya = y.longArray();
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = x.floatArray(), la = loss.floatArray(), sa = stats.floatArray();
            if (RowSplit.worthSplitting((long) (n) * (3L * k))) RowSplit.rows(n, 3L * k, (r0, r1) -> SoftmaxF32.crossEntropyRows(xa, xo, r0, r1, k, ya, yo, la, 0, sa, null));
            else {
                int r0 = 0, r1 = n;
                SoftmaxF32.crossEntropyRows(xa, xo, r0, r1, k, ya, yo, la, 0, sa, null);
            }
        } else {
            double[] xa = x.doubleArray(), la = loss.doubleArray(), sa = stats.doubleArray();
            if (RowSplit.worthSplitting((long) (n) * (3L * k))) RowSplit.rows(n, 3L * k, (r0, r1) -> SoftmaxF64.crossEntropyRows(xa, xo, r0, r1, k, ya, yo, la, 0, sa, null));
            else {
                int r0 = 0, r1 = n;
                SoftmaxF64.crossEntropyRows(xa, xo, r0, r1, k, ya, yo, la, 0, sa, null);
            }
        }
        return new Tensor[] {loss, stats};
    }

    /** The logits' cotangent of {@link #crossEntropy} for per-row cotangents {@code g} ({@code [N]} or a scalar). */
    public static Tensor crossEntropyBackward(Tensor logits, Tensor labels, Tensor stats, Tensor g) {
        Tensor x = logits.contiguous();
        Tensor y = labels(x, labels);
        int n = x.size(0), k = x.size(1);
        Tensor gc = g.to(x.dtype()).contiguous();
        int gs = gc.numel() == 1 ? 0 : 1;
        if (gs == 1 && gc.numel() != n) {
            throw new IllegalArgumentException("crossEntropyBackward: cotangent of shape " + Shape.str(g.shape()) + " for " + n + " rows");
        }
        Tensor dx = Tensor.allocUninitialized(x.dtype(), x.shape());
        int xo = x.offset(), yo = y.offset(), go = gc.offset();
        long[] ya = y.longArray();
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = x.floatArray(), sa = stats.contiguous().floatArray(), ga = gc.floatArray(), da = dx.floatArray();
            if (RowSplit.worthSplitting((long) (n) * (3L * k))) RowSplit.rows(n, 3L * k, (r0, r1) -> SoftmaxF32.crossEntropyBackwardRows(xa, xo, r0, r1, k, ya, yo, sa, ga, go, gs, da, 0));
            else {
                int r0 = 0, r1 = n;
                SoftmaxF32.crossEntropyBackwardRows(xa, xo, r0, r1, k, ya, yo, sa, ga, go, gs, da, 0);
            }
        } else {
            double[] xa = x.doubleArray(), sa = stats.contiguous().doubleArray(), ga = gc.doubleArray(), da = dx.doubleArray();
            if (RowSplit.worthSplitting((long) (n) * (3L * k))) RowSplit.rows(n, 3L * k, (r0, r1) -> SoftmaxF64.crossEntropyBackwardRows(xa, xo, r0, r1, k, ya, yo, sa, ga, go, gs, da, 0));
            else {
                int r0 = 0, r1 = n;
                SoftmaxF64.crossEntropyBackwardRows(xa, xo, r0, r1, k, ya, yo, sa, ga, go, gs, da, 0);
            }
        }
        return dx;
    }

    /**
     * Layer normalization over the last {@code d} elements of each row (the flattened
     * normalized shape) with optional affine {@code weight}/{@code bias} of {@code d} elements:
     * {@code {y, stats [rows, 2]}}.
     */
    public static Tensor[] layerNorm(Tensor x, int d, Tensor weight, Tensor bias, double eps) {
        Tensor c = floating("layerNorm", x).contiguous();
        int rows = rows("layerNorm", c, d);
        Tensor w = weight == null ? null : weight.to(c.dtype()).contiguous();
        Tensor b = bias == null ? null : bias.to(c.dtype()).contiguous();
        Tensor y = Tensor.allocUninitialized(c.dtype(), c.shape());
        Tensor stats = Tensor.allocUninitialized(c.dtype(), new int[] {rows, 2});
        int co = c.offset(), wo = w == null ? 0 : w.offset(), bo = b == null ? 0 : b.offset();
        if (c.dtype() == DType.FLOAT32) {
            float[] xa = c.floatArray(), wa = w == null ? null : w.floatArray(), ba = b == null ? null : b.floatArray(), ya = y.floatArray(), sa = stats.floatArray();
            if (RowSplit.worthSplitting((long) (rows) * (4L * d))) RowSplit.rows(rows, 4L * d, (r0, r1) -> LayerNormF32.forwardRows(xa, co, r0, r1, d, wa, wo, ba, bo, (float) eps, ya, 0, sa, null));
            else {
                int r0 = 0, r1 = rows;
                LayerNormF32.forwardRows(xa, co, r0, r1, d, wa, wo, ba, bo, (float) eps, ya, 0, sa, null);
            }
        } else {
            double[] xa = c.doubleArray(), wa = w == null ? null : w.doubleArray(), ba = b == null ? null : b.doubleArray(), ya = y.doubleArray(), sa = stats.doubleArray();
            if (RowSplit.worthSplitting((long) (rows) * (4L * d))) RowSplit.rows(rows, 4L * d, (r0, r1) -> LayerNormF64.forwardRows(xa, co, r0, r1, d, wa, wo, ba, bo, eps, ya, 0, sa, null));
            else {
                int r0 = 0, r1 = rows;
                LayerNormF64.forwardRows(xa, co, r0, r1, d, wa, wo, ba, bo, eps, ya, 0, sa, null);
            }
        }
        return new Tensor[] {y, stats};
    }

    /**
     * Cotangents of {@link #layerNorm}: {@code {dx, dweight, dbias}}; {@code dweight}/{@code dbias}
     * are null when {@code weight} is null or {@code affineGrads} is false.
     */
    public static Tensor[] layerNormBackward(Tensor x, int d, Tensor weight, Tensor stats, Tensor g, boolean inputGrad, boolean affineGrads) {
        Tensor c = x.contiguous();
        int rows = rows("layerNormBackward", c, d);
        Tensor gc = g.to(c.dtype()).contiguous();
        Tensor w = weight == null ? null : weight.to(c.dtype()).contiguous();
        Tensor dx = inputGrad ? Tensor.allocUninitialized(c.dtype(), c.shape()) : null;
        boolean aff = affineGrads && w != null;
        Tensor dw = aff ? Tensor.alloc(c.dtype(), new int[] {d}) : null, db = aff ? Tensor.alloc(c.dtype(), new int[] {d}) : null;
        Tensor s = stats.contiguous();
        int co = c.offset(), wo = w == null ? 0 : w.offset(), go = gc.offset();
        // dx splits over rows; dw and db over columns (each column sums its rows in order on one thread).
        if (c.dtype() == DType.FLOAT32) {
            float[] xa = c.floatArray(), wa = w == null ? null : w.floatArray(), sa = s.floatArray(), ga = gc.floatArray();
            float[] dxa = dx == null ? null : dx.floatArray(), dwa = dw == null ? null : dw.floatArray(), dba = db == null ? null : db.floatArray();
            if (dxa != null) {
                if (RowSplit.worthSplitting((long) (rows) * (6L * d))) RowSplit.rows(rows, 6L * d, (r0, r1) -> LayerNormF32.backwardRows(xa, co, r0, r1, d, wa, wo, sa, ga, go, dxa, 0, null));
                else {
                    int r0 = 0, r1 = rows;
                    LayerNormF32.backwardRows(xa, co, r0, r1, d, wa, wo, sa, ga, go, dxa, 0, null);
                }
            }
            if (aff) {
                if (RowSplit.worthSplitting((long) (rows) * (d))) RowSplit.columns(d, rows, (c0, c1) -> LayerNormF32.backwardAffine(xa, co, rows, d, c0, c1, sa, ga, go, dwa, dba));
                else {
                    int c0 = 0, c1 = d;
                    LayerNormF32.backwardAffine(xa, co, rows, d, c0, c1, sa, ga, go, dwa, dba);
                }
            }
        } else {
            double[] xa = c.doubleArray(), wa = w == null ? null : w.doubleArray(), sa = s.doubleArray(), ga = gc.doubleArray();
            double[] dxa = dx == null ? null : dx.doubleArray(), dwa = dw == null ? null : dw.doubleArray(), dba = db == null ? null : db.doubleArray();
            if (dxa != null) {
                if (RowSplit.worthSplitting((long) (rows) * (6L * d))) RowSplit.rows(rows, 6L * d, (r0, r1) -> LayerNormF64.backwardRows(xa, co, r0, r1, d, wa, wo, sa, ga, go, dxa, 0, null));
                else {
                    int r0 = 0, r1 = rows;
                    LayerNormF64.backwardRows(xa, co, r0, r1, d, wa, wo, sa, ga, go, dxa, 0, null);
                }
            }
            if (aff) {
                if (RowSplit.worthSplitting((long) (rows) * (d))) RowSplit.columns(d, rows, (c0, c1) -> LayerNormF64.backwardAffine(xa, co, rows, d, c0, c1, sa, ga, go, dwa, dba));
                else {
                    int c0 = 0, c1 = d;
                    LayerNormF64.backwardAffine(xa, co, rows, d, c0, c1, sa, ga, go, dwa, dba);
                }
            }
        }
        return new Tensor[] {dx, dw, db};
    }

    private static Tensor floating(String op, Tensor x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": needs a floating tensor, got " + x.dtype());
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": needs at least one axis, got a scalar");
        return x;
    }

    private static int rows(String op, Tensor c, int d) {
        if (d <= 0 || c.numel() % d != 0) {
            throw new IllegalArgumentException(op + ": normalized size " + d + " does not divide shape " + Shape.str(c.shape()));
        }
        return c.numel() / d;
    }

    private static Tensor labels(Tensor x, Tensor labels) {
        if (x.dim() != 2 || labels.dim() != 1 || labels.size(0) != x.size(0) || labels.dtype().isFloating() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("crossEntropy: expected logits [N, K] and integer labels [N], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(labels.shape()) + " of " + labels.dtype());
        }
        Tensor y = labels.to(DType.INT64).contiguous();
        long[] a = y.longArray();
        int k = x.size(1);
        for (int i = 0; i < y.numel(); i++) {
            long v = a[y.offset() + i];
            if (v < 0 || v >= k) {
                throw new IllegalArgumentException("crossEntropy: label " + v + " at row " + i + " is outside [0, " + k + ")");
            }
        }
        return y;
    }
}

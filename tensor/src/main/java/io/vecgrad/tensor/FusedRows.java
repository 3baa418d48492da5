package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.LayerNormF32;
import io.vecgrad.tensor.kernel.LayerNormF64;
import io.vecgrad.tensor.kernel.SoftmaxF32;
import io.vecgrad.tensor.kernel.SoftmaxF64;

/**
 * Row-wise fused kernels over the last axis (softmax, log-softmax, softmax cross-entropy, layer
 * normalization), forward and backward, for the autodiff layer's fused ops. Each takes any
 * floating tensor (made contiguous first), dispatches on its dtype here, and runs one pass per
 * row; the composed tensor ops stay the reference (tests compare within stated ulp bounds).
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
        Tensor out = Tensor.alloc(c.dtype(), c.shape());
        if (c.dtype() == DType.FLOAT32) SoftmaxF32.softmax(c.floatArray(), c.offset(), out.floatArray(), 0, rows, k, log);
        else SoftmaxF64.softmax(c.doubleArray(), c.offset(), out.doubleArray(), 0, rows, k, log);
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
        Tensor loss = Tensor.alloc(x.dtype(), new int[] {n});
        Tensor stats = Tensor.alloc(x.dtype(), new int[] {n, 2});
        if (x.dtype() == DType.FLOAT32) {
            SoftmaxF32.crossEntropy(x.floatArray(), x.offset(), n, k, y.longArray(), y.offset(), loss.floatArray(), 0, stats.floatArray(), new float[k]);
        } else {
            SoftmaxF64.crossEntropy(x.doubleArray(), x.offset(), n, k, y.longArray(), y.offset(), loss.doubleArray(), 0, stats.doubleArray(), new double[k]);
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
        Tensor dx = Tensor.alloc(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            SoftmaxF32.crossEntropyBackward(x.floatArray(), x.offset(), n, k, y.longArray(), y.offset(), stats.contiguous().floatArray(),
                    gc.floatArray(), gc.offset(), gs, dx.floatArray(), 0);
        } else {
            SoftmaxF64.crossEntropyBackward(x.doubleArray(), x.offset(), n, k, y.longArray(), y.offset(), stats.contiguous().doubleArray(),
                    gc.doubleArray(), gc.offset(), gs, dx.doubleArray(), 0);
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
        Tensor y = Tensor.alloc(c.dtype(), c.shape());
        Tensor stats = Tensor.alloc(c.dtype(), new int[] {rows, 2});
        if (c.dtype() == DType.FLOAT32) {
            LayerNormF32.forward(c.floatArray(), c.offset(), rows, d, w == null ? null : w.floatArray(), w == null ? 0 : w.offset(),
                    b == null ? null : b.floatArray(), b == null ? 0 : b.offset(), (float) eps, y.floatArray(), 0, stats.floatArray(), new float[d]);
        } else {
            LayerNormF64.forward(c.doubleArray(), c.offset(), rows, d, w == null ? null : w.doubleArray(), w == null ? 0 : w.offset(),
                    b == null ? null : b.doubleArray(), b == null ? 0 : b.offset(), eps, y.doubleArray(), 0, stats.doubleArray(), new double[d]);
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
        Tensor dx = inputGrad ? Tensor.alloc(c.dtype(), c.shape()) : null;
        boolean aff = affineGrads && w != null;
        Tensor dw = aff ? Tensor.alloc(c.dtype(), new int[] {d}) : null, db = aff ? Tensor.alloc(c.dtype(), new int[] {d}) : null;
        Tensor s = stats.contiguous();
        if (c.dtype() == DType.FLOAT32) {
            LayerNormF32.backward(c.floatArray(), c.offset(), rows, d, w == null ? null : w.floatArray(), w == null ? 0 : w.offset(), s.floatArray(),
                    gc.floatArray(), gc.offset(), dx == null ? null : dx.floatArray(), 0, dw == null ? null : dw.floatArray(),
                    db == null ? null : db.floatArray(), new float[2 * d]);
        } else {
            LayerNormF64.backward(c.doubleArray(), c.offset(), rows, d, w == null ? null : w.doubleArray(), w == null ? 0 : w.offset(), s.doubleArray(),
                    gc.doubleArray(), gc.offset(), dx == null ? null : dx.doubleArray(), 0, dw == null ? null : dw.doubleArray(),
                    db == null ? null : db.doubleArray(), new double[2 * d]);
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

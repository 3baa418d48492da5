package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.RowSplit;

/**
 * The epilogue of a linear layer, {@code y = relu(z + bias)}, applied in place to the fresh GEMM
 * output {@code z} in one pass while it is still in cache, and the ReLU's backward
 * {@code dz = g·[y > 0]}. Same bits as the composed ops ({@code z.add(bias).relu()} and
 * {@code g.mul(y.gtMask(0))}): each element gets the same operations in the same order.
 * Large outputs split rows (elements for the backward) over the kernel threads ({@link RowSplit});
 * each element is computed by one thread, so results are the same for any thread count.
 *
 * <pre>{@code
 * Tensor z = x.matmul(w.mT());                        // fresh [N, out]
 * LinearEpilogue.biasReluInPlace(z, bias, true);       // z ← relu(z + bias)
 * Tensor dz = LinearEpilogue.reluBackward(g, z);       // g·[z > 0]
 * Tensor y = LinearEpilogue.timesTransposed(x, w);     // x·wᵀ without the view
 * Tensor dw = LinearEpilogue.transposedTimes(dz, x);   // dzᵀ·x, contiguous [out, in]
 * }</pre>
 */
public final class LinearEpilogue {
    private LinearEpilogue() {}

    /**
     * {@code z ← relu(z + bias)} over the last axis ({@code relu=false}: {@code z ← z + bias});
     * {@code z} a contiguous floating tensor this caller owns, {@code bias} of {@code z}'s last-axis
     * length and dtype, or null. Returns {@code z}.
     *
     * @throws IllegalArgumentException naming the shapes when z is not contiguous, has rank 0, or
     *                                  bias does not match its last axis or dtype
     */
    public static Tensor biasReluInPlace(Tensor z, Tensor bias, boolean relu) {
        int[] s = z.shapeRef();
        if (s.length == 0 || !z.isContiguous() || !z.dtype().isFloating()) {
            throw new IllegalArgumentException("linear epilogue: needs a contiguous floating tensor of rank ≥ 1, got "
                    + z.dtype() + " " + Shape.str(s) + (z.isContiguous() ? "" : " (not contiguous)"));
        }
        int n = s[s.length - 1], rows = n == 0 ? 0 : z.numel() / n;
        Tensor b = null;
        if (bias != null) {
            if (bias.numel() != n || bias.dtype() != z.dtype()) {
                throw new IllegalArgumentException("linear epilogue: bias " + bias.dtype() + " " + Shape.str(bias.shapeRef())
                        + " for output " + z.dtype() + " " + Shape.str(s));
            }
            b = bias.contiguous();
        }
        Tensor bb = b;
        if (RowSplit.worthSplitting((long) (rows) * (n))) RowSplit.rows(rows, n, (r0, r1) -> Kernels.biasRelu(z, r0 * n, r1 - r0, n, bb, relu));
        else {
            int r0 = 0, r1 = rows;
            Kernels.biasRelu(z, r0 * n, r1 - r0, n, bb, relu);
        }
        z.storage().bump();
        return z;
    }

    /**
     * {@code x·wᵀ} for a linear layer's input {@code x [N, in]} and weight {@code w [out, in]}: the
     * same GEMM, and so the same bits, as {@code x.matmul(w.mT())}, without building the view. Other
     * ranks or mixed dtypes take {@code x.matmul(w.mT())}.
     */
    public static Tensor timesTransposed(Tensor x, Tensor w) {
        Tensor out = MatMul.matricesTransposed(x, w, false);
        return out != null ? out : x.matmul(w.mT());
    }

    /**
     * {@code gᵀ·x}, a linear layer's weight gradient {@code [out, in]} from its cotangent
     * {@code g [N, out]} and input {@code x [N, in]}: the same bits as {@code g.mT().matmul(x)}
     * without the view. Other ranks or mixed dtypes take {@code g.mT().matmul(x)}.
     */
    public static Tensor transposedTimes(Tensor g, Tensor x) {
        Tensor out = MatMul.matricesTransposed(g, x, true);
        return out != null ? out : g.mT().matmul(x);
    }

    /**
     * {@link #transposedTimes transposedTimes(g, x)} written into {@code out} instead of a new
     * tensor: every element of {@code out} is overwritten (never read), by the same GEMM call, so
     * with the same bits. For a leaf's zeroed gradient buffer, which then needs no copy from a
     * fresh tensor (step-mlp's 784×256 weight gradient). Runs only where {@code transposedTimes}
     * runs that GEMM: g [N, out] and x [N, in] of one floating dtype, {@code out} a contiguous
     * [out, in] of that dtype sharing storage with neither; returns false otherwise, {@code out}
     * untouched.
     *
     * <pre>{@code
     * if (!LinearEpilogue.transposedTimesInto(dz, x, w.grad().value())) dw = LinearEpilogue.transposedTimes(dz, x);
     * }</pre>
     */
    public static boolean transposedTimesInto(Tensor g, Tensor x, Tensor out) {
        if (g.dim() != 2 || x.dim() != 2 || out.dim() != 2 || g.dtype() != x.dtype() || out.dtype() != g.dtype()
                || !g.dtype().isFloating() || !out.isContiguous()) return false;
        int[] gs = g.shapeRef(), xs = x.shapeRef(), os = out.shapeRef();
        int m = gs[1], k = gs[0], n = xs[1];
        if (xs[0] != k || os[0] != m || os[1] != n) return false;
        if (out.storage() == g.storage() || out.storage() == x.storage()) return false;
        int[] gt = g.stridesRef(), xt = x.stridesRef();
        // As MatMul.matricesTransposed(g, x, true): gᵀ's strides swapped, C row-major at the offset.
        Kernels.gemm(m, n, k, g, g.offset(), gt[1], gt[0], x, x.offset(), xt[0], xt[1], out, out.offset(), n, false);
        out.storage().bump();
        return true;
    }

    /**
     * {@code g·[y > 0]}, a new tensor shaped like {@code y} (the ReLU output); {@code g} is
     * converted to y's dtype and made contiguous first.
     *
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public static Tensor reluBackward(Tensor g, Tensor y) {
        if (!java.util.Arrays.equals(g.shapeRef(), y.shapeRef())) {
            throw new IllegalArgumentException("linear epilogue backward: cotangent " + Shape.str(g.shapeRef())
                    + " for output " + Shape.str(y.shapeRef()));
        }
        Tensor gc = g.to(y.dtype()).contiguous(), yc = y.contiguous();
        Tensor dz = Tensor.allocUninitialized(y.dtype(), y.shapeRef());
        if (RowSplit.worthSplitting(dz.numel())) RowSplit.elements(dz.numel(), (f, t) -> Kernels.reluBackward(gc, yc, dz, f, t - f));
        else {
            int f = 0, t = dz.numel();
            Kernels.reluBackward(gc, yc, dz, f, t - f);
        }
        return dz;
    }

    /**
     * {@code relu(x·b + bias)} ({@code relu=false}: {@code x·b + bias}; {@code bias} null: no add) in
     * a fresh tensor, the epilogue applied by the GEMM micro-kernel as it stores the final K
     * block (no second pass over the output). {@code b} may be any strided view, e.g. a weight's
     * {@code mT()}. Bitwise equal to {@code biasReluInPlace(x.matmul(b), bias, relu)}, which it
     * runs instead for operands that are not two floating matrices of one dtype. A contiguous
     * {@code x} of rank &gt; 2 ({@code [B, T, in]}, T &gt; 1) with a matrix {@code b} runs as one GEMM over
     * its {@code B·T} rows (the same bits as the batched product, {@code b} packed once).
     *
     * <pre>{@code
     * Tensor h = LinearEpilogue.matmulBiasRelu(x, w.mT(), bias, true);   // relu(x·wᵀ + bias)
     * }</pre>
     *
     * @throws IllegalArgumentException naming the shapes when the inner sizes differ or bias does
     *                                  not match the output's last axis or dtype
     */
    public static Tensor matmulBiasRelu(Tensor x, Tensor b, Tensor bias, boolean relu) {
        if (x.dim() > 2 && x.size(-2) > 1 && b.dim() == 2 && x.isContiguous() && x.dtype() == b.dtype() && x.dtype().isFloating()
                && x.size(-1) == b.size(0) && (bias == null || (bias.numel() == b.size(1) && bias.dtype() == x.dtype()))) {
            // A Linear on [B, T, in]: the leading axes fold into the rows of one GEMM (a view), so B
            // is packed once instead of once per batch; each C(i, j) sums over p in the same order
            // on every GEMM path a batch of two or more rows takes, so the bits are those of the
            // batched product.
            int[] xs = x.shapeRef();
            int k = xs[xs.length - 1], rows = 1;
            for (int d = 0; d < xs.length - 1; d++) rows *= xs[d];
            Tensor y = matmulBiasRelu(x.reshape(rows, k), b, bias, relu);
            int[] ys = xs.clone();
            ys[ys.length - 1] = b.size(1);
            return y.reshape(ys);
        }
        boolean matrices = x.dim() == 2 && b.dim() == 2 && x.dtype() == b.dtype() && x.dtype().isFloating();
        if (!matrices) return biasReluInPlace(x.matmul(b), bias, relu);
        int[] xs = x.shapeRef(), bs = b.shapeRef();
        int m = xs[0], k = xs[1], n = bs[1];
        if (k != bs[0]) {
            throw new IllegalArgumentException("linear epilogue: shapes " + Shape.str(xs) + " and " + Shape.str(bs)
                    + " do not match: axis -1 of the first (" + k + ") vs axis -2 of the second (" + bs[0] + ")");
        }
        if (bias != null && (bias.numel() != n || bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException("linear epilogue: bias " + bias.dtype() + " " + Shape.str(bias.shapeRef())
                    + " for output " + x.dtype() + " " + Shape.str(new int[] {m, n}));
        }
        Tensor out = Tensor.allocUninitialized(x.dtype(), new int[] {m, n}); // the GEMM overwrites every element
        int[] xt = x.stridesRef(), bt = b.stridesRef();
        Kernels.gemmBiasRelu(m, n, k, x, x.offset(), xt[0], xt[1], b, b.offset(), bt[0], bt[1], out, 0, n,
                bias == null ? null : bias.contiguous(), relu);
        return out;
    }
}

package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.AttentionF32;
import io.vecgrad.tensor.kernel.AttentionF64;

/**
 * Scaled-dot-product attention {@code softmax((q·scale)·kᵀ + mask)·v} as one blocked kernel per
 * head, forward and backward, for the autodiff layer's fused attention op. The composed tensor
 * ops (mul, matmul, add, softmax, matmul) stay the reference; tests compare within stated
 * bounds.
 *
 * <p>Two forms: {@link #forward} on {@code q [B, H, Tq, d]}, {@code k [B, H, Tk, d]},
 * {@code v [B, H, Tk, dv]} (or rank 3, one head), and {@link #packedForward} on the packed
 * {@code [B, T, 3E]} projection of a multi-head self-attention layer, read in place and answered
 * as {@code [B, T, E]} (heads side by side), so no head is ever copied out or permuted back.
 *
 * <pre>{@code
 * Tensor o = FusedAttention.forward(q, k, v, null, true, 1 / Math.sqrt(d));   // causal
 * Tensor y = FusedAttention.packedForward(qkv, 4, false);                      // [B, T, E]
 * }</pre>
 */
public final class FusedAttention {
    private FusedAttention() {}

    /**
     * The most probabilities ({@code B·H·Tq·Tk}) the {@code ...Keeping} forms keep for the
     * backward: below it the memory (at most 8 MiB in float) is cheaper than recomputing the
     * scores and their exponentials; above it the backward recomputes them block by block.
     */
    public static final long KEEP_LIMIT = 1L << 21;

    /** Attention of {@code q, k, v} ({@code [B, H, T, ·]} or {@code [N, T, ·]}) with an optional additive {@code [Tq, Tk]} mask. */
    public static Tensor forward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        return forward(q, k, v, mask, causal, scale, false)[0];
    }

    /**
     * {@link #forward} that also returns the probabilities for {@link #backward(Tensor, Tensor, Tensor, Tensor, boolean, double, Tensor, Tensor)}
     * when there are at most {@link #KEEP_LIMIT} of them: {@code {o, probabilities or null}}.
     */
    public static Tensor[] forwardKeeping(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        return forward(q, k, v, mask, causal, scale, true);
    }

    private static Tensor[] forward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, boolean keep) {
        Operands a = operands("scaledDotProductAttention", q, k, v, mask);
        Tensor o = Tensor.allocUninitialized(a.q.dtype(), outShape(q.shape(), a.dims.dv()));
        Tensor p = keep ? probabilities(a) : null;
        run(a, o, layout(o), scale, causal, p);
        return new Tensor[] {o, p};
    }

    /** {@code {dq, dk, dv}} of {@link #forward} for the output cotangent {@code g}, each contiguous in its input's shape. */
    public static Tensor[] backward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor g) {
        return backward(q, k, v, mask, causal, scale, g, null);
    }

    /** {@link #backward} reading the probabilities {@link #forwardKeeping} kept (null: recompute them); the same bits either way. */
    public static Tensor[] backward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor g, Tensor kept) {
        Operands a = operands("scaledDotProductAttention backward", q, k, v, mask);
        Tensor gc = cotangent("scaledDotProductAttention backward", g, outShape(q.shape(), a.dims.dv()), a.q.dtype());
        Tensor dq = Tensor.alloc(a.q.dtype(), q.shape().clone()), dk = Tensor.alloc(a.q.dtype(), k.shape().clone()), dv = Tensor.alloc(a.q.dtype(), v.shape().clone());
        runBackward(a, gc, layout(gc), dq, layout(dq), dk, layout(dk), dv, layout(dv), scale, causal, kept(a, kept));
        return new Tensor[] {dq, dk, dv};
    }

    /**
     * Multi-head self-attention core on the packed projection {@code qkv [B, T, 3E]} (queries,
     * keys, values side by side, each {@code heads} heads of {@code E/heads}), scale
     * {@code 1/√(E/heads)}: returns {@code [B, T, E]}.
     */
    public static Tensor packedForward(Tensor qkv, int heads, boolean causal) {
        return packedForward(qkv, heads, causal, false)[0];
    }

    /** {@link #packedForward} that also returns the probabilities when there are at most {@link #KEEP_LIMIT}: {@code {y, probabilities or null}}. */
    public static Tensor[] packedForwardKeeping(Tensor qkv, int heads, boolean causal) {
        return packedForward(qkv, heads, causal, true);
    }

    private static Tensor[] packedForward(Tensor qkv, int heads, boolean causal, boolean keep) {
        Packed p = packed("selfAttention", qkv, heads);
        int[] s = qkv.shape();
        Tensor o = Tensor.allocUninitialized(qkv.dtype(), new int[] {s[0], s[1], p.e});
        Tensor kept = keep ? probabilities(p.ops) : null;
        run(p.ops, o, p.outLayout(0), p.scale, causal, kept);
        return new Tensor[] {o, kept};
    }

    /** The cotangent {@code [B, T, 3E]} of {@link #packedForward}'s input for the output cotangent {@code g [B, T, E]}. */
    public static Tensor packedBackward(Tensor qkv, int heads, boolean causal, Tensor g) {
        return packedBackward(qkv, heads, causal, g, null);
    }

    /** {@link #packedBackward} reading the probabilities {@link #packedForwardKeeping} kept (null: recompute them); the same bits. */
    public static Tensor packedBackward(Tensor qkv, int heads, boolean causal, Tensor g, Tensor kept) {
        Packed p = packed("selfAttention backward", qkv, heads);
        int[] s = qkv.shape();
        Tensor gc = cotangent("selfAttention backward", g, new int[] {s[0], s[1], p.e}, qkv.dtype());
        Tensor d = Tensor.alloc(qkv.dtype(), s.clone());
        int[] gl = p.outLayout(gc.offset());
        runBackward(p.ops, gc, gl, d, p.inLayout(0, 0), d, p.inLayout(0, 1), d, p.inLayout(0, 2), p.scale, causal, kept(p.ops, kept));
        return d;
    }

    /** A tensor for the probabilities of every head, or null when there are more than {@link #KEEP_LIMIT}. */
    private static Tensor probabilities(Operands a) {
        AttentionF64.Dims n = a.dims;
        long count = (long) n.batch() * n.heads() * n.tq() * n.tk();
        return count > KEEP_LIMIT ? null : Tensor.allocUninitialized(a.q.dtype(), new int[] {n.batch() * n.heads() * n.tq(), n.tk()});
    }

    private static Tensor kept(Operands a, Tensor kept) {
        if (kept == null) return null;
        AttentionF64.Dims n = a.dims;
        if (kept.dtype() != a.q.dtype() || !kept.isContiguous() || kept.offset() != 0 || kept.numel() != n.batch() * n.heads() * n.tq() * n.tk()) {
            throw new IllegalArgumentException("attention backward: kept probabilities of shape " + Shape.str(kept.shape()) + " (" + kept.dtype()
                    + ") do not belong to " + n.batch() + "·" + n.heads() + " heads of " + n.tq() + " × " + n.tk() + " in " + a.q.dtype());
        }
        return kept;
    }

    /** The scale {@code 1/√d} that {@link #packedForward} uses for head width {@code d}, as the composed form must. */
    public static double defaultScale(int d) {
        return 1 / Math.sqrt(d);
    }

    private record Operands(Tensor q, int[] ql, Tensor k, int[] kl, Tensor v, int[] vl, Tensor mask, AttentionF64.Dims dims) {}

    private record Packed(Operands ops, int e, int d, double scale, int t) {
        int[] outLayout(int off) {
            return new int[] {off, t * e, d, e};
        }

        int[] inLayout(int off, int part) {
            return new int[] {off + part * e, t * 3 * e, d, 3 * e};
        }
    }

    private static Packed packed(String op, Tensor qkv, int heads) {
        floating(op, qkv);
        int[] s = qkv.shape();
        if (s.length != 3 || s[2] % 3 != 0 || heads <= 0 || (s[2] / 3) % heads != 0) {
            throw new IllegalArgumentException(op + ": expected a packed projection [B, T, 3E] with E divisible by " + heads
                    + " heads, got " + Shape.str(s));
        }
        Tensor c = qkv.contiguous();
        int e = s[2] / 3, d = e / heads, t = s[1];
        AttentionF64.Dims dims = new AttentionF64.Dims(s[0], heads, t, t, d, d);
        int off = c.offset();
        int[] ql = {off, t * 3 * e, d, 3 * e}, kl = {off + e, t * 3 * e, d, 3 * e}, vl = {off + 2 * e, t * 3 * e, d, 3 * e};
        return new Packed(new Operands(c, ql, c, kl, c, vl, null, dims), e, d, defaultScale(d), t);
    }

    private static Operands operands(String op, Tensor q, Tensor k, Tensor v, Tensor mask) {
        floating(op, q);
        int r = q.dim();
        if ((r != 3 && r != 4) || k.dim() != r || v.dim() != r) {
            throw new IllegalArgumentException(op + ": expected q, k, v all [B, H, T, d] or all [N, T, d], got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
        int[] qs = q.shape(), ks = k.shape(), vs = v.shape();
        boolean lead = true;
        for (int i = 0; i < r - 2; i++) lead &= qs[i] == ks[i] && qs[i] == vs[i];
        if (!lead || qs[r - 1] != ks[r - 1] || ks[r - 2] != vs[r - 2] || k.dtype() != q.dtype() || v.dtype() != q.dtype()) {
            throw new IllegalArgumentException(op + ": q " + Shape.str(qs) + ", k " + Shape.str(ks) + ", v " + Shape.str(vs)
                    + " (" + q.dtype() + ", " + k.dtype() + ", " + v.dtype() + ") do not fit: same batch and heads, same d for q and k, "
                    + "as many keys as values, one dtype");
        }
        int tq = qs[r - 2], tk = ks[r - 2];
        Tensor m = null;
        if (mask != null) {
            if (mask.dim() != 2 || mask.size(0) != tq || mask.size(1) != tk || !mask.dtype().isFloating()) {
                throw new IllegalArgumentException(op + ": mask must be a floating [Tq, Tk] = [" + tq + ", " + tk + "] matrix, got "
                        + Shape.str(mask.shape()) + " of " + mask.dtype());
            }
            m = mask.to(q.dtype()).contiguous();
        }
        Tensor qc = unitLast(q), kc = unitLast(k), vc = unitLast(v);
        AttentionF64.Dims dims = new AttentionF64.Dims(qs[0], r == 4 ? qs[1] : 1, tq, tk, qs[r - 1], vs[r - 1]);
        return new Operands(qc, layout(qc), kc, layout(kc), vc, layout(vc), m, dims);
    }

    /** {@code {offset, batchStride, headStride, rowStride}} of a rank-3 or rank-4 tensor with unit last stride. */
    private static int[] layout(Tensor t) {
        int[] st = t.strides();
        return t.dim() == 4 ? new int[] {t.offset(), st[0], st[1], st[2]} : new int[] {t.offset(), st[0], 0, st[1]};
    }

    private static Tensor unitLast(Tensor t) {
        return t.size(t.dim() - 1) <= 1 || t.strides()[t.dim() - 1] == 1 ? t : t.contiguous();
    }

    private static int[] outShape(int[] qs, int dv) {
        int[] s = qs.clone();
        s[s.length - 1] = dv;
        return s;
    }

    private static Tensor cotangent(String op, Tensor g, int[] shape, DType dtype) {
        if (!java.util.Arrays.equals(g.shape(), shape)) {
            throw new IllegalArgumentException(op + ": cotangent of shape " + Shape.str(g.shape()) + " for an output of shape " + Shape.str(shape));
        }
        return g.to(dtype).contiguous();
    }

    private static void floating(String op, Tensor x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": needs floating tensors, got " + x.dtype());
    }

    private static void run(Operands a, Tensor o, int[] ol, double scale, boolean causal, Tensor kept) {
        AttentionF64.Dims n = a.dims;
        int mo = a.mask == null ? 0 : a.mask.offset();
        if (o.dtype() == DType.FLOAT32) {
            AttentionF32.forward(f32(n), a.q.floatArray(), a.ql, a.k.floatArray(), a.kl, a.v.floatArray(), a.vl, o.floatArray(), ol,
                    (float) scale, a.mask == null ? null : a.mask.floatArray(), mo, causal, kept == null ? null : kept.floatArray());
        } else {
            AttentionF64.forward(n, a.q.doubleArray(), a.ql, a.k.doubleArray(), a.kl, a.v.doubleArray(), a.vl, o.doubleArray(), ol,
                    scale, a.mask == null ? null : a.mask.doubleArray(), mo, causal, kept == null ? null : kept.doubleArray());
        }
    }

    private static void runBackward(Operands a, Tensor g, int[] gl, Tensor dq, int[] dql, Tensor dk, int[] dkl, Tensor dv, int[] dvl,
                                    double scale, boolean causal, Tensor kept) {
        AttentionF64.Dims n = a.dims;
        int mo = a.mask == null ? 0 : a.mask.offset();
        if (g.dtype() == DType.FLOAT32) {
            AttentionF32.backward(f32(n), a.q.floatArray(), a.ql, a.k.floatArray(), a.kl, a.v.floatArray(), a.vl, g.floatArray(), gl,
                    dq.floatArray(), dql, dk.floatArray(), dkl, dv.floatArray(), dvl, (float) scale, a.mask == null ? null : a.mask.floatArray(), mo, causal,
                    kept == null ? null : kept.floatArray());
        } else {
            AttentionF64.backward(n, a.q.doubleArray(), a.ql, a.k.doubleArray(), a.kl, a.v.doubleArray(), a.vl, g.doubleArray(), gl,
                    dq.doubleArray(), dql, dk.doubleArray(), dkl, dv.doubleArray(), dvl, scale, a.mask == null ? null : a.mask.doubleArray(), mo, causal,
                    kept == null ? null : kept.doubleArray());
        }
    }

    private static AttentionF32.Dims f32(AttentionF64.Dims n) {
        return new AttentionF32.Dims(n.batch(), n.heads(), n.tq(), n.tk(), n.d(), n.dv());
    }
}

package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.Parallel;
import java.util.Arrays;

/**
 * {@code torch.matmul} semantics over the strided GEMM kernels: operands are passed with their
 * own strides (transposed or sliced views cost no copy), batch axes broadcast, and a 1-D
 * operand is treated as a row (left) or column (right) vector whose axis is then dropped.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one axis, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        if (a.dim() == 2 && b.dim() == 2 && a.dtype() == b.dtype() && a.dtype().isFloating()) return matrices(a, b);
        DType dt = DType.promote(a.dtype(), b.dtype()).toFloating();
        Tensor x = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor y = b.dim() == 1 ? b.unsqueeze(1) : b;
        int m = x.size(-2), k = x.size(-1), k2 = y.size(-2), n = y.size(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " do not match: axis -1 of the first (" + k + ") vs axis " + (b.dim() == 1 ? 0 : -2) + " of the second (" + k2 + ")");
        }
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(x.shape(), x.dim() - 2), Arrays.copyOf(y.shape(), y.dim() - 2));
        Tensor out = Tensor.allocUninitialized(dt, concat(batch, m, n));
        if (batch.length == 0) {
            // Plain matrices: one GEMM call, without the broadcast views and the batch walker.
            Tensor xc = x.to(dt), yc = y.to(dt);
            gemm(xc, yc, out, xc.offset(), yc.offset(), 0, m, n, k);
            return out.reshape(resultShape(a, b, batch, m, n));
        }
        Tensor xb = x.to(dt).expand(concat(batch, m, k));
        Tensor yb = y.to(dt).expand(concat(batch, k, n));
        multiplyBatches(xb, yb, out, batch, m, n, k);
        return out.reshape(resultShape(a, b, batch, m, n));
    }

    /** Two matrices of one floating dtype: one GEMM into a fresh [m, n], no shape bookkeeping (the per-op cost of small layers). */
    private static Tensor matrices(Tensor a, Tensor b) {
        int[] as = a.shapeRef(), bs = b.shapeRef();
        int m = as[0], k = as[1], n = bs[1];
        if (k != bs[0]) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(as) + " and " + Shape.str(bs)
                    + " do not match: axis -1 of the first (" + k + ") vs axis -2 of the second (" + bs[0] + ")");
        }
        Tensor out = Tensor.allocUninitialized(a.dtype(), new int[] {m, n});
        gemm(a, b, out, a.offset(), b.offset(), 0, m, n, k);
        return out;
    }

    /**
     * {@code a·bᵀ} ({@code transposeB}) or {@code aᵀ·b} ({@code transposeA}) of two 2-D tensors of one
     * floating dtype without the transposed view: the same GEMM call (same strides) as
     * {@code matmul(a, b.mT())} / {@code matmul(a.mT(), b)}, so the same bits, minus a view's
     * three objects per call; null when the operands do not qualify (the caller takes the view path).
     */
    static Tensor matricesTransposed(Tensor a, Tensor b, boolean transposeA) {
        if (a.dim() != 2 || b.dim() != 2 || a.dtype() != b.dtype() || !a.dtype().isFloating()) return null;
        int[] as = a.shapeRef(), bs = b.shapeRef(), ast = a.stridesRef(), bst = b.stridesRef();
        int m, k, n, aRs, aCs, bRs, bCs;
        if (transposeA) {           // aᵀ [as1, as0] · b [bs0, bs1]
            m = as[1]; k = as[0]; n = bs[1];
            aRs = ast[1]; aCs = ast[0]; bRs = bst[0]; bCs = bst[1];
            if (k != bs[0]) return null;
        } else {                    // a [as0, as1] · bᵀ [bs1, bs0]
            m = as[0]; k = as[1]; n = bs[0];
            aRs = ast[0]; aCs = ast[1]; bRs = bst[1]; bCs = bst[0];
            if (k != bs[1]) return null;
        }
        Tensor out = Tensor.allocUninitialized(a.dtype(), new int[] {m, n}); // the GEMM writes every element
        Kernels.gemm(m, n, k, a, a.offset(), aRs, aCs, b, b.offset(), bRs, bCs, out, 0, n, false);
        return out;
    }

    private static void multiplyBatches(Tensor x, Tensor y, Tensor out, int[] batch, int m, int n, int k) {
        int r = batch.length;
        int[] xs = x.strides(), ys = y.strides();
        int[][] st = {Arrays.copyOf(xs, r), Arrays.copyOf(ys, r), Arrays.copyOf(out.strides(), r)};
        int xrs = xs[r], xcs = xs[r + 1], yrs = ys[r], ycs = ys[r + 1];
        int batches = Shape.numel(batch);
        double flops = 2.0 * m * n * k;
        if (batches > 1 && Parallel.threads() > 1 && !Parallel.worthSplitting(flops) && Parallel.worthSplitting(flops * batches)) {
            // Many GEMMs each too small to split itself (a Linear on [B, T, in]): one batch per task,
            // each computed by one thread exactly as in the serial loop, so the bits do not change.
            int[] at = new int[3 * batches];
            int[] next = {0};
            Loops.forEachRun(batch, st, new int[] {x.offset(), y.offset(), 0}, (o, count, s) -> {
                for (int i = 0; i < count; i++, next[0] += 3) {
                    at[next[0]] = o[0] + i * s[0];
                    at[next[0] + 1] = o[1] + i * s[1];
                    at[next[0] + 2] = o[2] + i * s[2];
                }
            });
            Parallel.parallelFor(batches, t -> Kernels.gemm(m, n, k, x, at[3 * t], xrs, xcs, y, at[3 * t + 1], yrs, ycs, out, at[3 * t + 2], n, false));
            return;
        }
        Loops.forEachRun(batch, st, new int[] {x.offset(), y.offset(), 0}, (o, count, s) -> {
            for (int i = 0; i < count; i++) {
                int xo = o[0] + i * s[0], yo = o[1] + i * s[1], co = o[2] + i * s[2];
                Kernels.gemm(m, n, k, x, xo, xrs, xcs, y, yo, yrs, ycs, out, co, n, false);
            }
        });
    }

    private static void gemm(Tensor x, Tensor y, Tensor out, int xo, int yo, int co, int m, int n, int k) {
        int[] xs = x.stridesRef(), ys = y.stridesRef();
        int xr = xs.length;
        int yr = ys.length;
        Kernels.gemm(m, n, k, x, xo, xs[xr - 2], xs[xr - 1], y, yo, ys[yr - 2], ys[yr - 1], out, co, n, false);
    }

    private static int[] resultShape(Tensor a, Tensor b, int[] batch, int m, int n) {
        int[] s = concat(batch, m, n);
        if (b.dim() == 1) s = Arrays.copyOf(s, s.length - 1);
        if (a.dim() == 1) s = Views.remove(s, s.length - (b.dim() == 1 ? 1 : 2));
        return s;
    }

    private static int[] concat(int[] batch, int p, int q) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = p;
        s[batch.length + 1] = q;
        return s;
    }
}

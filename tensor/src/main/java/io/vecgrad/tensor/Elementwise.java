package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.BinaryF64;
import io.vecgrad.tensor.kernel.BinaryOp;
import io.vecgrad.tensor.kernel.RowSplit;
import io.vecgrad.tensor.kernel.UnaryF64;
import io.vecgrad.tensor.kernel.UnaryOp;

/**
 * Broadcasting and dtype promotion for elementwise ops; the arithmetic lives in the
 * {@code kernel} package. Integer tensors compute through double and round back, which is
 * exact for int32 and for int64 values below 2^53.
 *
 * <p>Large contiguous operands are split over the kernel threads ({@link RowSplit}): every output
 * element is computed by one thread with the same operation, so results are bitwise the same for
 * any thread count.
 */
final class Elementwise {
    private Elementwise() {}

    static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        if (isDenseTwin(a, b)) return denseBinary(op, a, b);
        if (isRowBroadcast(b, a)) return rowBroadcast(op, a, b, false);
        if (isRowBroadcast(a, b)) return rowBroadcast(op, b, a, true);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.BOOL) dt = DType.INT32;
        if (op == BinaryOp.DIV) dt = dt.toFloating(); // true division, as torch.div
        int[] shape = Shape.broadcast(name, a.shapeRef(), b.shapeRef());
        Tensor out = Tensor.allocUninitialized(dt, shape);
        run(op, a.to(dt).expand(shape), b.to(dt).expand(shape), out);
        return out;
    }

    /**
     * {@code small} repeats along the leading axes of {@code big}: same floating dtype, both
     * contiguous, and small's shape (leading size-1 axes dropped) equals big's trailing axes, as
     * a bias {@code [M]} added to {@code [N, M]} or a scalar. The general path would walk the
     * same runs; this skips the broadcast views and the run walker.
     */
    private static boolean isRowBroadcast(Tensor small, Tensor big) {
        if (small.dtype() != big.dtype() || !big.dtype().isFloating()) return false;
        int[] s = small.shapeRef(), g = big.shapeRef();
        if (s.length > g.length) return false;
        int lead = 0;
        while (lead < s.length && s[lead] == 1) lead++;
        int tail = s.length - lead;
        for (int i = 0; i < tail; i++) if (s[lead + i] != g[g.length - tail + i]) return false;
        return big.isContiguous() && small.isContiguous();
    }

    /** {@code op(big, small)} ({@code op(small, big)} when {@code swapped}) row by row over big. */
    private static Tensor rowBroadcast(BinaryOp op, Tensor big, Tensor small, boolean swapped) {
        Tensor out = Tensor.allocUninitialized(big.dtype(), big.shapeRef());
        int total = out.numel(), row = small.numel();
        if (total == 0) return out;
        int bo = big.offset(), so = small.offset();
        if (row == 1) {
            // A one-element operand is read with stride 0, as the general path does.
            if (RowSplit.worthSplitting(total)) RowSplit.elements(total, (f, t) -> {
                if (swapped) Kernels.binary(op, small, so, 0, big, bo + f, 1, out, f, 1, t - f);
                else Kernels.binary(op, big, bo + f, 1, small, so, 0, out, f, 1, t - f);
            });
            else {
                int f = 0, t = total;
                if (swapped) Kernels.binary(op, small, so, 0, big, bo + f, 1, out, f, 1, t - f);
                else Kernels.binary(op, big, bo + f, 1, small, so, 0, out, f, 1, t - f);
            }
            return out;
        }
        if (RowSplit.worthSplitting((long) (total / row) * (row))) RowSplit.rows(total / row, row, (r0, r1) -> {
            for (int r = r0 * row; r < r1 * row; r += row) {
                if (swapped) Kernels.binary(op, small, so, 1, big, bo + r, 1, out, r, 1, row);
                else Kernels.binary(op, big, bo + r, 1, small, so, 1, out, r, 1, row);
            }
        });
        else {
            int r0 = 0, r1 = total / row;
            for (int r = r0 * row; r < r1 * row; r += row) {
                if (swapped) Kernels.binary(op, small, so, 1, big, bo + r, 1, out, r, 1, row);
                else Kernels.binary(op, big, bo + r, 1, small, so, 1, out, r, 1, row);
            }
        }
        return out;
    }

    /** Same floating dtype, same shape, both contiguous: the common case, with no broadcasting work. */
    private static boolean isDenseTwin(Tensor a, Tensor b) {
        return a.dtype() == b.dtype() && a.dtype().isFloating()
                && java.util.Arrays.equals(a.shapeRef(), b.shapeRef()) && a.isContiguous() && b.isContiguous();
    }

    private static Tensor denseBinary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.allocUninitialized(a.dtype(), a.shapeRef());
        int ao = a.offset(), bo = b.offset();
        if (RowSplit.worthSplitting(out.numel())) RowSplit.elements(out.numel(), (f, t) -> Kernels.binary(op, a, ao + f, 1, b, bo + f, 1, out, f, 1, t - f));
        else {
            int f = 0, t = out.numel();
            Kernels.binary(op, a, ao + f, 1, b, bo + f, 1, out, f, 1, t - f);
        }
        return out;
    }

    static Tensor inPlace(String name, BinaryOp op, Tensor self, Tensor b) {
        if (!self.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": in-place arithmetic needs a floating tensor, got " + self.dtype());
        }
        int so = self.offset(), bo = b.offset();
        if (isDenseTwin(self, b)) {
            if (RowSplit.worthSplitting(self.numel())) RowSplit.elements(self.numel(), (f, t) -> Kernels.binary(op, self, so + f, 1, b, bo + f, 1, self, so + f, 1, t - f));
            else {
                int f = 0, t = self.numel();
                Kernels.binary(op, self, so + f, 1, b, bo + f, 1, self, so + f, 1, t - f);
            }
        } else if (isRowBroadcast(b, self)) {
            // A bias [M] into [N, M] (or a scalar): row by row over self, as rowBroadcast does.
            int total = self.numel(), row = b.numel();
            if (row == 1) {
                if (RowSplit.worthSplitting(total)) RowSplit.elements(total, (f, t) -> Kernels.binary(op, self, so + f, 1, b, bo, 0, self, so + f, 1, t - f));
                else {
                    int f = 0, t = total;
                    Kernels.binary(op, self, so + f, 1, b, bo, 0, self, so + f, 1, t - f);
                }
            } else if (total > 0) {
                if (RowSplit.worthSplitting((long) (total / row) * (row))) RowSplit.rows(total / row, row, (r0, r1) -> {
                    for (int r = r0 * row; r < r1 * row; r += row) Kernels.binary(op, self, so + r, 1, b, bo, 1, self, so + r, 1, row);
                });
                else {
                    int r0 = 0, r1 = total / row;
                    for (int r = r0 * row; r < r1 * row; r += row) Kernels.binary(op, self, so + r, 1, b, bo, 1, self, so + r, 1, row);
                }
            }
        } else {
            run(op, self, b.to(self.dtype()).broadcastForWrite(name, self.shapeRef()), self);
        }
        self.storage().bump();
        return self;
    }

    static Tensor unary(UnaryOp op, Tensor a) {
        DType dt = a.dtype().isFloating() || op.keepsIntegers() ? a.dtype() : a.dtype().toFloating();
        if (dt == DType.BOOL) dt = DType.INT32;
        Tensor x = a.to(dt);
        Tensor out = Tensor.allocUninitialized(dt, a.shapeRef());
        if (x.isContiguous()) {
            int xo = x.offset();
            if (RowSplit.worthSplitting(out.numel())) RowSplit.elements(out.numel(), (f, t) -> unaryRun(op, x, out, new int[] {xo + f, f}, t - f, new int[] {1, 1}));
            else {
                int f = 0, t = out.numel();
                unaryRun(op, x, out, new int[] {xo + f, f}, t - f, new int[] {1, 1});
            }
            return out;
        }
        Loops.forEachRun(out.shapeRef(), new int[][] {x.stridesRef(), out.stridesRef()}, new int[] {x.offset(), out.offset()},
                (offs, n, st) -> unaryRun(op, x, out, offs, n, st));
        return out;
    }

    /** a, b and out have the same shape (a and b may be broadcast views) and dtype. */
    private static void run(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (a.isContiguous() && b.isContiguous() && out.isContiguous()) {
            int ao = a.offset(), bo = b.offset(), oo = out.offset();
            if (RowSplit.worthSplitting(out.numel())) RowSplit.elements(out.numel(), (f, t) -> binaryRun(op, a, b, out, new int[] {ao + f, bo + f, oo + f}, t - f, new int[] {1, 1, 1}));
            else {
                int f = 0, t = out.numel();
                binaryRun(op, a, b, out, new int[] {ao + f, bo + f, oo + f}, t - f, new int[] {1, 1, 1});
            }
            return;
        }
        Loops.forEachRun(out.shapeRef(), new int[][] {a.stridesRef(), b.stridesRef(), out.stridesRef()},
                new int[] {a.offset(), b.offset(), out.offset()}, (offs, n, st) -> binaryRun(op, a, b, out, offs, n, st));
    }

    private static void binaryRun(BinaryOp op, Tensor a, Tensor b, Tensor out, int[] o, int n, int[] s) {
        if (out.dtype().isFloating()) {
            Kernels.binary(op, a, o[0], s[0], b, o[1], s[1], out, o[2], s[2], n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = BinaryF64.scalar(op, TensorAccess.get(a, o[0] + i * s[0]), TensorAccess.get(b, o[1] + i * s[1]));
            TensorAccess.put(out, o[2] + i * s[2], v);
        }
    }

    private static void unaryRun(UnaryOp op, Tensor x, Tensor out, int[] o, int n, int[] s) {
        if (out.dtype().isFloating()) {
            Kernels.unary(op, x, o[0], s[0], out, o[1], s[1], n);
            return;
        }
        for (int i = 0; i < n; i++) {
            TensorAccess.put(out, o[1] + i * s[1], UnaryF64.scalar(op, TensorAccess.get(x, o[0] + i * s[0])));
        }
    }
}

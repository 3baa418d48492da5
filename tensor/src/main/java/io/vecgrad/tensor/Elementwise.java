package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.BinaryF32;
import io.vecgrad.tensor.kernel.BinaryF64;
import io.vecgrad.tensor.kernel.BinaryOp;
import io.vecgrad.tensor.kernel.UnaryF32;
import io.vecgrad.tensor.kernel.UnaryF64;
import io.vecgrad.tensor.kernel.UnaryOp;

/**
 * Broadcasting and dtype promotion for elementwise ops; the arithmetic lives in the
 * {@code kernel} package. Integer tensors compute through double and round back, which is
 * exact for int32 and for int64 values below 2^53.
 */
final class Elementwise {
    private Elementwise() {}

    static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        if (isDenseTwin(a, b)) return denseBinary(op, a, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.BOOL) dt = DType.INT32;
        if (op == BinaryOp.DIV) dt = dt.toFloating(); // true division, as torch.div
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor out = Tensor.zeros(dt, shape);
        run(op, a.to(dt).expand(shape), b.to(dt).expand(shape), out);
        return out;
    }

    /** Same floating dtype, same shape, both contiguous: the common case, with no broadcasting work. */
    private static boolean isDenseTwin(Tensor a, Tensor b) {
        return a.dtype() == b.dtype() && a.dtype().isFloating()
                && java.util.Arrays.equals(a.shapeRef(), b.shapeRef()) && a.isContiguous() && b.isContiguous();
    }

    private static Tensor denseBinary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.zeros(a.dtype(), a.shapeRef());
        int n = out.numel();
        if (a.dtype() == DType.FLOAT32) {
            BinaryF32.apply(op, a.floatArray(), a.offset(), 1, b.floatArray(), b.offset(), 1, out.floatArray(), 0, 1, n);
        } else {
            BinaryF64.apply(op, a.doubleArray(), a.offset(), 1, b.doubleArray(), b.offset(), 1, out.doubleArray(), 0, 1, n);
        }
        return out;
    }

    static Tensor inPlace(String name, BinaryOp op, Tensor self, Tensor b) {
        if (!self.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": in-place arithmetic needs a floating tensor, got " + self.dtype());
        }
        run(op, self, b.to(self.dtype()).broadcastForWrite(name, self.shape()), self);
        self.storage().bump();
        return self;
    }

    static Tensor unary(UnaryOp op, Tensor a) {
        DType dt = a.dtype().isFloating() || op.keepsIntegers() ? a.dtype() : a.dtype().toFloating();
        if (dt == DType.BOOL) dt = DType.INT32;
        Tensor x = a.to(dt);
        Tensor out = Tensor.zeros(dt, a.shape());
        Loops.forEachRun(out.shape(), new int[][] {x.strides(), out.strides()}, new int[] {x.offset(), out.offset()},
                (offs, n, st) -> unaryRun(op, x, out, offs, n, st));
        return out;
    }

    /** a, b and out have the same shape (a and b may be broadcast views) and dtype. */
    private static void run(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (a.isContiguous() && b.isContiguous() && out.isContiguous()) {
            binaryRun(op, a, b, out, new int[] {a.offset(), b.offset(), out.offset()}, out.numel(), new int[] {1, 1, 1});
            return;
        }
        Loops.forEachRun(out.shape(), new int[][] {a.strides(), b.strides(), out.strides()},
                new int[] {a.offset(), b.offset(), out.offset()}, (offs, n, st) -> binaryRun(op, a, b, out, offs, n, st));
    }

    private static void binaryRun(BinaryOp op, Tensor a, Tensor b, Tensor out, int[] o, int n, int[] s) {
        switch (out.dtype()) {
            case FLOAT32:
                BinaryF32.apply(op, a.floatArray(), o[0], s[0], b.floatArray(), o[1], s[1], out.floatArray(), o[2], s[2], n);
                break;
            case FLOAT64:
                BinaryF64.apply(op, a.doubleArray(), o[0], s[0], b.doubleArray(), o[1], s[1], out.doubleArray(), o[2], s[2], n);
                break;
            default:
                for (int i = 0; i < n; i++) {
                    double v = BinaryF64.scalar(op, TensorAccess.get(a, o[0] + i * s[0]), TensorAccess.get(b, o[1] + i * s[1]));
                    TensorAccess.put(out, o[2] + i * s[2], v);
                }
        }
    }

    private static void unaryRun(UnaryOp op, Tensor x, Tensor out, int[] o, int n, int[] s) {
        switch (out.dtype()) {
            case FLOAT32:
                UnaryF32.apply(op, x.floatArray(), o[0], s[0], out.floatArray(), o[1], s[1], n);
                break;
            case FLOAT64:
                UnaryF64.apply(op, x.doubleArray(), o[0], s[0], out.doubleArray(), o[1], s[1], n);
                break;
            default:
                for (int i = 0; i < n; i++) {
                    TensorAccess.put(out, o[1] + i * s[1], UnaryF64.scalar(op, TensorAccess.get(x, o[0] + i * s[0])));
                }
        }
    }
}

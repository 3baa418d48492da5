package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.FusedOp;

/**
 * One-pass in-place updates for optimizer hot loops. Operands are broadcast to the target's
 * shape and converted to its dtype; contiguous operands take the vector kernels of
 * {@code FusedF64}/{@code FusedF32}.
 */
final class Fused {
    private Fused() {}

    static Tensor axpy(Tensor self, double alpha, Tensor x) {
        return apply("axpyInPlace", self, x, x, alpha, FusedOp.AXPY);
    }

    static Tensor lerp(Tensor self, Tensor end, double weight) {
        return apply("lerpInPlace", self, end, end, weight, FusedOp.LERP);
    }

    static Tensor addcmul(Tensor self, double value, Tensor t1, Tensor t2) {
        return apply("addcmulInPlace", self, t1, t2, value, FusedOp.ADDCMUL);
    }

    static Tensor addcdiv(Tensor self, double value, Tensor t1, Tensor t2) {
        return apply("addcdivInPlace", self, t1, t2, value, FusedOp.ADDCDIV);
    }

    private static Tensor apply(String name, Tensor self, Tensor p, Tensor q, double s, FusedOp kind) {
        if (!self.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": needs a floating tensor, got " + self.dtype());
        }
        Tensor x = p.to(self.dtype()).broadcastForWrite(name, self.shapeRef());
        Tensor y = q.to(self.dtype()).broadcastForWrite(name, self.shapeRef());
        Loops.forEachRun(self.shapeRef(), new int[][] {self.stridesRef(), x.stridesRef(), y.stridesRef()},
                new int[] {self.offset(), x.offset(), y.offset()},
                (o, n, st) -> Kernels.fused(kind, self, o[0], st[0], x, o[1], st[1], y, o[2], st[2], s, n));
        self.storage().bump();
        return self;
    }
}

package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.BinaryF32;
import io.vecgrad.tensor.kernel.BinaryF64;
import io.vecgrad.tensor.kernel.BinaryOp;
import io.vecgrad.tensor.kernel.Conv2dF32;
import io.vecgrad.tensor.kernel.Conv2dF64;
import io.vecgrad.tensor.kernel.Conv2dGeometry;
import io.vecgrad.tensor.kernel.EpilogueF32;
import io.vecgrad.tensor.kernel.EpilogueF64;
import io.vecgrad.tensor.kernel.FusedF32;
import io.vecgrad.tensor.kernel.FusedF64;
import io.vecgrad.tensor.kernel.FusedOp;
import io.vecgrad.tensor.kernel.GemmF32;
import io.vecgrad.tensor.kernel.GemmF64;
import io.vecgrad.tensor.kernel.Pool2dF32;
import io.vecgrad.tensor.kernel.Pool2dF64;
import io.vecgrad.tensor.kernel.Pool2dGeometry;
import io.vecgrad.tensor.kernel.UnaryF32;
import io.vecgrad.tensor.kernel.UnaryF64;
import io.vecgrad.tensor.kernel.UnaryOp;

/**
 * The one place where tensor-level code picks the float or the double twin of a kernel.
 *
 * <p>The kernels come in generated pairs ({@code ...F64} written by hand, {@code ...F32}
 * generated, see the {@code io.vecgrad.tensor.kernel} package documentation) that take raw
 * arrays. Wrappers such as {@link Convolution}, {@link MatMul}, {@link Elementwise} and
 * {@link Fused} hand tensors and offsets to the methods here, which choose the twin by the
 * dtype of the output tensor (every operand has that dtype by then) and unwrap the arrays.
 * A new kernel gets one method here, not an {@code if (FLOAT32) ... else ...} in every caller.
 *
 * <pre>{@code
 * Kernels.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, 0, n, false);   // float or double by c's dtype
 * }</pre>
 */
final class Kernels {
    private Kernels() {}

    private static boolean f32(Tensor t) {
        switch (t.dtype()) {
            case FLOAT32: return true;
            case FLOAT64: return false;
            default: throw new IllegalArgumentException("kernels need a floating tensor, got " + t.dtype());
        }
    }

    /** {@code out[oo + i*os] = op(a[ao + i*as], b[bo + i*bs])} for {@code i < n}. */
    static void binary(BinaryOp op, Tensor a, int ao, int as, Tensor b, int bo, int bs, Tensor out, int oo, int os, int n) {
        if (f32(out)) {
            BinaryF32.apply(op, a.floatArray(), ao, as, b.floatArray(), bo, bs, out.floatArray(), oo, os, n);
        } else {
            BinaryF64.apply(op, a.doubleArray(), ao, as, b.doubleArray(), bo, bs, out.doubleArray(), oo, os, n);
        }
    }

    /** {@code out[oo + i*os] = op(x[xo + i*xs])} for {@code i < n}. */
    static void unary(UnaryOp op, Tensor x, int xo, int xs, Tensor out, int oo, int os, int n) {
        if (f32(out)) {
            UnaryF32.apply(op, x.floatArray(), xo, xs, out.floatArray(), oo, os, n);
        } else {
            UnaryF64.apply(op, x.doubleArray(), xo, xs, out.doubleArray(), oo, os, n);
        }
    }

    /** The fused in-place update {@code kind} of {@code self} with operands x, y and scalar s (see {@link FusedOp}). */
    static void fused(FusedOp kind, Tensor self, int so, int ss, Tensor x, int xo, int xs, Tensor y, int yo, int ys,
                      double s, int n) {
        if (f32(self)) {
            FusedF32.apply(kind, self.floatArray(), so, ss, x.floatArray(), xo, xs, y.floatArray(), yo, ys, (float) s, n);
        } else {
            FusedF64.apply(kind, self.doubleArray(), so, ss, x.doubleArray(), xo, xs, y.doubleArray(), yo, ys, s, n);
        }
    }

    /** {@code C (+)= A·B} on strided operands (see {@code GemmF64}). */
    static void gemm(int m, int n, int k, Tensor a, int ao, int ars, int acs, Tensor b, int bo, int brs, int bcs,
                     Tensor c, int co, int ldc, boolean accumulate) {
        if (f32(c)) {
            GemmF32.gemm(m, n, k, a.floatArray(), ao, ars, acs, b.floatArray(), bo, brs, bcs, c.floatArray(), co, ldc, accumulate);
        } else {
            GemmF64.gemm(m, n, k, a.doubleArray(), ao, ars, acs, b.doubleArray(), bo, brs, bcs, c.doubleArray(), co, ldc, accumulate);
        }
    }

    /** Convolution forward into the fresh contiguous {@code y}; {@code bias} may be null. */
    static void conv2d(Conv2dGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        if (f32(y)) {
            Conv2dF32.forward(g, x.floatArray(), x.offset(), w.floatArray(), w.offset(),
                    bias == null ? null : bias.floatArray(), bias == null ? 0 : bias.offset(), y.floatArray(), y.offset());
        } else {
            Conv2dF64.forward(g, x.doubleArray(), x.offset(), w.doubleArray(), w.offset(),
                    bias == null ? null : bias.doubleArray(), bias == null ? 0 : bias.offset(), y.doubleArray(), y.offset());
        }
    }

    static void conv2dBackwardInput(Conv2dGeometry g, Tensor dy, Tensor w, Tensor dx) {
        if (f32(dx)) {
            Conv2dF32.backwardInput(g, dy.floatArray(), dy.offset(), w.floatArray(), w.offset(), dx.floatArray(), dx.offset());
        } else {
            Conv2dF64.backwardInput(g, dy.doubleArray(), dy.offset(), w.doubleArray(), w.offset(), dx.doubleArray(), dx.offset());
        }
    }

    static void conv2dBackwardWeight(Conv2dGeometry g, Tensor x, Tensor dy, Tensor dw) {
        if (f32(dw)) {
            Conv2dF32.backwardWeight(g, x.floatArray(), x.offset(), dy.floatArray(), dy.offset(), dw.floatArray(), dw.offset());
        } else {
            Conv2dF64.backwardWeight(g, x.doubleArray(), x.offset(), dy.doubleArray(), dy.offset(), dw.doubleArray(), dw.offset());
        }
    }

    /** {@code db[c]} = the sum of channel c of the contiguous NCHW {@code dy}; overwrites the contiguous {@code db}. */
    static void conv2dBackwardBias(Tensor dy, Tensor db) {
        int[] s = dy.shapeRef();
        int plane = s[2] * s[3];
        if (f32(db)) {
            Conv2dF32.channelSums(s[0], s[1], plane, dy.floatArray(), dy.offset(), db.floatArray(), db.offset());
        } else {
            Conv2dF64.channelSums(s[0], s[1], plane, dy.doubleArray(), dy.offset(), db.doubleArray(), db.offset());
        }
    }

    static void maxPool2d(Pool2dGeometry g, Tensor x, Tensor y, Tensor argmax) {
        if (f32(y)) {
            Pool2dF32.maxForward(g, x.floatArray(), x.offset(), y.floatArray(), y.offset(), argmax.intArray(), argmax.offset());
        } else {
            Pool2dF64.maxForward(g, x.doubleArray(), x.offset(), y.doubleArray(), y.offset(), argmax.intArray(), argmax.offset());
        }
    }

    static void maxPool2dBackward(Pool2dGeometry g, Tensor dy, Tensor argmax, Tensor dx) {
        if (f32(dx)) {
            Pool2dF32.maxBackward(g, dy.floatArray(), dy.offset(), argmax.intArray(), argmax.offset(), dx.floatArray(), dx.offset());
        } else {
            Pool2dF64.maxBackward(g, dy.doubleArray(), dy.offset(), argmax.intArray(), argmax.offset(), dx.doubleArray(), dx.offset());
        }
    }

    static void avgPool2d(Pool2dGeometry g, Tensor x, Tensor y) {
        if (f32(y)) {
            Pool2dF32.avgForward(g, x.floatArray(), x.offset(), y.floatArray(), y.offset());
        } else {
            Pool2dF64.avgForward(g, x.doubleArray(), x.offset(), y.doubleArray(), y.offset());
        }
    }

    static void avgPool2dBackward(Pool2dGeometry g, Tensor dy, Tensor dx) {
        if (f32(dx)) {
            Pool2dF32.avgBackward(g, dy.floatArray(), dy.offset(), dx.floatArray(), dx.offset());
        } else {
            Pool2dF64.avgBackward(g, dy.doubleArray(), dy.offset(), dx.doubleArray(), dx.offset());
        }
    }

    static void maxPool2x2(Pool2dGeometry g, Tensor x, Tensor y, boolean relu) {
        if (f32(y)) {
            Pool2dF32.maxForwardIndexFree(g, x.floatArray(), x.offset(), y.floatArray(), y.offset(), relu);
        } else {
            Pool2dF64.maxForwardIndexFree(g, x.doubleArray(), x.offset(), y.doubleArray(), y.offset(), relu);
        }
    }

    static void maxPool2x2Backward(Pool2dGeometry g, Tensor x, Tensor dy, Tensor dx, boolean relu) {
        if (f32(dx)) {
            Pool2dF32.maxBackwardIndexFree(g, x.floatArray(), x.offset(), dy.floatArray(), dy.offset(), dx.floatArray(), dx.offset(), relu);
        } else {
            Pool2dF64.maxBackwardIndexFree(g, x.doubleArray(), x.offset(), dy.doubleArray(), dy.offset(), dx.doubleArray(), dx.offset(), relu);
        }
    }

    /** {@code y = relu(y + bias)} (or the add alone) in place over contiguous {@code [rows, n]} from element {@code from} of y; {@code bias} contiguous {@code [n]} or null. */
    static void biasRelu(Tensor y, int from, int rows, int n, Tensor bias, boolean relu) {
        if (f32(y)) {
            EpilogueF32.biasRelu(y.floatArray(), y.offset() + from, rows, n, bias == null ? null : bias.floatArray(), bias == null ? 0 : bias.offset(), relu);
        } else {
            EpilogueF64.biasRelu(y.doubleArray(), y.offset() + from, rows, n, bias == null ? null : bias.doubleArray(), bias == null ? 0 : bias.offset(), relu);
        }
    }

    /** {@code dz = g·[y > 0]} over {@code n} elements from element {@code from} of contiguous tensors. */
    static void reluBackward(Tensor g, Tensor y, Tensor dz, int from, int n) {
        if (f32(dz)) {
            EpilogueF32.reluBackward(g.floatArray(), g.offset() + from, y.floatArray(), y.offset() + from, dz.floatArray(), dz.offset() + from, n);
        } else {
            EpilogueF64.reluBackward(g.doubleArray(), g.offset() + from, y.doubleArray(), y.offset() + from, dz.doubleArray(), dz.offset() + from, n);
        }
    }

    /** {@code C = relu(A·B + bias)} (or without the max; {@code bias} contiguous {@code [n]} or null) with the epilogue in the GEMM's store. */
    static void gemmBiasRelu(int m, int n, int k, Tensor a, int ao, int ars, int acs, Tensor b, int bo, int brs, int bcs,
                             Tensor c, int co, int ldc, Tensor bias, boolean relu) {
        if (f32(c)) {
            GemmF32.gemmBiasRelu(m, n, k, a.floatArray(), ao, ars, acs, b.floatArray(), bo, brs, bcs, c.floatArray(), co, ldc,
                    bias == null ? null : bias.floatArray(), bias == null ? 0 : bias.offset(), relu);
        } else {
            GemmF64.gemmBiasRelu(m, n, k, a.doubleArray(), ao, ars, acs, b.doubleArray(), bo, brs, bcs, c.doubleArray(), co, ldc,
                    bias == null ? null : bias.doubleArray(), bias == null ? 0 : bias.offset(), relu);
        }
    }
}

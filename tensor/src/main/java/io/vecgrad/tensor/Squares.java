package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.ReduceF32;
import io.vecgrad.tensor.kernel.ReduceF64;

/**
 * The mean of squares {@code Σ x²/n} of a floating tensor in one pass over it, without the
 * squared tensor the composed {@code x.square().mean()} allocates: the sum of squares is the
 * kernels' dot product of the tensor with itself (the same sum {@code normL2} takes), then
 * divided by {@code n} as {@code mean} does. Only the order of the sum differs from the composed
 * form (FMAs into lane-wise partial sums against rounded squares summed), so the two agree within
 * {@code (n + 4)·u·Σx²/n}.
 *
 * <pre>{@code
 * Tensor m = Squares.mean(x);          // = x.square().mean(), a scalar of x's dtype
 * Tensor e = Squares.meanSquaredError(p, t);   // = p.sub(t).square().mean(), bit for bit
 * }</pre>
 */
public final class Squares {
    private Squares() {}

    /** {@code Σ x²/n} as a scalar tensor of {@code x}'s floating dtype (NaN for an empty tensor, as {@code mean}). */
    public static Tensor mean(Tensor x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("meanSquare: needs a floating tensor, got " + x.dtype());
        Tensor c = x.contiguous();
        int n = c.numel();
        if (c.dtype() == DType.FLOAT32) {
            float s = (float) ReduceF32.dot(c.floatArray(), c.offset(), 1, c.floatArray(), c.offset(), 1, n);
            return Tensor.scalar(DType.FLOAT32, s / n);
        }
        return Tensor.scalar(DType.FLOAT64, ReduceF64.dot(c.doubleArray(), c.offset(), 1, c.doubleArray(), c.offset(), 1, n) / n);
    }

    /**
     * {@code Σ (a − b)²/n} as a scalar tensor, bitwise equal to {@code a.sub(b).square().mean()}
     * (the mean squared error's value): for two contiguous tensors of one floating dtype and
     * shape the kernel subtracts, squares and sums in that composed order in one pass without
     * the two intermediate tensors; anything else (strided, mixed dtypes, broadcasting) takes the
     * composed ops themselves.
     */
    public static Tensor meanSquaredError(Tensor a, Tensor b) {
        DType dt = a.dtype();
        if (!dt.isFloating() || b.dtype() != dt || !a.isContiguous() || !b.isContiguous() || !java.util.Arrays.equals(a.shapeRef(), b.shapeRef())) {
            return a.sub(b).square().mean();
        }
        int n = a.numel();
        if (dt == DType.FLOAT32) {
            float s = ReduceF32.sumOfSquaredDifferences(a.floatArray(), a.offset(), b.floatArray(), b.offset(), n);
            return Tensor.scalar(DType.FLOAT32, s / n);
        }
        return Tensor.scalar(DType.FLOAT64, ReduceF64.sumOfSquaredDifferences(a.doubleArray(), a.offset(), b.doubleArray(), b.offset(), n) / n);
    }
}

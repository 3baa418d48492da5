package io.vecgrad.autodiff;

import static io.vecgrad.autodiff.Arithmetic.div;
import static io.vecgrad.autodiff.Arithmetic.mul;
import static io.vecgrad.autodiff.Arithmetic.sub;

import io.vecgrad.tensor.FusedRows;
import io.vecgrad.tensor.Tensor;

/**
 * Reductions and the normalizing functions built on them. {@code axes == null} means all axes.
 * Every rule first brings the cotangent back to the kept shape (reduced axes of size 1) and
 * broadcasts it over the input.
 *
 * <p>max/min split the cotangent evenly among tied maxima (as {@code torch.amax}); the result
 * is a subgradient, and on ties it differs from "everything to the first argmax".
 */
public final class Reduce {
    private Reduce() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of(
            "sum", "mean", "max", "min", "logsumexp", "softmax", "logSoftmax", "var", "normL2");

    public static Variable sum(Variable x, int[] axes, boolean keepDims) {
        int[] in = x.value().shape();
        int[] kept = keptShape("sum", in, axes);
        return Tape.record("sum", x.value().sum(axes, keepDims), (g, out, s) -> s.put(0, spread(g, kept, in)), 0, x);
    }

    public static Variable mean(Variable x, int[] axes, boolean keepDims) {
        int[] in = x.value().shape();
        int[] kept = keptShape("mean", in, axes);
        double count = (double) x.value().numel() / Math.max(1, io.vecgrad.tensor.Shape.numel(kept));
        return Tape.record("mean", x.value().mean(axes, keepDims), (g, out, s) -> s.put(0, spread(g, kept, in).mul(1 / count)), 0, x);
    }

    public static Variable max(Variable x, int[] axes, boolean keepDims) {
        return extreme("max", x, x.value().max(axes, keepDims), axes);
    }

    public static Variable min(Variable x, int[] axes, boolean keepDims) {
        return extreme("min", x, x.value().min(axes, keepDims), axes);
    }

    private static Variable extreme(String op, Variable x, Tensor value, int[] axes) {
        int[] in = x.value().shape();
        int[] kept = keptShape(op, in, axes);
        return Tape.record(op, value, (g, out, s) -> {
            Tensor hit = x.value().eq(out.value().reshape(kept)).to(g.value().dtype());
            Tensor share = hit.div(hit.sum(axes, true));
            s.put(0, mul(spread(g, kept, in), Variable.constant(share)));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, x);
    }

    /** The gradient is the softmax over the reduced axes. */
    public static Variable logsumexp(Variable x, int[] axes, boolean keepDims) {
        int[] in = x.value().shape();
        int[] kept = keptShape("logsumexp", in, axes);
        return Tape.record("logsumexp", x.value().logsumexp(axes, keepDims), (g, out, s) -> {
            Variable p = Unary.exp(sub(x, out.reshape(kept)));
            s.put(0, mul(spread(g, kept, in), p));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, x);
    }

    /** Softmax along one axis; the VJP is {@code out·(g − Σ g·out)}. */
    public static Variable softmax(Variable x, int axis) {
        return Tape.record("softmax", rowwise(x, axis) ? FusedRows.softmax(x.value(), false) : x.value().softmax(axis), (g, out, s) -> {
            Variable dot = sum(mul(g, out), new int[] {axis}, true);
            s.put(0, mul(out, sub(g, dot)));
        }, Tape.SAVE_OUTPUT, x);
    }

    /** Softmax over the last axis of a floating tensor runs as one fused row kernel (FusedRows). */
    private static boolean rowwise(Variable x, int axis) {
        int r = x.value().dim();
        return r > 0 && x.value().dtype().isFloating() && (axis == r - 1 || axis == -1);
    }

    /** Log-softmax along one axis; the VJP is {@code g − exp(out)·Σ g}. */
    public static Variable logSoftmax(Variable x, int axis) {
        return Tape.record("logSoftmax", rowwise(x, axis) ? FusedRows.softmax(x.value(), true) : x.value().logSoftmax(axis), (g, out, s) -> {
            Variable total = sum(g, new int[] {axis}, true);
            s.put(0, sub(g, mul(Unary.exp(out), total)));
        }, Tape.SAVE_OUTPUT, x);
    }

    /** Variance with {@code correction} (1 unbiased, 0 population); the VJP is {@code 2(x − mean)/(N − correction)}. */
    public static Variable var(Variable x, int[] axes, boolean keepDims, int correction) {
        int[] in = x.value().shape();
        int[] kept = keptShape("var", in, axes);
        double n = (double) x.value().numel() / Math.max(1, io.vecgrad.tensor.Shape.numel(kept));
        return Tape.record("var", x.value().var(axes, keepDims, correction), (g, out, s) -> {
            Variable centered = sub(x, mean(x, axes, true));
            s.put(0, mul(spread(g, kept, in), centered).mul(2 / (n - correction)));
        }, Tape.SAVE_IN0, x);
    }

    /** Euclidean norm; the VJP is {@code g·x/‖x‖} (undefined at x = 0, where it gives NaN). */
    public static Variable normL2(Variable x, int[] axes, boolean keepDims) {
        int[] in = x.value().shape();
        int[] kept = keptShape("normL2", in, axes);
        return Tape.record("normL2", x.value().normL2(axes, keepDims), (g, out, s) -> {
            s.put(0, mul(spread(g, kept, in), div(x, out.reshape(kept))));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, x);
    }

    /** Reshapes a reduced cotangent to the kept shape and broadcasts it over the input shape. */
    private static Variable spread(Variable g, int[] kept, int[] in) {
        return Broadcast.expand(ViewOps.reshape(g, kept), in);
    }

    /** The input shape with the reduced axes set to 1. */
    static int[] keptShape(String op, int[] shape, int[] axes) {
        int[] kept = shape.clone();
        if (axes == null) {
            java.util.Arrays.fill(kept, 1);
            return kept;
        }
        for (int a : axes) kept[io.vecgrad.tensor.Shape.axis(op, a, shape.length)] = 1;
        return kept;
    }
}

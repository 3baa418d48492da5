package io.vecgrad.autodiff;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Views and layout changes: reshape, permute/transpose, slice and its adjoint padSlice, select,
 * squeeze/unsqueeze, and dtype casts. Forward values are views of the input where the tensor
 * layer allows it, so they share its version counter.
 */
public final class ViewOps {
    private ViewOps() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of(
            "reshape", "permute", "slice", "padSlice", "select", "squeeze", "unsqueeze", "cast");

    public static Variable reshape(Variable x, int... shape) {
        int[] in = x.value().shape();
        return Tape.record("reshape", x.value().reshape(shape), (g, out, s) -> s.put(0, reshape(g, in)), 0, x);
    }

    public static Variable permute(Variable x, int... order) {
        Tensor v = x.value().permute(order);
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[order[i] < 0 ? order[i] + order.length : order[i]] = i;
        return Tape.record("permute", v, (g, out, s) -> s.put(0, permute(g, inverse)), 0, x);
    }

    public static Variable transpose(Variable x, int a, int b) {
        int r = x.value().dim();
        int[] order = new int[r];
        for (int i = 0; i < r; i++) order[i] = i;
        int p = io.vecgrad.tensor.Shape.axis("transpose", a, r), q = io.vecgrad.tensor.Shape.axis("transpose", b, r);
        order[p] = q;
        order[q] = p;
        return permute(x, order);
    }

    /** Transpose of the last two axes. */
    public static Variable mT(Variable x) {
        if (x.value().dim() < 2) throw new IllegalArgumentException("mT: needs at least 2 axes, got shape " + java.util.Arrays.toString(x.value().shape()));
        return transpose(x, -2, -1);
    }

    /** Elements {@code start, start+step, …} below {@code stop} along {@code axis} (Python-style clamped bounds). */
    public static Variable slice(Variable x, int axis, int start, int stop, int step) {
        Tensor v = x.value().slice(axis, start, stop, step);
        int a = io.vecgrad.tensor.Shape.axis("slice", axis, x.value().dim());
        int n = x.value().size(a);
        int lo = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int[] in = x.value().shape();
        return Tape.record("slice", v, (g, out, s) -> s.put(0, padSlice(g, in, a, lo, step)), 0, x);
    }

    /**
     * The adjoint of {@link #slice}: a zero tensor of {@code shape} with {@code x} written at
     * positions {@code start, start+step, …} along {@code axis}.
     */
    public static Variable padSlice(Variable x, int[] shape, int axis, int start, int step) {
        int len = x.value().size(axis);
        Tensor out = Tensor.zeros(x.value().dtype(), shape);
        if (len > 0) out.slice(axis, start, start + (len - 1) * step + 1, step).copyFrom(x.value());
        return Tape.record("padSlice", out,
                (g, o, s) -> s.put(0, slice(g, axis, start, start + (len - 1) * step + 1, step)), 0, x);
    }

    /** The sub-tensor at {@code index} along {@code axis}; the axis is removed. */
    public static Variable select(Variable x, int axis, int index) {
        int a = io.vecgrad.tensor.Shape.axis("select", axis, x.value().dim());
        int i = index < 0 ? index + x.value().size(a) : index;
        int[] in = x.value().shape();
        return Tape.record("select", x.value().select(a, i), (g, out, s) -> s.put(0, padSlice(unsqueeze(g, a), in, a, i, 1)), 0, x);
    }

    /** Removes one size-1 axis. */
    public static Variable squeeze(Variable x, int axis) {
        int[] in = x.value().shape();
        return Tape.record("squeeze", x.value().squeeze(axis), (g, out, s) -> s.put(0, reshape(g, in)), 0, x);
    }

    /** Removes every size-1 axis. */
    public static Variable squeeze(Variable x) {
        int[] in = x.value().shape();
        return Tape.record("squeeze", x.value().squeeze(), (g, out, s) -> s.put(0, reshape(g, in)), 0, x);
    }

    public static Variable unsqueeze(Variable x, int axis) {
        int[] in = x.value().shape();
        return Tape.record("unsqueeze", x.value().unsqueeze(axis), (g, out, s) -> s.put(0, reshape(g, in)), 0, x);
    }

    /** The values converted to {@code dtype}; the cotangent is converted back. */
    public static Variable cast(Variable x, DType dtype) {
        DType from = x.value().dtype();
        if (from == dtype) return x;
        return Tape.record("cast", x.value().to(dtype), (g, out, s) -> s.put(0, cast(g, from)), 0, x);
    }
}

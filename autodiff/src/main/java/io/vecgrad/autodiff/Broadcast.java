package io.vecgrad.autodiff;

import java.util.Arrays;

/**
 * Broadcasting: {@code expand} (a view repeating size-1 axes) and its adjoint {@code sumTo},
 * which every binary op uses to reduce a cotangent back to its input's shape.
 */
public final class Broadcast {
    private Broadcast() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of("expand", "sumTo");

    /** A broadcast view of {@code x} with shape {@code shape}; the gradient sums over the repeated axes. */
    public static Variable expand(Variable x, int... shape) {
        int[] in = x.value().shape();
        return Tape.record("expand", x.value().expand(shape), (g, out, s) -> s.put(0, sumTo(g, in)), 0, x);
    }

    /**
     * Sums {@code x} over the axes that broadcasting added or stretched, so that the result has
     * {@code shape}. The identity (no op recorded) when the shapes already agree.
     */
    public static Variable sumTo(Variable x, int[] shape) {
        if (hasShape(x.value(), shape)) return x;
        int[] from = x.value().shape();
        int lead = from.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot reduce shape " + Arrays.toString(from) + " to " + Arrays.toString(shape));
        }
        int[] axes = new int[from.length];
        int k = 0;
        for (int d = 0; d < from.length; d++) {
            if (d < lead) {
                axes[k++] = d;
            } else if (shape[d - lead] == 1 && from[d] != 1) {
                axes[k++] = d;
            } else if (shape[d - lead] != from[d]) {
                throw new IllegalArgumentException("sumTo: cannot reduce shape " + Arrays.toString(from) + " to " + Arrays.toString(shape));
            }
        }
        Variable summed = k == 0 ? x : Reduce.sum(x, Arrays.copyOf(axes, k), true);
        return summed.value().dim() == shape.length && Arrays.equals(summed.value().shape(), shape) ? summed : ViewOps.reshape(summed, shape);
    }

    /** Shape equality without copying the shape (this runs once per binary op in every backward). */
    static boolean hasShape(io.vecgrad.tensor.Tensor t, int[] shape) {
        if (t.dim() != shape.length) return false;
        for (int d = 0; d < shape.length; d++) if (t.size(d) != shape[d]) return false;
        return true;
    }

    /** {@link #sumTo} the shape of {@code like}, copying that shape only when a reduction is needed. */
    public static Variable sumToShapeOf(Variable x, Variable like) {
        io.vecgrad.tensor.Tensor a = x.value(), b = like.value();
        boolean same = a.dim() == b.dim();
        for (int d = 0; same && d < a.dim(); d++) same = a.size(d) == b.size(d);
        return same ? x : sumTo(x, b.shape());
    }
}

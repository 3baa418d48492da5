package io.vecgrad.autodiff;

import io.vecgrad.tensor.Tensor;

/**
 * Integer indexing with gradients: indexSelect and its adjoint indexAdd (embeddings), gather
 * and its adjoint scatterAdd (cross-entropy, mixtures of experts). Index tensors are INT32 or
 * INT64 and get no gradient.
 */
public final class Index {
    private Index() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of("indexSelect", "indexAdd", "gather", "scatterAdd");

    /** Slices along {@code axis} picked by a 1-D index; repeated indices accumulate their cotangents. */
    public static Variable indexSelect(Variable x, int axis, Tensor index) {
        int a = io.vecgrad.tensor.Shape.axis("indexSelect", axis, x.value().dim());
        int size = x.value().size(a);
        return Tape.record("indexSelect", x.value().indexSelect(a, index), (g, out, s) -> s.put(0, indexAdd(g, a, index, size)), 0, x);
    }

    /** The adjoint of indexSelect: a zero tensor with {@code size} entries along {@code axis}, slice i of x added at {@code index[i]}. */
    public static Variable indexAdd(Variable x, int axis, Tensor index, int size) {
        int a = io.vecgrad.tensor.Shape.axis("indexAdd", axis, x.value().dim());
        if (index.dim() != 1 || index.numel() != x.value().size(a)) {
            throw new IllegalArgumentException("indexAdd: index of shape " + java.util.Arrays.toString(index.shape())
                    + " does not match axis " + a + " of shape " + java.util.Arrays.toString(x.value().shape()));
        }
        int[] shape = x.value().shape();
        shape[a] = size;
        Tensor out = Tensor.zeros(x.value().dtype(), shape);
        long[] idx = index.toLongArray();
        for (int i = 0; i < idx.length; i++) {
            long j = idx[i] < 0 ? idx[i] + size : idx[i];
            if (j < 0 || j >= size) throw new IndexOutOfBoundsException("indexAdd: index " + idx[i] + " out of range for size " + size);
            out.select(a, (int) j).addInPlace(x.value().select(a, i));
        }
        return Tape.record("indexAdd", out, (g, o, s) -> s.put(0, indexSelect(g, a, index)), 0, x);
    }

    /** {@code out[i][j] = x[index[i][j]][j]} along {@code axis} (as torch.gather). */
    public static Variable gather(Variable x, int axis, Tensor index) {
        int[] in = x.value().shape();
        return Tape.record("gather", x.value().gather(axis, index), (g, out, s) -> {
            Variable zeros = Variable.constant(Tensor.zeros(g.value().dtype(), in));
            s.put(0, scatterAdd(zeros, axis, index, g));
        }, 0, x);
    }

    /** A copy of {@code base} with {@code src} added at {@code index} along {@code axis} (as torch.scatter_add). */
    public static Variable scatterAdd(Variable base, int axis, Tensor index, Variable src) {
        int[] srcShape = src.value().shape();
        return Tape.record("scatterAdd", base.value().scatterAdd(axis, index, src.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, g);
            if (s.needs(1)) s.put(1, Broadcast.sumTo(gather(g, axis, index), srcShape));
        }, 0, base, src);
    }
}

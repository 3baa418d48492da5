package io.vecgrad.tensor;

import java.util.Arrays;

/** Joining, selecting and scattering along an axis. Index tensors are INT32 or INT64. */
final class Indexing {
    private Indexing() {}

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        int rank = parts[0].dim();
        int a = Shape.axis("concat", axis, rank);
        int[] shape = parts[0].shape();
        DType dt = parts[0].dtype();
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            Tensor t = parts[p];
            checkSameExceptAxis("concat", parts[0], t, a, p);
            dt = DType.promote(dt, t.dtype());
            total += t.size(a);
        }
        shape[a] = total;
        Tensor out = Tensor.zeros(dt, shape);
        int start = 0;
        for (Tensor t : parts) {
            out.slice(a, start, start + t.size(a)).copyFrom(t);
            start += t.size(a);
        }
        return out;
    }

    private static void checkSameExceptAxis(String op, Tensor first, Tensor t, int axis, int which) {
        boolean ok = t.dim() == first.dim();
        for (int d = 0; ok && d < t.dim(); d++) ok = d == axis || t.size(d) == first.size(d);
        if (!ok) {
            throw new IllegalArgumentException(op + ": tensor " + which + " has shape " + Shape.str(t.shape())
                    + ", incompatible with tensor 0 of shape " + Shape.str(first.shape()) + " outside axis " + axis);
        }
    }

    static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: no tensors given");
        int a = Shape.axis("stack", axis, parts[0].dim() + 1);
        Tensor[] lifted = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shape.str(parts[i].shape())
                        + ", tensor 0 has " + Shape.str(parts[0].shape()));
            }
            lifted[i] = parts[i].unsqueeze(a);
        }
        return concat(a, lifted);
    }

    static Tensor indexSelect(Tensor t, int axis, Tensor index) {
        requireIndex("indexSelect", index);
        if (index.dim() != 1) throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + Shape.str(index.shape()));
        int a = Shape.axis("indexSelect", axis, t.dim());
        int[] shape = t.shape();
        shape[a] = index.numel();
        Tensor out = Tensor.zeros(t.dtype(), shape);
        for (int i = 0; i < index.numel(); i++) {
            int j = checkedIndex("indexSelect", (long) index.get(i), t.size(a), a, t);
            out.select(a, i).copyFrom(t.select(a, j));
        }
        return out;
    }

    static Tensor gather(Tensor t, int axis, Tensor index) {
        requireIndex("gather", index);
        int a = Shape.axis("gather", axis, t.dim());
        requireSameRank("gather", t, index);
        Tensor out = Tensor.zeros(t.dtype(), index.shape());
        int[] pos = new int[index.dim()];
        for (int k = 0; k < out.numel(); k++) {
            unravel(k, index.shape(), pos);
            long j = (long) index.get(pos);
            pos[a] = checkedIndex("gather", j, t.size(a), a, t);
            out.putFlat(k, t.get(pos));
        }
        return out;
    }

    static Tensor scatter(Tensor t, int axis, Tensor index, Tensor src, boolean add) {
        String op = add ? "scatterAdd" : "scatter";
        requireIndex(op, index);
        int a = Shape.axis(op, axis, t.dim());
        requireSameRank(op, t, index);
        Tensor s = src.to(t.dtype()).expand(Shape.broadcast(op, index.shape(), src.shape()));
        Tensor out = t.copy();
        int[] pos = new int[index.dim()];
        int[] dst = new int[index.dim()];
        for (int k = 0; k < index.numel(); k++) {
            unravel(k, index.shape(), pos);
            System.arraycopy(pos, 0, dst, 0, pos.length);
            dst[a] = checkedIndex(op, (long) index.get(pos), t.size(a), a, t);
            double v = s.get(pos);
            out.setAt(add ? out.get(dst) + v : v, dst);
        }
        return out;
    }

    static Tensor oneHot(Tensor labels, int classes, DType dtype) {
        requireIndex("oneHot", labels);
        if (classes <= 0) throw new IllegalArgumentException("oneHot: classes must be positive, got " + classes);
        int[] shape = Arrays.copyOf(labels.shape(), labels.dim() + 1);
        shape[labels.dim()] = classes;
        Tensor out = Tensor.zeros(dtype, shape);
        long[] flat = labels.toLongArray();
        for (int k = 0; k < flat.length; k++) {
            if (flat[k] < 0 || flat[k] >= classes) {
                throw new IndexOutOfBoundsException("oneHot: label " + flat[k] + " at position " + k + " outside [0, " + classes + ")");
            }
            out.putFlat(k * classes + (int) flat[k], 1);
        }
        return out;
    }

    private static void requireIndex(String op, Tensor index) {
        if (index.dtype() != DType.INT32 && index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be INT32 or INT64, got " + index.dtype());
        }
    }

    private static void requireSameRank(String op, Tensor t, Tensor index) {
        if (index.dim() != t.dim()) {
            throw new IllegalArgumentException(op + ": index shape " + Shape.str(index.shape()) + " and input shape "
                    + Shape.str(t.shape()) + " differ in rank");
        }
    }

    private static int checkedIndex(String op, long j, int size, int axis, Tensor t) {
        long n = j < 0 ? j + size : j;
        if (n < 0 || n >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + j + " out of range for axis " + axis + " of shape " + Shape.str(t.shape()));
        }
        return (int) n;
    }

    static void unravel(int flat, int[] shape, int[] pos) {
        for (int d = shape.length - 1; d >= 0; d--) {
            pos[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
    }
}

package io.vecgrad.tensor;

/** Stride arithmetic for views. */
final class Views {
    private Views() {}

    /**
     * Strides that let {@code newShape} view the same elements as (shape, strides) in row-major
     * order, or null when no such strides exist and a copy is needed. Axes are grouped into
     * chunks that are contiguous among themselves; each chunk must map onto whole new axes.
     */
    static int[] reshapeStrides(int[] shape, int[] strides, int[] newShape) {
        int[] out = new int[newShape.length];
        if (Shape.numel(shape) == 0 || isContiguous(shape, strides)) return Shape.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        int chunkBase = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase);
            if (!chunkEnds) continue;
            while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                out[viewD] = (int) (viewNumel * chunkBase);
                viewNumel *= newShape[viewD];
                viewD--;
            }
            if (viewNumel != tensorNumel) return null;
            if (d > 0) {
                chunkBase = strides[d - 1];
                tensorNumel = 1;
                viewNumel = 1;
            }
        }
        return viewD == -1 ? out : null;
    }

    static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }
}

package io.vecgrad.tensor;

import java.util.Arrays;

/** Static helpers on shapes and strides. Shapes are {@code int[]}; a scalar has shape {@code []}. */
public final class Shape {
    private Shape() {}

    /** Number of elements; rejects negative sizes and counts over {@link Integer#MAX_VALUE}. */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative size in shape " + str(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    private static final int[] NO_STRIDES = {};
    private static final int[] UNIT_STRIDE = {1};
    /** {@code {max(n, 1), 1}} for n below 1024: the strides of every contiguous [m, n] matrix of that width. */
    private static final int[][] MATRIX_STRIDES = new int[1024][];

    static {
        for (int n = 0; n < MATRIX_STRIDES.length; n++) MATRIX_STRIDES[n] = new int[] {Math.max(n, 1), 1};
    }

    /**
     * {@link #contiguousStrides}, as a shared array for ranks 0 and 1 and for matrices narrower
     * than 1024 (so a fresh tensor of those shapes allocates no stride array): only for the
     * strides of a tensor, which package code never writes ({@code Tensor.stridesRef}) and
     * {@code Tensor.strides()} hands out as a copy.
     */
    static int[] sharedContiguousStrides(int[] shape) {
        switch (shape.length) {
            case 0: return NO_STRIDES;
            case 1: return UNIT_STRIDE;
            case 2: return shape[1] >= 0 && shape[1] < MATRIX_STRIDES.length ? MATRIX_STRIDES[shape[1]] : contiguousStrides(shape);
            default: return contiguousStrides(shape);
        }
    }

    /** NumPy-style text: {@code [2, 3]}. */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }

    /**
     * The broadcast shape of two shapes (NumPy rules: align on the right, sizes equal or one of
     * them 1).
     *
     * @throws IllegalArgumentException naming the operation, both shapes and the axis
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (axis " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalizes a possibly negative axis against {@code rank}; names the op on failure. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }
}

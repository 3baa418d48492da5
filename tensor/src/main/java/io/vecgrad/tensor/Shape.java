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

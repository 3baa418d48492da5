package io.vecgrad.tensor.io;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Converts tensors to and from little-endian, row-major element bytes (the layout every format here uses). */
final class ElementBytes {
    private ElementBytes() {}

    /** The row-major little-endian bytes of {@code t} (any strides). */
    static byte[] encode(Tensor t) {
        Tensor c = t.contiguous();
        int n = c.numel();
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(n, t.dtype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (c.dtype()) {
            case FLOAT32: buf.asFloatBuffer().put(c.floatArray(), c.offset(), n); break;
            case FLOAT64: buf.asDoubleBuffer().put(c.doubleArray(), c.offset(), n); break;
            case INT32: buf.asIntBuffer().put(c.intArray(), c.offset(), n); break;
            case INT64: buf.asLongBuffer().put(c.longArray(), c.offset(), n); break;
            default: {
                boolean[] b = c.boolArray();
                byte[] out = buf.array();
                for (int i = 0; i < n; i++) out[i] = (byte) (b[c.offset() + i] ? 1 : 0);
            }
        }
        return buf.array();
    }

    /** A new contiguous tensor from {@code numel(shape) * byteSize} bytes of {@code src} at {@code off}. */
    static Tensor decode(DType dtype, int[] shape, byte[] src, int off) {
        int n = 1;
        for (int s : shape) n = Math.multiplyExact(n, s);
        ByteBuffer buf = ByteBuffer.wrap(src, off, n * dtype.byteSize()).slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32: { float[] a = new float[n]; buf.asFloatBuffer().get(a); return shaped(a, shape); }
            case FLOAT64: { double[] a = new double[n]; buf.asDoubleBuffer().get(a); return shaped(a, shape); }
            case INT32: { int[] a = new int[n]; buf.asIntBuffer().get(a); return shaped(a, shape); }
            case INT64: { long[] a = new long[n]; buf.asLongBuffer().get(a); return shaped(a, shape); }
            default: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = src[off + i] != 0;
                return shaped(a, shape);
            }
        }
    }

    /** Tensor.wrap treats an empty shape as "one axis"; a 0-d tensor needs a reshape. */
    private static Tensor shaped(Object array, int[] shape) {
        return shape.length == 0 ? Tensor.wrap(array, 1).reshape() : Tensor.wrap(array, shape);
    }

    /**
     * Bytes needed for {@code shape} of {@code dtype}, or -1 when the element count does not fit
     * a Java array (so the caller can report it instead of overflowing).
     */
    static long byteCount(DType dtype, long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0 || s > Integer.MAX_VALUE) return -1;
            if (s != 0 && n > Integer.MAX_VALUE / s) return -1;
            n *= s;
        }
        if (n > Integer.MAX_VALUE - 16) return -1;
        return n * dtype.byteSize();
    }

    /** Why {@link #byteCount} refused {@code shape}: its exact element count against the limit. */
    static String tooManyElements(long[] shape) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (long s : shape) n = n.multiply(java.math.BigInteger.valueOf(s));
        return "shape " + java.util.Arrays.toString(shape) + " has " + n + " elements, more than the "
                + (Integer.MAX_VALUE - 16) + " one tensor can hold";
    }
}

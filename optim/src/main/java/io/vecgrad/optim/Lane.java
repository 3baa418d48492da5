package io.vecgrad.optim;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * One contiguous float32 or float64 tensor seen as a run of doubles: element-wise transformations
 * ({@link ElementwiseTransform}) compute in double and round to the tensor's precision whenever
 * they store, so one rule serves both dtypes and a fused chain rounds exactly where the unfused
 * chain stores an intermediate tensor.
 *
 * <pre>{@code
 * Lane m = Lane.of(slotTensor);
 * m.set(i, m.get(i) * 0.9 + g * 0.1);
 * }</pre>
 */
public abstract class Lane {
    private Lane() {}

    /** A lane over {@code t}, which must be contiguous and float32 or float64. */
    public static Lane of(Tensor t) {
        if (!t.isContiguous()) throw new IllegalArgumentException("Lane.of: tensor of shape " + java.util.Arrays.toString(t.shape()) + " is not contiguous");
        if (t.dtype() == DType.FLOAT64) return new F64(t.doubleArray(), t.offset());
        if (t.dtype() == DType.FLOAT32) return new F32(t.floatArray(), t.offset());
        throw new IllegalArgumentException("Lane.of: optimizer tensors must be float32 or float64, got " + t.dtype());
    }

    /** Element {@code i} as a double. */
    public abstract double get(int i);

    /** Stores {@code v} rounded to this lane's precision. */
    public abstract void set(int i, double v);

    /** {@code v} rounded to this lane's precision (the value {@link #set} would store). */
    public abstract double round(double v);

    private static final class F64 extends Lane {
        private final double[] a;
        private final int off;

        F64(double[] a, int off) {
            this.a = a;
            this.off = off;
        }

        @Override
        public double get(int i) {
            return a[off + i];
        }

        @Override
        public void set(int i, double v) {
            a[off + i] = v;
        }

        @Override
        public double round(double v) {
            return v;
        }
    }

    private static final class F32 extends Lane {
        private final float[] a;
        private final int off;

        F32(float[] a, int off) {
            this.a = a;
            this.off = off;
        }

        @Override
        public double get(int i) {
            return a[off + i];
        }

        @Override
        public void set(int i, double v) {
            a[off + i] = (float) v;
        }

        @Override
        public double round(double v) {
            return (float) v;
        }
    }
}

package io.vecgrad.optim.zeroth;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;

/**
 * A {@link Params} collection seen as one flat {@code double[]} in name order — the vector the
 * derivative-free methods perturb — and the way back: {@link #write} copies a vector into the
 * (float32 or float64) tensors in place, so a model built on those tensors sees the new weights.
 *
 * <pre>{@code
 * Params p = Params.of("w", Tensor.zeros(3, 2), "b", Tensor.zeros(2));
 * double[] v = FlatParams.read(p);          // 8 zeros
 * v[0] = 1;
 * FlatParams.write(p, v);                   // w[0, 0] is now 1
 * }</pre>
 */
public final class FlatParams {
    private FlatParams() {}

    /** The values of all tensors, in name order and row-major order inside each tensor (a new array). */
    public static double[] read(Params params) {
        long n = params.numel();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("FlatParams.read: " + n + " elements do not fit one Java array");
        double[] out = new double[(int) n];
        int off = 0;
        for (Tensor t : params.asMap().values()) {
            double[] v = t.toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    /** Copies {@code values} into the tensors of {@code params} in place (rounded to each tensor's dtype). */
    public static void write(Params params, double[] values) {
        if (values.length != params.numel()) {
            throw new IllegalArgumentException("FlatParams.write: " + values.length + " values for parameters with " + params.numel() + " elements");
        }
        int off = 0;
        for (Tensor t : params.asMap().values()) {
            int n = (int) t.numel();
            double[] part = new double[n];
            System.arraycopy(values, off, part, 0, n);
            t.copyFrom(Tensor.of(part, t.shape()).to(t.dtype()));
            off += n;
        }
    }
}

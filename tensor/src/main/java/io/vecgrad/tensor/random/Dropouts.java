package io.vecgrad.tensor.random;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Inverted dropout with its mask generated inside the loop: element {@code i} (row-major) is
 * kept when {@code r.doubleAt(i) < 1 − p}, exactly the draw {@code r.bernoulli(dtype, 1 − p, shape)}
 * makes for it, and kept elements are scaled by {@code 1/(1 − p)} rounded to the dtype. No mask
 * tensor is allocated or saved: the backward draws the same mask again from the same stream.
 * Each output is {@code x·m} with {@code m} the composed mask's value, so results equal the
 * composed {@code x.mul(r.bernoulli(dtype, 1 − p, shape).mulInPlace(1 / (1 − p)))} bit for bit.
 *
 * <pre>{@code
 * Tensor y = Dropouts.apply(x, rng.split(step), 0.1);         // forward
 * Tensor dx = Dropouts.apply(g, rng.split(step), 0.1);        // backward: the same mask on g
 * }</pre>
 */
public final class Dropouts {
    private Dropouts() {}

    /** {@code x·m}, {@code m_i = 1/(1 − p)} where element {@code i} is kept, else 0; {@code r} is not advanced. */
    public static Tensor apply(Tensor x, Rng r, double p) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("dropout: needs a floating tensor, got " + x.dtype());
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        Tensor c = x.contiguous();
        int n = c.numel(), o = c.offset();
        double keep = 1 - p;
        Tensor y = Tensor.zeros(c.dtype(), c.shape());   // from the engine's pool inside a scope, like every op output
        if (c.dtype() == DType.FLOAT32) {
            float s = (float) (1 / keep);
            float[] a = c.floatArray(), out = y.floatArray();
            for (int i = 0; i < n; i++) out[i] = a[o + i] * (r.doubleAt(i) < keep ? s : 0);
        } else {
            double s = 1 / keep;
            double[] a = c.doubleArray(), out = y.doubleArray();
            for (int i = 0; i < n; i++) out[i] = a[o + i] * (r.doubleAt(i) < keep ? s : 0);
        }
        return y;
    }
}

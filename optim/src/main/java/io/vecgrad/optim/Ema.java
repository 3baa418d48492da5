package io.vecgrad.optim;

/**
 * The exponential moving averages and bias corrections every adaptive method shares, written
 * once so that each building block performs them in the same order (PyTorch's). Every
 * operation is rounded to the lane's precision, so in float32 the result is exactly what float
 * arithmetic gives (rounding an exact double operation on floats to float is the float
 * operation), which lets vectorised float kernels equal the chain bitwise:
 *
 * <pre>
 * update:        m ← m·β + x·(1−β)
 * updateSquare:  v ← v·β + x·(1−β)·x
 * correction:    1 − β^t            (t ≥ 1: the number of averaged terms)
 * </pre>
 *
 * <pre>{@code
 * double m = Ema.update(lane, mOld, g, 0.9, 1 - 0.9);
 * double mHat = m / Ema.correction(0.9, t);
 * }</pre>
 */
public final class Ema {
    private Ema() {}

    /** {@code old·decay + x·oneMinusDecay} in {@code r}'s precision; pass {@code 1 − decay} precomputed. */
    public static double update(Lane r, double old, double x, double decay, double oneMinusDecay) {
        return r.round(r.round(old * r.round(decay)) + r.round(x * r.round(oneMinusDecay)));
    }

    /** {@code old·decay + (x·oneMinusDecay)·x} in {@code r}'s precision: the second-moment average. */
    public static double updateSquare(Lane r, double old, double x, double decay, double oneMinusDecay) {
        return r.round(r.round(old * r.round(decay)) + r.round(r.round(x * r.round(oneMinusDecay)) * x));
    }

    /** The bias correction {@code 1 − decay^t} of an average of t terms started at zero. */
    public static double correction(double decay, long t) {
        return 1 - Math.pow(decay, t);
    }
}

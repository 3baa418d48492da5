package io.vecgrad.optim.prox;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * A closed convex function {@code g} with its proximal operator
 * {@code prox_{t g}(v) = argmin_u g(u) + ‖u − v‖² / (2t)}, {@code t > 0}.
 *
 * <p>Indicator functions (box, simplex, L1 ball) are projections: their prox ignores {@code t}
 * and their {@link #value} is 0 on the set and {@code +∞} off it.
 *
 * <pre>{@code
 * Prox l1 = new L1Norm(0.5);
 * double[] u = l1.prox(new double[] {2, -0.2, -1}, 1.0);   // {1.5, 0, -0.5}
 * Tensor w = l1.prox(Tensor.of(new double[] {2, -0.2}), 1.0);
 * }</pre>
 */
public interface Prox {
    /** {@code g(x)}; {@code +∞} where an indicator's constraint fails. */
    double value(double[] x);

    /**
     * Writes {@code prox_{t g}(v)} into {@code out} ({@code out} may be {@code v}).
     *
     * @throws IllegalArgumentException when the lengths differ or {@code t} is not positive and finite
     */
    void prox(double[] v, double t, double[] out);

    /** {@code prox_{t g}(v)} as a new array. */
    default double[] prox(double[] v, double t) {
        double[] out = new double[v.length];
        prox(v, t, out);
        return out;
    }

    /** {@code prox_{t g}} of a FLOAT64 tensor, elementwise in row-major order; a new tensor of the same shape. */
    default Tensor prox(Tensor v, double t) {
        if (v.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".prox: needs a FLOAT64 tensor, got " + v.dtype());
        }
        return Tensor.of(prox(v.toDoubleArray(), t), v.shape());
    }

    /** Shared argument checks; returns normally when {@code v}, {@code out} and {@code t} are usable. */
    static void check(String op, double[] v, double t, double[] out) {
        if (v.length != out.length) {
            throw new IllegalArgumentException(op + ".prox: input has length " + v.length + " but out has " + out.length);
        }
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException(op + ".prox: step t must be positive and finite, got " + t);
        }
    }

    /** Checks a penalty weight or radius. */
    static double nonNegative(String op, String name, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite and ≥ 0, got " + x);
        }
        return x;
    }
}

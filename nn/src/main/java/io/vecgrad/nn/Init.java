package io.vecgrad.nn;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Seeded parameter initializers with PyTorch's fan conventions: for a weight of shape
 * {@code [out, in, k...]}, {@code fanIn = in·Πk} and {@code fanOut = out·Πk}; a 1-D shape has
 * {@code fanIn = fanOut = size}.
 *
 * <pre>{@code
 * Initializer glorot = Init.glorotUniform(1.0);       // U(±gain·√(6/(fanIn+fanOut)))
 * Initializer torchDefault = Init.torchDefault();      // kaiming_uniform(a=√5) = U(±1/√fanIn)
 * Initializer bias = Init.torchBias(784);              // U(±1/√784)
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** {@code fanIn} of a weight shape (PyTorch's {@code _calculate_fan_in_and_fan_out}). */
    public static int fanIn(int[] shape) {
        if (shape.length < 2) return shape.length == 0 ? 1 : shape[0];
        return shape[1] * receptive(shape);
    }

    /** {@code fanOut} of a weight shape. */
    public static int fanOut(int[] shape) {
        if (shape.length < 2) return shape.length == 0 ? 1 : shape[0];
        return shape[0] * receptive(shape);
    }

    private static int receptive(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    public static Initializer zeros() {
        return (rng, dt, shape) -> Tensor.zeros(dt, shape);
    }

    public static Initializer ones() {
        return (rng, dt, shape) -> Tensor.ones(dt, shape);
    }

    public static Initializer constant(double v) {
        return (rng, dt, shape) -> Tensor.full(dt, v, shape);
    }

    /** N(0, σ²). */
    public static Initializer normal(double sigma) {
        return (rng, dt, shape) -> rng.normal(dt, 0, sigma, shape);
    }

    /** U(lo, hi). */
    public static Initializer uniform(double lo, double hi) {
        return (rng, dt, shape) -> rng.uniform(dt, lo, hi, shape);
    }

    /** Glorot/Xavier uniform: U(±gain·√(6/(fanIn+fanOut))). */
    public static Initializer glorotUniform(double gain) {
        return (rng, dt, shape) -> {
            double b = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
            return rng.uniform(dt, -b, b, shape);
        };
    }

    /** Glorot/Xavier normal: N(0, gain²·2/(fanIn+fanOut)). */
    public static Initializer glorotNormal(double gain) {
        return (rng, dt, shape) -> rng.normal(dt, 0, gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    /** He/Kaiming uniform for ReLU (fan-in mode): U(±√(6/fanIn)). */
    public static Initializer heUniform() {
        return heUniform(0);
    }

    /** Kaiming uniform for leaky ReLU with negative slope {@code a}: U(±√(6/((1+a²)·fanIn))). */
    public static Initializer heUniform(double a) {
        return (rng, dt, shape) -> {
            double b = Math.sqrt(6.0 / ((1 + a * a) * fanIn(shape)));
            return rng.uniform(dt, -b, b, shape);
        };
    }

    /** He/Kaiming normal for ReLU (fan-in mode): N(0, 2/fanIn). */
    public static Initializer heNormal() {
        return (rng, dt, shape) -> rng.normal(dt, 0, Math.sqrt(2.0 / fanIn(shape)), shape);
    }

    /** PyTorch's default for Linear and Conv weights: kaiming_uniform with a=√5, i.e. U(±1/√fanIn). */
    public static Initializer torchDefault() {
        return heUniform(Math.sqrt(5));
    }

    /** PyTorch's default bias of a layer whose weight has {@code fanIn}: U(±1/√fanIn). */
    public static Initializer torchBias(int fanIn) {
        double b = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return uniform(-b, b);
    }

    static DType check(DType dt) {
        if (!dt.isFloating()) throw new IllegalArgumentException("init: parameters must be floating, got " + dt);
        return dt;
    }
}

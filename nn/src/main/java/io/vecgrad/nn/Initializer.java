package io.vecgrad.nn;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Draws the initial value of one parameter. {@link Module#initialize(Rng)} calls it with a
 * stream split from the root by the parameter's dotted name, so adding a layer never changes
 * the initial values of the others. Ready-made schemes are in {@link Init}.
 *
 * <pre>{@code
 * Initializer he = Init.heNormal();
 * Tensor w = he.sample(new Rng(0).split("fc.weight"), DType.FLOAT32, 256, 784);
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {
    Tensor sample(Rng rng, DType dtype, int... shape);
}

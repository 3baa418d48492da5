package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;

/**
 * A hypergradient estimator for {@code min_x Φ(x) = f(x, y*(x))}, {@code y*(x) = argmin_y g(x, y)}.
 * Implementations are in {@link Hypergradients}; each documents its cost in gradients/HVPs and
 * its memory. Estimators are stateless and deterministic: the same inputs give the same bits.
 */
@FunctionalInterface
public interface HypergradientEstimator {
    /**
     * @param f outer objective f(x, y)
     * @param g inner objective g(x, y)
     * @param x the outer variable
     * @param y AID/DARTS: an (approximate) inner solution; ITD: the starting point y_0 of the unroll
     */
    Hypergradient estimate(Bilevel.Objective f, Bilevel.Objective g, Tensor x, Tensor y);
}

package io.vecgrad.optim.bcd;

/**
 * Which coordinate {@link LassoCoordinateDescent} updates next. One epoch is {@code p}
 * coordinate updates under every rule.
 */
public enum Selection {
    /** Coordinates 0, 1, …, p − 1 in order, every epoch (scikit-learn's {@code selection="cyclic"}). */
    CYCLIC,
    /** A coordinate drawn uniformly with replacement per update, from the options' seed. */
    RANDOM,
    /**
     * Gauss–Southwell-s (Nutini, Schmidt, Laradji, Friedlander, Koepke 2015, §8): the coordinate
     * whose minimum-norm subgradient of the objective is largest,
     * {@code |g_j + α·sign(x_j)|} where {@code x_j ≠ 0} and {@code max(|g_j| − α, 0)} where
     * {@code x_j = 0}, with {@code g = ∇f(x)}; ties go to the lowest index. The full gradient is
     * kept up to date through the Gram matrix {@code AᵀA/n}, computed once per solve.
     */
    GAUSS_SOUTHWELL
}

package io.vecgrad.optim.bcd;

/**
 * Settings of {@link BlockCoordinateDescent}.
 *
 * @param maxIterations block updates at most
 * @param tol stop when the proximal-gradient residual
 *     {@code ‖x − prox_{tg}(x − t∇f(x))‖∞ / t}, {@code t = 1/max_i L_i} (for smooth problems
 *     {@code ‖∇f(x)‖∞}) is ≤ tol; 0 runs all iterations and skips the check
 * @param seed the random rules' seed
 *
 * <pre>{@code
 * BcdOptions o = BcdOptions.defaults().withMaxIterations(500).withTol(1e-8);
 * }</pre>
 */
public record BcdOptions(int maxIterations, double tol, long seed) {
    public BcdOptions {
        if (maxIterations < 0) throw new IllegalArgumentException("BcdOptions: maxIterations must be ≥ 0, got " + maxIterations);
        if (!(tol >= 0) || Double.isInfinite(tol)) throw new IllegalArgumentException("BcdOptions: tol must be finite and ≥ 0, got " + tol);
    }

    /** 500 iterations (the paper's experiments), tol 0, seed 0. */
    public static BcdOptions defaults() {
        return new BcdOptions(500, 0, 0);
    }

    public BcdOptions withMaxIterations(int m) {
        return new BcdOptions(m, tol, seed);
    }

    public BcdOptions withTol(double t) {
        return new BcdOptions(maxIterations, t, seed);
    }

    public BcdOptions withSeed(long s) {
        return new BcdOptions(maxIterations, tol, s);
    }
}

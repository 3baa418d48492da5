package io.vecgrad.optim.minmax;

import java.util.List;

/**
 * The operator F: ℝ^d → ℝ^d of a variational inequality: find z* with {@code ⟨F(z*), z − z*⟩ ≥ 0}
 * for all z of the feasible set. For a saddle-point problem {@code min_x max_y f(x, y)} it is
 * {@code F(x, y) = (∇_x f, −∇_y f)}; F is monotone when f is convex-concave, μ-strongly monotone
 * when {@code ⟨F(z) − F(z'), z − z'⟩ ≥ μ‖z − z'‖²}. In the distributed setting each device m holds
 * its own F_m and the problem's operator is their mean (a {@code List<Operator>} of devices).
 *
 * <pre>{@code
 * Operator rotation = z -> new double[] {z[1], -z[0]};      // F of f(x, y) = x·y
 * double[] fz = rotation.apply(new double[] {1, 2});
 * }</pre>
 */
@FunctionalInterface
public interface Operator {
    /** F(z) as a new array; {@code z} is not modified. */
    double[] apply(double[] z);

    /** The mean operator {@code (1/M) Σ_m F_m} of a list of devices. */
    static Operator mean(List<Operator> devices) {
        if (devices.isEmpty()) throw new IllegalArgumentException("Operator.mean: no devices");
        return z -> {
            double[] out = new double[z.length];
            for (Operator f : devices) Vectors.addInPlace(out, 1.0 / devices.size(), f.apply(z));
            return out;
        };
    }
}

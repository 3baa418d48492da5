package io.vecgrad.optim.online;

/**
 * The step size η_t of round t (1-based) given {@code sumSq}, the learner's running sum of squared
 * hint errors {@code Σ_{s<t} ‖g_s − M_s‖²} (with a zero hint: {@code Σ ‖g_s‖²}; the entropic learner
 * uses the dual ℓ∞ norm). P44's rules (Chen et al., ICML 2023) [reconstructed in the spec]:
 * {@link #adaptive} for convex losses, {@link #inverseTime} for λ-strongly convex ones.
 *
 * <pre>{@code
 * StepRule eta = StepRule.adaptive(domain.diameter(), 1e-8);   // D / sqrt(δ + Σ‖g − M‖²)
 * }</pre>
 */
@FunctionalInterface
public interface StepRule {
    double eta(int t, double sumSq);

    static StepRule constant(double eta) {
        return (t, s) -> eta;
    }

    /** {@code scale/√(δ + sumSq)}: scale = D (diameter) for Euclidean OMD, √(log d) for the entropic one. Non-increasing in t. */
    static StepRule adaptive(double scale, double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("StepRule.adaptive: delta must be > 0, got " + delta);
        return (t, s) -> scale / Math.sqrt(delta + s);
    }

    /** {@code 1/(λt)} for λ-strongly convex losses. */
    static StepRule inverseTime(double lambda) {
        return (t, s) -> 1 / (lambda * t);
    }
}

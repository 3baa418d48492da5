package io.vecgrad.optim.online;

/**
 * The optimistic hint M_t, a guess of round t's gradient before it is seen. P44's default is the
 * last gradient, {@code M_t = ∇f_{t−1}(x_{t−1})}, {@code M_1 = 0}; the zero hint turns optimistic
 * OMD into plain OMD / online gradient descent.
 *
 * <pre>{@code
 * Hint h = Hint.lastGradient();
 * }</pre>
 */
@FunctionalInterface
public interface Hint {
    /** M_t for round t (1-based) given the previous round's gradient (zeros in round 1). */
    double[] predict(int t, double[] previousGradient);

    static Hint lastGradient() {
        return (t, g) -> g.clone();
    }

    static Hint zero() {
        return (t, g) -> new double[g.length];
    }
}

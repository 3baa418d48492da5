package io.vecgrad.optim.online;

/**
 * Online (projected) gradient descent (Zinkevich 2003), {@code x_{t+1} = Π_X(x_t − η_t g_t)}: optimistic
 * OMD with the zero hint, so the two share one implementation. With {@link StepRule#adaptive}
 * ({@code η_t = D/√(δ + Σ_{s<t}‖g_s‖²)}) its regret is {@code O(D·√(Σ‖g_t‖²))}.
 *
 * <pre>{@code
 * OnlineLearner ogd = OnlineGradientDescent.of(Domain.ball(5, 1), StepRule.adaptive(2, 1e-8));
 * }</pre>
 */
public final class OnlineGradientDescent {
    private OnlineGradientDescent() {}

    public static OnlineLearner of(Domain domain, StepRule step) {
        return OptimisticOmd.euclidean(domain, step, Hint.zero()).named("ogd");
    }

    /** Hedge / entropic OMD on the d-simplex (the entropic learner with the zero hint). */
    public static OnlineLearner hedge(int d, StepRule step) {
        return OptimisticOmd.entropic(d, step, Hint.zero()).named("hedge");
    }
}

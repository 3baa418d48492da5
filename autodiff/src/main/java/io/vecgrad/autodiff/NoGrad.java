package io.vecgrad.autodiff;

/**
 * A scope in which ops are not recorded: results are constants, nothing is saved for backward.
 * Use it for evaluation passes and for in-place parameter updates. Scopes nest; closing
 * restores the previous state.
 *
 * <pre>{@code
 * try (NoGrad scope = NoGrad.enter()) {
 *     Variable y = model(x);                 // y.requiresGrad() == false
 *     w.value().axpyInPlace(-0.1, w.grad()); // an SGD step outside the graph
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final GradMode mode;
    private final boolean previous;

    private NoGrad(boolean enabled) {
        mode = GradMode.get();
        previous = mode.enabled;
        mode.enabled = enabled;
    }

    /** Turns recording off until {@link #close}. */
    public static NoGrad enter() {
        return new NoGrad(false);
    }

    /** Turns recording on until {@link #close} (inside a no-grad scope, for example). */
    public static NoGrad enableGrad() {
        return new NoGrad(true);
    }

    /** Whether ops on this thread are recorded now. */
    public static boolean isGradEnabled() {
        return GradMode.get().enabled;
    }

    @Override
    public void close() {
        mode.enabled = previous;
    }
}

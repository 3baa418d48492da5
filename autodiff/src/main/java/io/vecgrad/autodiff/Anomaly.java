package io.vecgrad.autodiff;

/**
 * Anomaly detection: while enabled, every recorded op remembers where it was created (a stack
 * trace, captured only in this mode because it is expensive) and the first op whose forward
 * value or backward cotangent contains NaN or ±Inf throws an {@link AnomalyException} naming
 * the op, with the creation trace as its cause.
 *
 * <pre>{@code
 * try (Anomaly scope = Anomaly.enable()) {
 *     Variable y = x.log();   // x has a negative entry: throws, naming "log" and this line
 * }
 * }</pre>
 */
public final class Anomaly implements AutoCloseable {
    private final GradMode mode;
    private final boolean previous;

    private Anomaly() {
        mode = GradMode.get();
        previous = mode.anomaly;
        mode.anomaly = true;
    }

    /** Enables anomaly detection on this thread until {@link #close}. */
    public static Anomaly enable() {
        return new Anomaly();
    }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isEnabled() {
        return GradMode.get().anomaly;
    }

    @Override
    public void close() {
        mode.anomaly = previous;
    }

    static boolean allFinite(io.vecgrad.tensor.Tensor t) {
        if (!t.dtype().isFloating()) return true;
        for (double v : t.toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }
}

package io.vecgrad.autodiff;

/** Thrown in {@link Anomaly} mode by the first op that produces NaN or ±Inf. */
public final class AnomalyException extends ArithmeticException {
    private final String op;

    AnomalyException(String op, String message, Throwable createdAt) {
        super(message);
        this.op = op;
        if (createdAt != null) initCause(createdAt);
    }

    /** The name of the op that produced the non-finite value. */
    public String op() {
        return op;
    }
}

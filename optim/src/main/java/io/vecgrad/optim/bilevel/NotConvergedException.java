package io.vecgrad.optim.bilevel;

/**
 * An inner solve or an adjoint solve that did not reach its tolerance. Thrown instead of
 * silently using the inexact result; the message names the solve, its residual and the budget.
 */
public final class NotConvergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NotConvergedException(String message) {
        super(message);
    }
}

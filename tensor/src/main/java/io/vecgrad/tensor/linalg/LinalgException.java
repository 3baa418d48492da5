package io.vecgrad.tensor.linalg;

import java.util.Arrays;

/**
 * A matrix that the operation cannot handle: not positive definite (Cholesky), exactly
 * singular (solve, inv, triangular solves), rank deficient (lstsq) or with a negative
 * eigenvalue (sqrtm/logm of an SPD matrix). The message names the operation, the shape, the
 * matrix of the batch and the failing pivot or index, like LAPACK's {@code info}.
 *
 * <pre>{@code
 * try {
 *     Linalg.cholesky(a);
 * } catch (LinalgException e) {
 *     int k = e.index();   // first non-positive pivot
 * }
 * }</pre>
 */
public final class LinalgException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final int index;

    LinalgException(String op, int[] shape, long batch, int index, String what) {
        super(op + ": " + what + " (matrix " + batch + " of input shape " + Arrays.toString(shape) + ", index " + index + ")");
        this.op = op;
        this.index = index;
    }

    /** The operation that failed, e.g. {@code "cholesky"}. */
    public String op() {
        return op;
    }

    /** The failing pivot, diagonal entry or eigenvalue index inside its matrix (0-based). */
    public int index() {
        return index;
    }
}

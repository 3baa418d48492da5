package io.vecgrad.optim.problems.matrix;

/**
 * A smooth objective of a factored matrix {@code L Rᵀ} with its gradient in both factors — what the
 * factored methods of {@code optim.solvers.matrix} need. Implemented by {@link AsymmetricSensing} and
 * {@link MatrixFactorization}.
 *
 * <pre>{@code
 * FactorObjective p = MatrixFactorization.of(m);
 * Factors g = p.gradient(f);     // (∂/∂L, ∂/∂R)
 * }</pre>
 */
public interface FactorObjective {
    /** The objective at {@code f}. */
    double loss(Factors f);

    /** Its gradient with respect to both factors. */
    Factors gradient(Factors f);

    /** {@code ‖L Rᵀ − M*‖_F} when a target is known, else NaN. */
    double distance(Factors f);

    /** The norm that makes the residual relative: {@code sqrt(2·loss)/targetNorm()} is the relative residual. */
    double targetNorm();
}

package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.Tensor;

/**
 * A factorization {@code L Rᵀ} of a matrix: {@code L} [n1, k], {@code R} [n2, k]. The symmetric
 * parameterization {@code X Xᵀ} is {@code new Factors(x, x)}.
 *
 * <pre>{@code
 * Factors f = new Factors(left, right);
 * Tensor m = f.product();            // L Rᵀ
 * Tensor d = f.imbalance();          // Lᵀ L − Rᵀ R (k×k), conserved by gradient flow
 * }</pre>
 */
public record Factors(Tensor left, Tensor right) {
    public Factors {
        if (left.dim() != 2 || right.dim() != 2 || left.size(1) != right.size(1)) {
            throw new IllegalArgumentException("Factors: widths differ or not matrices, " + java.util.Arrays.toString(left.shape())
                    + " and " + java.util.Arrays.toString(right.shape()));
        }
    }

    /** {@code L Rᵀ}. */
    public Tensor product() {
        return left.matmul(right.mT());
    }

    /** {@code Lᵀ L − Rᵀ R}, the imbalance that gradient flow on {@code ½‖𝒜(L Rᵀ) − y‖²} conserves. */
    public Tensor imbalance() {
        return left.mT().matmul(left).sub(right.mT().matmul(right));
    }

    /** Width k. */
    public int width() {
        return left.size(1);
    }

    /** {@code ‖L‖_F² / ‖R‖_F²} (P27's balance ratio). */
    public double balanceRatio() {
        return left.square().sum().item() / right.square().sum().item();
    }
}

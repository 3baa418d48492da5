package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;

/** Random orthonormal factors and low-rank ground truths for the planted problems of this package. */
final class Planted {
    private Planted() {}

    /** A Haar-random n×r matrix with orthonormal columns (QR of a Gaussian matrix). */
    static Tensor orthonormal(Rng rng, int n, int r) {
        return Linalg.qr(rng.normal(DType.FLOAT64, 0, 1, n, r)).q();
    }

    /** {@code U diag(σ) Vᵀ}. */
    static Tensor lowRank(Tensor u, double[] sigma, Tensor v) {
        return u.mul(Tensor.of(sigma)).matmul(v.mT());
    }

    static double frobenius(Tensor t) {
        return Math.sqrt(t.square().sum().item());
    }
}

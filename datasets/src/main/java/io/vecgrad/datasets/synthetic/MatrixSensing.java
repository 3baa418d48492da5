package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Low-rank matrix sensing instances for paper P54 (Xiong, Ding, Du, ICLR 2024, "How
 * over-parameterization slows down gradient descent in matrix sensing"): a rank-{@code r}
 * ground truth {@code M*} (symmetric PSD {@code U Uᵀ}, or asymmetric {@code U Vᵀ}) with chosen
 * singular values, and {@code m} Gaussian measurement matrices {@code Aᵢ} with i.i.d.
 * {@code N(0, 1/m)} entries, symmetrized as {@code (G + Gᵀ)/2} in the symmetric case (so
 * {@code ‖𝒜(M)‖² ≈ ‖M‖_F²}, the RIP regime when
 * {@code m ≫ n r}), and {@code yᵢ = ⟨Aᵢ, M*⟩}. The operator and its adjoint are provided.
 *
 * <pre>{@code
 * MatrixSensing s = MatrixSensing.symmetric(20, 2, new double[] {1, 0.5}, 400, 3);
 * Tensor residual = s.measure(x.matmul(x.mT())).sub(s.y());
 * Tensor grad = s.adjoint(residual).matmul(x).mul(2);
 * }</pre>
 */
public final class MatrixSensing {
    private final Tensor a;       // [m, n1, n2]
    private final Tensor mStar;   // [n1, n2]
    private final Tensor y;       // [m]
    private final Tensor left;
    private final Tensor right;

    private MatrixSensing(Tensor a, Tensor mStar, Tensor y, Tensor left, Tensor right) {
        this.a = a;
        this.mStar = mStar;
        this.y = y;
        this.left = left;
        this.right = right;
    }

    /** {@code M* = U diag(σ) Uᵀ}, n×n PSD of rank {@code σ.length}. */
    public static MatrixSensing symmetric(int n, int rank, double[] sigma, int measurements, long seed) {
        return build(n, n, rank, sigma, measurements, true, new Rng(seed).split("sensing/symmetric"));
    }

    /** {@code M* = U diag(σ) Vᵀ}, n1×n2 of rank {@code σ.length}. */
    public static MatrixSensing asymmetric(int n1, int n2, int rank, double[] sigma, int measurements, long seed) {
        return build(n1, n2, rank, sigma, measurements, false, new Rng(seed).split("sensing/asymmetric"));
    }

    private static MatrixSensing build(int n1, int n2, int rank, double[] sigma, int m, boolean sym, Rng rng) {
        if (sigma.length != rank || rank > Math.min(n1, n2) || m <= 0) {
            throw new IllegalArgumentException("MatrixSensing: rank " + rank + " with " + sigma.length + " singular values for "
                    + n1 + "x" + n2 + " and " + m + " measurements");
        }
        double[] u = Gaussian.orthonormalColumns(rng.split("U"), n1, rank);
        double[] v = sym ? u : Gaussian.orthonormalColumns(rng.split("V"), n2, rank);
        double[] us = u.clone();
        for (int i = 0; i < n1; i++) for (int k = 0; k < rank; k++) us[i * rank + k] *= sigma[k];
        double[] mstar = Gaussian.matmul(us, Gaussian.transpose(v, n2, rank), n1, rank, n2);
        double[] av = Gaussian.normal(rng.split("A"), m * n1 * n2, 1 / Math.sqrt(m));
        if (sym) {   // Aᵢ = (G + Gᵀ)/2 keeps E⟨Aᵢ, M⟩² = ‖M‖²/m for symmetric M, and ∇⟨Aᵢ, XXᵀ⟩ = 2AᵢX
            for (int i = 0; i < m; i++) {
                int base = i * n1 * n1;
                for (int r = 0; r < n1; r++) {
                    for (int c = r + 1; c < n1; c++) {
                        double s = (av[base + r * n1 + c] + av[base + c * n1 + r]) / 2;
                        av[base + r * n1 + c] = s;
                        av[base + c * n1 + r] = s;
                    }
                }
            }
        }
        Tensor a = Tensor.wrap(av, m, n1, n2);
        Tensor ms = Tensor.wrap(mstar, n1, n2);
        MatrixSensing out = new MatrixSensing(a, ms, null, Tensor.wrap(u, n1, rank), Tensor.wrap(v, n2, rank));
        return new MatrixSensing(a, ms, out.measure(ms), out.left, out.right);
    }

    /** The sensing matrices, [m, n1, n2]. */
    public Tensor sensingMatrices() { return a; }

    public Tensor groundTruth() { return mStar; }

    /** Measurements {@code yᵢ = ⟨Aᵢ, M*⟩}. */
    public Tensor y() { return y; }

    /** Orthonormal left factor of {@code M*} [n1, r]. */
    public Tensor leftFactor() { return left; }

    /** Orthonormal right factor of {@code M*} [n2, r] (equals the left one when symmetric). */
    public Tensor rightFactor() { return right; }

    /** {@code 𝒜(M) = (⟨Aᵢ, M⟩)ᵢ}. */
    public Tensor measure(Tensor m) {
        int count = a.size(0);
        return a.reshape(count, -1).matmul(m.reshape(-1));
    }

    /** {@code 𝒜*(r) = Σᵢ rᵢ Aᵢ}. */
    public Tensor adjoint(Tensor r) {
        int count = a.size(0);
        return r.matmul(a.reshape(count, -1)).reshape(a.size(1), a.size(2));
    }
}

package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * A linear measurement operator {@code 𝒜: R^{n1×n2} → R^m}, {@code 𝒜(X) = (⟨Aᵢ, X⟩)ᵢ}, and its
 * adjoint {@code 𝒜*(y) = Σᵢ yᵢ Aᵢ}, so that {@code ⟨𝒜(X), y⟩ = ⟨X, 𝒜*(y)⟩}. The Gaussian operator
 * of P54 (Xiong, Ding, Du, ICLR 2024) has i.i.d. {@code N(0, 1/m)} entries, so {@code E‖𝒜(X)‖² = ‖X‖_F²}
 * (restricted isometry when {@code m ≫ n r}); the symmetric variant uses {@code (Gᵢ + Gᵢᵀ)/2}, the same
 * convention as {@code datasets.synthetic.MatrixSensing}, whose {@code sensingMatrices()} {@link #of} wraps.
 *
 * <pre>{@code
 * SensingOperator a = SensingOperator.gaussian(400, 20, 20, true, 7);
 * Tensor y = a.apply(mStar);                 // [400]
 * Tensor back = a.adjoint(y);                // [20, 20]
 * }</pre>
 */
public final class SensingOperator {
    private final Tensor flat;   // [m, n1*n2], row i = vec(Aᵢ)
    private final int m, n1, n2;
    private final boolean symmetric;

    private SensingOperator(Tensor flat, int m, int n1, int n2, boolean symmetric) {
        this.flat = flat;
        this.m = m;
        this.n1 = n1;
        this.n2 = n2;
        this.symmetric = symmetric;
    }

    /** Wraps sensing matrices {@code a} of shape [m, n1, n2] (FLOAT64); symmetric when every {@code Aᵢ = Aᵢᵀ}. */
    public static SensingOperator of(Tensor a) {
        if (a.dim() != 3 || a.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("SensingOperator.of: expected FLOAT64 [m, n1, n2], got " + a.dtype() + " "
                    + java.util.Arrays.toString(a.shape()));
        }
        int m = a.size(0), n1 = a.size(1), n2 = a.size(2);
        Tensor flat = a.contiguous().reshape(m, n1 * n2);
        return new SensingOperator(flat, m, n1, n2, n1 == n2 && isSymmetric(flat.toDoubleArray(), m, n1));
    }

    /**
     * {@code m} Gaussian sensing matrices with i.i.d. {@code N(0, 1/m)} entries, symmetrized as
     * {@code (G + Gᵀ)/2} when {@code symmetric} (then {@code n1 == n2} is required).
     */
    public static SensingOperator gaussian(int m, int n1, int n2, boolean symmetric, long seed) {
        if (m <= 0 || n1 <= 0 || n2 <= 0 || (symmetric && n1 != n2)) {
            throw new IllegalArgumentException("SensingOperator.gaussian: m=" + m + ", " + n1 + "x" + n2 + (symmetric ? " symmetric" : ""));
        }
        double[] a = new Rng(seed).split("sensing-operator").normal(DType.FLOAT64, 0, 1 / Math.sqrt(m), m, n1 * n2).toDoubleArray();
        if (symmetric) {
            for (int i = 0; i < m; i++) {
                int base = i * n1 * n1;
                for (int r = 0; r < n1; r++) {
                    for (int c = r + 1; c < n1; c++) {
                        double s = (a[base + r * n1 + c] + a[base + c * n1 + r]) / 2;
                        a[base + r * n1 + c] = s;
                        a[base + c * n1 + r] = s;
                    }
                }
            }
        }
        return new SensingOperator(Tensor.wrap(a, m, n1 * n2), m, n1, n2, symmetric);
    }

    private static boolean isSymmetric(double[] a, int m, int n) {
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) if (a[i * n * n + r * n + c] != a[i * n * n + c * n + r]) return false;
            }
        }
        return true;
    }

    /** {@code 𝒜(X)}: X [n1, n2] → [m]. */
    public Tensor apply(Tensor x) {
        requireShape("apply", x, n1, n2);
        return flat.matmul(x.contiguous().reshape(n1 * n2));
    }

    /** {@code 𝒜*(y)}: y [m] → [n1, n2]. */
    public Tensor adjoint(Tensor y) {
        if (y.dim() != 1 || y.size(0) != m) {
            throw new IllegalArgumentException("SensingOperator.adjoint: expected [" + m + "], got " + java.util.Arrays.toString(y.shape()));
        }
        return y.matmul(flat).reshape(n1, n2);
    }

    private static void requireShape(String op, Tensor x, int r, int c) {
        if (x.dim() != 2 || x.size(0) != r || x.size(1) != c) {
            throw new IllegalArgumentException("SensingOperator." + op + ": expected [" + r + ", " + c + "], got " + java.util.Arrays.toString(x.shape()));
        }
    }

    public int measurements() { return m; }

    public int rows() { return n1; }

    public int cols() { return n2; }

    /** Whether every {@code Aᵢ} is symmetric (needed by the symmetric gradient {@code 2𝒜*(r)X}). */
    public boolean symmetric() { return symmetric; }
}

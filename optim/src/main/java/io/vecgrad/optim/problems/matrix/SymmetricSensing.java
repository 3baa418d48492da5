package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;

/**
 * Symmetric low-rank matrix sensing with the Burer–Monteiro parameterization {@code X Xᵀ},
 * {@code X ∈ R^{n×k}} (P54: Xiong, Ding, Du, "How over-parameterization slows down gradient
 * descent in matrix sensing: the curses of symmetry and initialization", ICLR 2024):
 * {@code L(X) = ½‖𝒜(X Xᵀ) − y‖²} with symmetric sensing matrices, so {@code ∇L(X) = 2 𝒜*(𝒜(XXᵀ) − y) X}.
 * {@code k = r} is the exact, {@code k > r} the over-parameterized case.
 *
 * <pre>{@code
 * SymmetricSensing p = SymmetricSensing.planted(20, new double[] {1, 0.5}, 600, 3);
 * Tensor x = p.spectralInit(2);
 * double err = p.distance(x);      // ‖XXᵀ − M*‖_F
 * }</pre>
 */
public final class SymmetricSensing {
    private final SensingOperator op;
    private final Tensor y;
    private final Tensor truth;

    /** The problem with measurements {@code y}; {@code truth} (may be null) only serves {@link #distance}. */
    public SymmetricSensing(SensingOperator op, Tensor y, Tensor truth) {
        if (!op.symmetric()) throw new IllegalArgumentException("SymmetricSensing: the sensing matrices must be symmetric");
        this.op = op;
        this.y = y;
        this.truth = truth;
    }

    /**
     * A planted instance: {@code M* = U diag(σ) Uᵀ} with Haar-random orthonormal U (n×r, r = σ.length),
     * {@code m} symmetric Gaussian measurements, {@code y = 𝒜(M*)}.
     */
    public static SymmetricSensing planted(int n, double[] sigma, int m, long seed) {
        Rng rng = new Rng(seed).split("symmetric-sensing");
        Tensor u = Planted.orthonormal(rng.split("U"), n, sigma.length);
        Tensor mStar = Planted.lowRank(u, sigma, u);
        SensingOperator op = SensingOperator.gaussian(m, n, n, true, rng.split("A").nextLong());
        return new SymmetricSensing(op, op.apply(mStar), mStar);
    }

    /** {@code ½‖𝒜(XXᵀ) − y‖²}. */
    public double loss(Tensor x) {
        Tensor r = residual(x);
        return 0.5 * r.square().sum().item();
    }

    /** {@code 𝒜(XXᵀ) − y}. */
    public Tensor residual(Tensor x) {
        return op.apply(x.matmul(x.mT())).sub(y);
    }

    /** {@code ∇L(X) = 2 𝒜*(𝒜(XXᵀ) − y) X}. */
    public Tensor gradient(Tensor x) {
        return op.adjoint(residual(x)).matmul(x).mul(2);
    }

    /** {@code ‖XXᵀ − M*‖_F}. */
    public double distance(Tensor x) {
        if (truth == null) throw new IllegalStateException("SymmetricSensing.distance: no ground truth given");
        return Planted.frobenius(x.matmul(x.mT()).sub(truth));
    }

    /**
     * Spectral initialization: the top-{@code k} eigenpairs {@code (λⱼ, uⱼ)} of {@code 𝒜*(y)} (≈ M* under
     * RIP) give {@code X₀ = [uⱼ sqrt(max(λⱼ, 0))]}.
     */
    public Tensor spectralInit(int k) {
        Tensor s = op.adjoint(y);
        Linalg.Eigh e = Linalg.eigh(s.add(s.mT()).mul(0.5));
        int n = op.rows();
        double[] w = e.values().toDoubleArray();    // ascending
        double[] v = e.vectors().contiguous().toDoubleArray();
        double[] x = new double[n * k];
        for (int j = 0; j < k; j++) {
            int col = n - 1 - j;
            double scale = Math.sqrt(Math.max(w[col], 0));
            for (int i = 0; i < n; i++) x[i * k + j] = v[i * n + col] * scale;
        }
        return Tensor.wrap(x, n, k);
    }

    /** Small random initialization: i.i.d. {@code N(0, α²)} entries, n×k. */
    public Tensor smallInit(int k, double alpha, long seed) {
        return new Rng(seed).split("symmetric-init").normal(io.vecgrad.tensor.DType.FLOAT64, 0, alpha, op.rows(), k);
    }

    public SensingOperator operator() { return op; }

    public Tensor measurements() { return y; }

    /** The planted {@code M*}, or null. */
    public Tensor truth() { return truth; }
}

package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Asymmetric low-rank matrix sensing with the parameterization {@code F Gᵀ}, {@code F ∈ R^{n1×k}},
 * {@code G ∈ R^{n2×k}} (P54, Xiong, Ding, Du, ICLR 2024): {@code L(F, G) = ½‖𝒜(F Gᵀ) − y‖²}; with
 * {@code E = 𝒜*(𝒜(FGᵀ) − y)}, {@code ∇_F L = E G} and {@code ∇_G L = Eᵀ F}. The paper also applies
 * this parameterization to a symmetric {@code M*} (then {@code n1 = n2}) to escape the sublinear
 * rate of the symmetric one.
 *
 * <pre>{@code
 * AsymmetricSensing p = AsymmetricSensing.planted(20, 20, new double[] {1, 0.5}, 600, 3);
 * Factors f0 = p.smallInit(4, 1e-3, 11);        // F ~ N(0, α²), G ~ N(0, (α/3)²)
 * Factors g = p.gradient(f0);
 * }</pre>
 */
public final class AsymmetricSensing implements FactorObjective {
    private final SensingOperator op;
    private final Tensor y;
    private final Tensor truth;

    /** The problem with measurements {@code y}; {@code truth} (may be null) only serves {@link #distance}. */
    public AsymmetricSensing(SensingOperator op, Tensor y, Tensor truth) {
        this.op = op;
        this.y = y;
        this.truth = truth;
    }

    /** A planted instance {@code M* = U diag(σ) Vᵀ} (Haar-random U, V), m Gaussian measurements. */
    public static AsymmetricSensing planted(int n1, int n2, double[] sigma, int m, long seed) {
        Rng rng = new Rng(seed).split("asymmetric-sensing");
        Tensor u = Planted.orthonormal(rng.split("U"), n1, sigma.length);
        Tensor v = Planted.orthonormal(rng.split("V"), n2, sigma.length);
        Tensor mStar = Planted.lowRank(u, sigma, v);
        SensingOperator op = SensingOperator.gaussian(m, n1, n2, false, rng.split("A").nextLong());
        return new AsymmetricSensing(op, op.apply(mStar), mStar);
    }

    /** {@code 𝒜(FGᵀ) − y}. */
    public Tensor residual(Factors f) {
        return op.apply(f.product()).sub(y);
    }

    /** {@code ½‖𝒜(FGᵀ) − y‖²}. */
    @Override
    public double loss(Factors f) {
        return 0.5 * residual(f).square().sum().item();
    }

    /** {@code (∇_F L, ∇_G L) = (E G, Eᵀ F)} with {@code E = 𝒜*(𝒜(FGᵀ) − y)}. */
    @Override
    public Factors gradient(Factors f) {
        Tensor e = op.adjoint(residual(f));
        return new Factors(e.matmul(f.right()), e.mT().matmul(f.left()));
    }

    /** {@code ‖FGᵀ − M*‖_F}, NaN without a planted truth. */
    @Override
    public double distance(Factors f) {
        return truth == null ? Double.NaN : Planted.frobenius(f.product().sub(truth));
    }

    /** {@code ‖y‖}. */
    @Override
    public double targetNorm() {
        return Planted.frobenius(y);
    }

    /**
     * The paper's random initialization: F with i.i.d. {@code N(0, α²)} entries and G with
     * {@code N(0, (α/3)²)} — the imbalance is deliberate (P54 uses α and α/3).
     */
    public Factors smallInit(int k, double alpha, long seed) {
        Rng rng = new Rng(seed).split("asymmetric-init");
        return new Factors(rng.split("F").normal(DType.FLOAT64, 0, alpha, op.rows(), k),
                rng.split("G").normal(DType.FLOAT64, 0, alpha / 3, op.cols(), k));
    }

    public SensingOperator operator() { return op; }

    public Tensor measurements() { return y; }

    /** The planted {@code M*}, or null. */
    public Tensor truth() { return truth; }
}

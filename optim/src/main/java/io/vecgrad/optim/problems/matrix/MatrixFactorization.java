package io.vecgrad.optim.problems.matrix;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;

/**
 * Matrix factorization {@code f(X, Y) = ½‖X Yᵀ − M‖_F²}, {@code X ∈ R^{n×r}}, {@code Y ∈ R^{m×r}} (P27:
 * Liu, Li, Wei, Zhou, Zhao, "Noisy gradient descent converges to flat minima for nonconvex matrix
 * factorization", AISTATS 2021). Its minima {@code (X A, Y A⁻ᵀ)} form a continuum; the measurements
 * here say which one a method found:
 * <ul>
 *   <li>{@link #smoothedLoss}: {@code E f(X+E, Y+D) = f + ½(n σ₁² ‖Y‖² + m σ₂² ‖X‖²) + ½ n m r σ₁² σ₂²} for
 *       {@code E ~ N(0, σ₁²)}, {@code D ~ N(0, σ₂²)} entries — the objective perturbed GD descends;</li>
 *   <li>{@link #balancedRatio}: among factorizations of one product that penalty is smallest when
 *       {@code m σ₂² XᵀX = n σ₁² YᵀY}, hence {@code ‖X‖²/‖Y‖² = n σ₁² / (m σ₂²)};</li>
 *   <li>{@link #normExcess}: {@code (m σ₂²‖X‖² + n σ₁²‖Y‖²) / (2 σ₁ σ₂ sqrt(nm) ‖XYᵀ‖_*) ≥ 1}, equal to 1
 *       exactly at the weighted-balanced (lowest-norm) factorization;</li>
 *   <li>{@link #sharpness}: the largest Hessian eigenvalue (flatness), smaller at balanced minima.</li>
 * </ul>
 *
 * <pre>{@code
 * MatrixFactorization p = MatrixFactorization.planted(30, 20, new double[] {1, 0.5}, 7);
 * Factors f = ...;
 * double ratio = f.balanceRatio(), target = p.balancedRatio(0.1, 0.1);
 * double lambdaMax = p.sharpness(f, 200);
 * }</pre>
 */
public final class MatrixFactorization implements FactorObjective {
    private final Tensor m;

    private MatrixFactorization(Tensor m) {
        this.m = m;
    }

    /** The problem for target {@code m} (FLOAT64 matrix). */
    public static MatrixFactorization of(Tensor m) {
        if (m.dim() != 2 || m.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("MatrixFactorization.of: expected a FLOAT64 matrix, got " + m.dtype() + " " + java.util.Arrays.toString(m.shape()));
        }
        return new MatrixFactorization(m);
    }

    /** A planted target {@code U diag(σ) Vᵀ} (Haar-random U [rows, r], V [cols, r]). */
    public static MatrixFactorization planted(int rows, int cols, double[] sigma, long seed) {
        Rng rng = new Rng(seed).split("matrix-factorization");
        return of(Planted.lowRank(Planted.orthonormal(rng.split("U"), rows, sigma.length), sigma,
                Planted.orthonormal(rng.split("V"), cols, sigma.length)));
    }

    public Tensor target() { return m; }

    /** {@code X Yᵀ − M}. */
    public Tensor residual(Factors f) {
        return f.product().sub(m);
    }

    @Override
    public double loss(Factors f) {
        return 0.5 * residual(f).square().sum().item();
    }

    /** {@code (R Y, Rᵀ X)} with {@code R = X Yᵀ − M}. */
    @Override
    public Factors gradient(Factors f) {
        Tensor r = residual(f);
        return new Factors(r.matmul(f.right()), r.mT().matmul(f.left()));
    }

    @Override
    public double distance(Factors f) {
        return Planted.frobenius(residual(f));
    }

    @Override
    public double targetNorm() {
        return Planted.frobenius(m);
    }

    /** {@code E f(X+E, Y+D)} in closed form (see the class comment). */
    public double smoothedLoss(Factors f, double sigma1, double sigma2) {
        int n = m.size(0), cols = m.size(1), r = f.width();
        double s1 = sigma1 * sigma1, s2 = sigma2 * sigma2;
        return loss(f) + 0.5 * (n * s1 * f.right().square().sum().item() + cols * s2 * f.left().square().sum().item())
                + 0.5 * n * cols * r * s1 * s2;
    }

    /** The balance ratio {@code ‖X‖²/‖Y‖² = n σ₁² / (m σ₂²)} that the perturbation selects. */
    public double balancedRatio(double sigma1, double sigma2) {
        return m.size(0) * sigma1 * sigma1 / (m.size(1) * sigma2 * sigma2);
    }

    /**
     * {@code (m σ₂²‖X‖² + n σ₁²‖Y‖²) / (2 σ₁ σ₂ sqrt(n m) ‖XYᵀ‖_*)}: at least 1 for every factorization
     * of {@code XYᵀ} (AM–GM and {@code ‖AB‖_* ≤ ‖A‖_F‖B‖_F}), and 1 exactly at the weighted-balanced one.
     */
    public double normExcess(Factors f, double sigma1, double sigma2) {
        int n = m.size(0), cols = m.size(1);
        double penalty = cols * sigma2 * sigma2 * f.left().square().sum().item() + n * sigma1 * sigma1 * f.right().square().sum().item();
        double nuclear = Linalg.svdvals(f.product()).sum().item();
        return penalty / (2 * sigma1 * sigma2 * Math.sqrt((double) n * cols) * nuclear);
    }

    /** Hessian-vector product {@code ∇²f(X, Y)·(A, B)}. */
    public Factors hessianTimes(Factors f, Factors dir) {
        Tensor x = f.left(), y = f.right(), r = residual(f);
        Tensor j = dir.left().matmul(y.mT()).add(x.matmul(dir.right().mT()));   // J·(A, B) = A Yᵀ + X Bᵀ
        return new Factors(j.matmul(y).add(r.matmul(dir.right())), j.mT().matmul(x).add(r.mT().matmul(dir.left())));
    }

    /**
     * The largest Hessian eigenvalue by {@code iterations} power iterations from a fixed start (the
     * Hessian is positive semidefinite at a minimum, so this is the sharpness there).
     */
    public double sharpness(Factors f, int iterations) {
        Rng rng = new Rng(0).split("sharpness");
        Factors v = new Factors(rng.normal(DType.FLOAT64, 0, 1, f.left().shape()), rng.normal(DType.FLOAT64, 0, 1, f.right().shape()));
        double lambda = 0;
        for (int i = 0; i < iterations; i++) {
            double norm = Math.sqrt(v.left().square().sum().item() + v.right().square().sum().item());
            v = new Factors(v.left().div(norm), v.right().div(norm));
            Factors hv = hessianTimes(f, v);
            lambda = hv.left().mul(v.left()).sum().item() + hv.right().mul(v.right()).sum().item();
            v = hv;
        }
        return lambda;
    }
}

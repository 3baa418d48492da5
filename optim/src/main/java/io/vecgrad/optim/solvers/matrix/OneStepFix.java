package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * P54's one-step modification for over-parameterized asymmetric sensing (Xiong, Ding, Du, ICLR 2024,
 * Section 5): GD on {@code F Gᵀ} with width k &gt; r converges at the α-dependent rate
 * {@code exp(−Ω(α² T))} because the imbalance {@code FᵀF − GᵀG}, which GD nearly conserves, stays of order
 * α²; the paper applies one product-preserving transformation at a single iteration {@code T⁽¹⁾} near
 * the solution, after which GD converges at a rate independent of α.
 *
 * <p><b>Source.</b> The paper's text was looked up (arXiv 2310.01769 abstract, the ICLR 2024 reviews): they
 * confirm a one-time transformation at {@code T⁽¹⁾} once the iterates are close to the solution, but its
 * exact formula (eq. (5.1)) could not be retrieved. This class follows the spec's reconstruction with
 * the same intent: keep the product, {@code (F, G) ← (F P, G P⁻ᵀ)}, with the thin SVD
 * {@code F = U Σ Vᵀ} and {@code P = c V Σ⁻¹ Vᵀ}, so {@code F P = c U Vᵀ} (all singular values c) and
 * {@code G P⁻ᵀ = G V Σ Vᵀ / c} (no inverse is formed); the imbalance then has all eigenvalues of order c².
 * The default scale is {@code c = sqrt(‖F Gᵀ‖₂)}, computed from the iterate (no knowledge of M*).
 *
 * <p><b>When.</b> The reviewers note that {@code T⁽¹⁾} in the paper depends on the unknown spectrum; here
 * it is either a fixed iteration or the first iteration whose relative residual
 * {@code ‖𝒜(FGᵀ) − y‖ / ‖y‖} is at most {@code residualTrigger} — an observable criterion.
 *
 * <pre>{@code
 * OneStepFix fix = OneStepFix.whenResidualBelow(1e-2);
 * FactorRun run = FactorGd.asymmetric(problem, init, 0.05, 2000, fix);
 * Factors g = OneStepFix.transform(f, 1.0);          // F P, G P⁻ᵀ
 * }</pre>
 *
 * @param atIteration apply at this iteration (≥ 0), or −1 to use the residual trigger
 * @param residualTrigger relative residual at or below which to apply (used when atIteration is −1)
 * @param scale c, or 0 for {@code sqrt(‖F Gᵀ‖₂)}
 */
public record OneStepFix(int atIteration, double residualTrigger, double scale) {
    public OneStepFix {
        if (atIteration < -1 || (atIteration == -1 && !(residualTrigger > 0)) || scale < 0) {
            throw new IllegalArgumentException("OneStepFix: atIteration=" + atIteration + ", residualTrigger=" + residualTrigger + ", scale=" + scale);
        }
    }

    /** Applies the transformation at iteration {@code t}. */
    public static OneStepFix at(int t) {
        return new OneStepFix(t, 0, 0);
    }

    /** Applies it at the first iteration whose relative residual is at most {@code tau}. */
    public static OneStepFix whenResidualBelow(double tau) {
        return new OneStepFix(-1, tau, 0);
    }

    /** Whether to apply now, at iteration {@code t} with relative residual {@code relResidual}. */
    boolean due(int t, double relResidual) {
        return atIteration >= 0 ? t == atIteration : relResidual <= residualTrigger;
    }

    /** The transformation with this record's scale (0: {@code sqrt(‖FGᵀ‖₂)}). */
    Factors apply(Factors f) {
        double c = scale > 0 ? scale : Math.sqrt(Linalg.svdvals(f.product()).toDoubleArray()[0]);
        return transform(f, c);
    }

    /**
     * {@code (F P, G P⁻ᵀ)} with {@code F = U Σ Vᵀ} and {@code P = c V Σ⁻¹ Vᵀ}: {@code F P = c U Vᵀ} and
     * {@code G P⁻ᵀ = G V Σ Vᵀ / c}. Leaves {@code F Gᵀ} unchanged up to rounding. F must have full column rank.
     */
    public static Factors transform(Factors f, double c) {
        if (!(c > 0)) throw new IllegalArgumentException("OneStepFix.transform: scale must be > 0, got " + c);
        Linalg.Svd svd = Linalg.svd(f.left(), false);     // U [n1,k], S [k], Vh [k,k]
        double[] s = svd.s().toDoubleArray();
        if (!(s[s.length - 1] > 0)) throw new IllegalArgumentException("OneStepFix.transform: F is rank deficient (σ_min = " + s[s.length - 1] + ")");
        Tensor v = svd.vh().mT();
        Tensor left = svd.u().matmul(svd.vh()).mul(c);
        Tensor right = f.right().matmul(v.mul(svd.s())).matmul(svd.vh()).div(c);
        return new Factors(left, right);
    }
}

package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.optim.problems.matrix.FactorObjective;
import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Perturbed gradient descent on a factored objective (P27: Liu, Li, Wei, Zhou, Zhao, "Noisy gradient
 * descent converges to flat minima for nonconvex matrix factorization", AISTATS 2021): noise on the
 * parameters, gradient at the perturbed point, update applied to the unperturbed iterate,
 * <pre>
 *   E_t ~ N(0, σ₁²), D_t ~ N(0, σ₂²) entrywise
 *   X_{t+1} = X_t − η ∇_X f(X_t + E_t, Y_t + D_t),   Y_{t+1} = Y_t − η ∇_Y f(X_t + E_t, Y_t + D_t).
 * </pre>
 * In expectation this descends the smoothed objective {@code E f(X+E, Y+D)}, which for matrix
 * factorization adds {@code ½(nσ₁²‖Y‖² + mσ₂²‖X‖²)} and so selects, among the global minima, the
 * weighted-balanced (flattest, lowest-norm) one with {@code ‖X‖²/‖Y‖² = nσ₁²/(mσ₂²)}. The exact
 * perturbation form is the spec's reconstruction (the paper's claim, not its constants, is verified).
 * With {@code σ₁ = σ₂ = 0} the iterates are exactly those of {@link FactorGd#factored}. The noise of
 * step t comes from the stream {@code (seed, "perturbed-gd", t)}: same seed, same run, bitwise.
 *
 * <pre>{@code
 * MatrixFactorization p = MatrixFactorization.planted(30, 20, new double[] {1, 0.5}, 7);
 * FactorRun run = PerturbedGd.run(p, init, 0.02, 0.1, 0.1, 5000, 1);
 * double ratio = run.factors().balanceRatio();      // → p.balancedRatio(0.1, 0.1)
 * }</pre>
 */
public final class PerturbedGd {
    private PerturbedGd() {}

    /** {@code steps} perturbed GD iterations with step {@code eta} and noise scales σ₁ (left factor), σ₂ (right factor). */
    public static FactorRun run(FactorObjective p, Factors f0, double eta, double sigma1, double sigma2, int steps, long seed) {
        FactorGd.requireSteps(eta, steps);
        if (!(sigma1 >= 0) || !(sigma2 >= 0)) throw new IllegalArgumentException("PerturbedGd: σ must be ≥ 0, got " + sigma1 + ", " + sigma2);
        Rng root = new Rng(seed).split("perturbed-gd");
        FactorGd.Trace trace = new FactorGd.Trace(steps);
        Factors f = f0;
        for (int t = 0; ; t++) {
            trace.record(t, p, f);
            if (t == steps) break;
            Factors g = p.gradient(perturb(f, sigma1, sigma2, root.split(t)));
            f = new Factors(f.left().sub(g.left().mul(eta)), f.right().sub(g.right().mul(eta)));
        }
        return trace.result(f, -1);
    }

    /** {@code (X + E, Y + D)} with the noise of one step drawn from {@code rng}. */
    static Factors perturb(Factors f, double sigma1, double sigma2, Rng rng) {
        Tensor x = f.left(), y = f.right();
        if (sigma1 > 0) x = x.add(rng.split("E").normal(DType.FLOAT64, 0, sigma1, x.shape()));
        if (sigma2 > 0) y = y.add(rng.split("D").normal(DType.FLOAT64, 0, sigma2, y.shape()));
        return new Factors(x, y);
    }
}

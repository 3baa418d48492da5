package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * DiffPrune's deterministic approximate binary gate (P02; Shulman, "DiffPrune: Neural Network
 * Pruning with Deterministic Approximate Binary Gates and L0 Regularization", arXiv:2012.03653).
 *
 * <p><b>Source of the formulas.</b> The paper states (abstract, the only text our search tools
 * hold; no official code was found) that a deterministic, differentiable transformation of a
 * real-valued variable approximates a Bernoulli, that gates multiply parameters element-wise or
 * by group, can be exactly zero, are computed deterministically or stochastically, and that a
 * surrogate of the L0 penalty drives sparsity. The exact transformation is not in the stored
 * material, so this class follows the spec's reconstruction (solvers.md P02, marked
 * [reconstructed]): a noise-free stretched-and-clamped sigmoid,
 *
 * <pre>
 *   z = clamp((ζ − γ)·σ((a + L)/τ) + γ, 0, 1),   γ &lt; 0 &lt; 1 &lt; ζ,   L = 0 (deterministic) or logistic noise
 *   z = 0 exactly  ⇔  a/τ ≤ log(−γ/ζ);   z = 1 exactly  ⇔  a/τ ≥ log((1 − γ)/(ζ − 1))
 *   L0 surrogate per gate: σ(a/τ − log(−γ/ζ))   (a smooth step that is ½ where the gate starts being non-zero)
 * </pre>
 *
 * Defaults γ = −0.1, ζ = 1.1, τ = 2/3 (the spec's values, those of the hard-concrete gate).
 * The gradient is that of the sigmoid inside (0, 1) and 0 where the clamp saturates; the
 * surrogate's gradient is never 0, which is what moves a saturated gate.
 *
 * <pre>{@code
 * GateFunction g = DiffPruneGate.standard();
 * Variable z = g.gate(Variable.parameter(Tensor.of(new double[] {-2, 1, 2})), null);   // [0.0, ~0.88, 1.0]
 * }</pre>
 */
public record DiffPruneGate(double gamma, double zeta, double tau) implements GateFunction {
    public DiffPruneGate {
        if (!(gamma < 0 && zeta > 1 && tau > 0)) {
            throw new IllegalArgumentException("DiffPruneGate: need gamma < 0 < 1 < zeta and tau > 0, got gamma=" + gamma + ", zeta=" + zeta + ", tau=" + tau);
        }
    }

    /** γ = −0.1, ζ = 1.1, τ = 2/3. */
    public static DiffPruneGate standard() {
        return new DiffPruneGate(-0.1, 1.1, 2.0 / 3);
    }

    @Override
    public Variable gate(Variable logits, Tensor noise) {
        Variable a = noise == null ? logits : logits.add(Variable.constant(noise));
        return a.div(tau).sigmoid().mul(zeta - gamma).add(gamma).clamp(0, 1);
    }

    @Override
    public Variable nonZeroProbability(Variable logits) {
        return logits.div(tau).sub(Math.log(-gamma / zeta)).sigmoid();
    }

    /** {@code 2τ}: the gate starts at ≈ 0.96, inside the sigmoid's range so the loss reaches it at once. */
    @Override
    public double initialLogit() {
        return 2 * tau;
    }

    @Override
    public String name() {
        return "diffprune";
    }
}

package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * The hard-concrete L0 gate of Louizos, Welling and Kingma, "Learning Sparse Neural Networks
 * through L0 Regularization" (ICLR 2018, arXiv:1712.01312): the standard baseline for P02.
 * Formulas follow the paper (eqs. 10–13); the code search showed implementations derived from
 * the authors' {@code L0Dense} / {@code L0Mask} layers with the same formulas and constants
 * (limits −0.1 / 1.1, temperature 2/3):
 *
 * <pre>
 *   training (stochastic):  s = σ((log α + L)/β),  L = log u − log(1 − u),  z = clamp(s·(ζ − γ) + γ, 0, 1)
 *   test (deterministic):   z = clamp(σ(log α)·(ζ − γ) + γ, 0, 1)
 *   expected L0 per gate:   P(z ≠ 0) = σ(log α − β·log(−γ/ζ))
 * </pre>
 *
 * The logits are {@code log α}; a fresh gate starts at {@code log α = log(1 − d) − log d} with
 * drop rate d = 0.2 ({@code L0Mask}'s default; {@code L0Dense} defaults to 0.5); the reference
 * code's N(·, 1e-2) jitter is left out so the start is deterministic.
 *
 * <pre>{@code
 * HardConcreteGate hc = HardConcreteGate.standard();
 * Variable logAlpha = Variable.parameter(Tensor.of(new double[] {0.5}));
 * Variable z = hc.gate(logAlpha, GateFunction.logisticNoise(new Rng(1), DType.FLOAT64, 1));
 * Variable l0 = hc.nonZeroProbability(logAlpha);   // = P(z != 0)
 * }</pre>
 */
public record HardConcreteGate(double beta, double gamma, double zeta) implements GateFunction {
    public HardConcreteGate {
        if (!(gamma < 0 && zeta > 1 && beta > 0)) {
            throw new IllegalArgumentException("HardConcreteGate: need gamma < 0 < 1 < zeta and beta > 0, got beta=" + beta + ", gamma=" + gamma + ", zeta=" + zeta);
        }
    }

    /** β = 2/3, γ = −0.1, ζ = 1.1 (the paper's values). */
    public static HardConcreteGate standard() {
        return new HardConcreteGate(2.0 / 3, -0.1, 1.1);
    }

    @Override
    public Variable gate(Variable logits, Tensor noise) {
        Variable s = noise == null ? logits.sigmoid() : logits.add(Variable.constant(noise)).div(beta).sigmoid();
        return s.mul(zeta - gamma).add(gamma).clamp(0, 1);
    }

    @Override
    public Variable nonZeroProbability(Variable logits) {
        return logits.sub(beta * Math.log(-gamma / zeta)).sigmoid();
    }

    @Override
    public double initialLogit() {
        return Math.log(0.8) - Math.log(0.2);
    }

    /** Stochastic in training, as the paper trains it. */
    @Override
    public GateMode defaultMode() {
        return GateMode.STOCHASTIC;
    }

    @Override
    public String name() {
        return "hard-concrete";
    }
}

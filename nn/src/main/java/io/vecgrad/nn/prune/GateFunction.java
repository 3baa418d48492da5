package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * Maps real gate parameters ("logits" {@code a}) to approximately binary gates in [0, 1] that
 * can be exactly 0 or exactly 1, and gives a differentiable surrogate of the L0 count of the
 * non-zero gates. Two implementations: {@link DiffPruneGate} (deterministic approximate binary
 * gate, Shulman 2020) and {@link HardConcreteGate} (Louizos et al. 2018, the standard baseline).
 *
 * <p>Stochastic gates take logistic noise {@code L = log u − log(1 − u)}, u ~ U(0, 1), of the
 * logits' shape ({@link #logisticNoise}); {@code noise == null} gives the deterministic gate.
 *
 * <pre>{@code
 * GateFunction g = DiffPruneGate.standard();
 * Variable a = Variable.parameter(Tensor.of(new double[] {-3, 0, 3}));
 * Variable z = g.gate(a, null);                  // [0.0, 0.5, 1.0]: exact zeros and ones
 * Variable l0 = g.nonZeroProbability(a).sum();   // smooth count of open gates
 * }</pre>
 */
public interface GateFunction {
    /** Gate values in [0, 1] of the logits' shape; {@code noise} (logistic, or null) selects the stochastic gate. */
    Variable gate(Variable logits, Tensor noise);

    /** Per gate, the differentiable surrogate of {@code 1[gate ≠ 0]} (the paper's L0 term before summing). */
    Variable nonZeroProbability(Variable logits);

    /** The initial logit of a fresh gate (the gate starts (almost) open). */
    double initialLogit();

    /** How a layer with this gate computes it in training mode by default (eval mode is always deterministic). */
    default GateMode defaultMode() {
        return GateMode.DETERMINISTIC;
    }

    /** Short name for reports, e.g. {@code diffprune} or {@code hard-concrete}. */
    String name();

    /** The deterministic gate of plain tensors, without recording gradients. */
    default Tensor deterministic(Tensor logits) {
        try (NoGrad scope = NoGrad.enter()) {
            return gate(Variable.constant(logits), null).value();
        }
    }

    /** Logistic noise {@code log u − log(1 − u)} of {@code shape} from {@code rng}, u kept in [1e-6, 1 − 1e-6]. */
    static Tensor logisticNoise(io.vecgrad.tensor.random.Rng rng, io.vecgrad.tensor.DType dtype, int... shape) {
        Tensor u = rng.uniform(io.vecgrad.tensor.DType.FLOAT64, 1e-6, 1 - 1e-6, shape);
        double[] v = u.toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = Math.log(v[i]) - Math.log1p(-v[i]);
        return Tensor.of(v, shape).to(dtype);
    }
}

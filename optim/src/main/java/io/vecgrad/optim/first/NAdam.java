package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.schedule.Schedule;

/**
 * NAdam (Dozat 2016) with PyTorch 1.13 semantics (spec B9), including the momentum-decay
 * schedule ψ:
 *
 * <pre>
 * μ_t = β1·(1 − ½·0.96^(t·ψ));   μ_{t+1} = β1·(1 − ½·0.96^((t+1)·ψ));   Π ← Π·μ_t
 * g ← g + λθ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  d = sqrt(v/(1−β2^t)) + ε
 * θ ← θ − lr·(1−μ_t)/(1−Π)·g/d − lr·μ_{t+1}/(1−Π·μ_t·μ_{t+1})·m/d
 * </pre>
 *
 * Note the second denominator: PyTorch 1.13 computes {@code mu_product * mu * mu_next} after
 * {@code mu_product *= mu}, so μ_t enters twice; this class reproduces that (later PyTorch
 * versions drop the extra factor).
 * The running product Π is kept in double precision (PyTorch 1.13 stores it in a tensor of the
 * default dtype; the golden trajectories set that to float64). Defaults: lr 2e-3, betas
 * (0.9, 0.999), eps 1e-8, ψ = 4e-3. State: {@code m}, {@code v}, scalar {@code mu_product}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByNadam(β1, β2, ε, ψ), scaleByLearningRate(lr))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, new NAdam(Schedule.constant(2e-3), 0.9, 0.999, 1e-8, 0, 4e-3));
 * }</pre>
 */
public final class NAdam extends Chain {
    public NAdam(Schedule lr, double b1, double b2, double eps, double weightDecay, double momentumDecay) {
        super(CoupledChain.of(weightDecay, Blocks.scaleByNadam(b1, b2, eps, momentumDecay), lr));
    }

    /** PyTorch defaults. */
    public static NAdam nadam(double lr) {
        return new NAdam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, 4e-3);
    }
}

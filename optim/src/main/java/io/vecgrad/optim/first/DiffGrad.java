package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.schedule.Schedule;

/**
 * P68 diffGrad (Dubey et al., IEEE TNNLS 2019, arXiv:1909.11015), following the official
 * {@code diffGrad_v2.py}: Adam gated by a per-coordinate friction ξ from the gradient change,
 *
 * <pre>
 * g ← g + λθ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 * ξ = 1/(1 + exp(−|g_prev − g|))          (ξ ∈ [0.5, 1); g_prev starts at 0)
 * g_prev ← g
 * θ ← θ − lr·sqrt(1−β2^t)/(1−β1^t)·ξ·m/(sqrt(v) + ε)
 * </pre>
 *
 * ε sits outside the sqrt of the raw second moment, as in the code (the paper form's ε is
 * {@code ε/sqrt(1−β2^t)}). {@code v1Bug} reproduces the original v1 code, whose aliased
 * {@code previous_grad} made ξ ≡ 0.5 (Adam at half the learning rate), as a regression guard.
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. State: {@code m}, {@code v}, {@code prev}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByDiffGrad(β1, β2, ε, v1Bug), scaleByLearningRate(lr))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, DiffGrad.diffGrad(1e-3));
 * }</pre>
 */
public final class DiffGrad extends Chain {
    public DiffGrad(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean v1Bug) {
        super(CoupledChain.of(weightDecay, Blocks.scaleByDiffGrad(b1, b2, eps, v1Bug), lr));
    }

    public static DiffGrad diffGrad(double lr) {
        return new DiffGrad(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, false);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.schedule.Schedule;

/**
 * Adamax (Kingma and Ba 2015, §7.1) with PyTorch 1.13 semantics (spec B8); note ε is added to
 * |g| inside the max:
 *
 * <pre>
 * g ← g + λθ;  m ← β1·m + (1−β1)·g;  u ← max(β2·u, |g| + ε)
 * θ ← θ − (lr/(1−β1^t))·m/u
 * </pre>
 *
 * Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8. State: {@code m}, {@code u}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByAdamax(β1, β2, ε), scaleByLearningRate(lr))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, Adamax.adamax(2e-3));
 * }</pre>
 */
public final class Adamax extends Chain {
    public Adamax(Schedule lr, double b1, double b2, double eps, double weightDecay) {
        super(CoupledChain.of(weightDecay, Blocks.scaleByAdamax(b1, b2, eps), lr));
    }

    public static Adamax adamax(double lr) {
        return new Adamax(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.schedule.Schedule;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011) with PyTorch 1.13 semantics (spec B4), the base method
 * of P41 AdAdaGrad:
 *
 * <pre>
 * clr = lr/(1 + (t−1)·lr_decay);  g ← g + λθ
 * S ← S + g²            (S_0 = initial_accumulator_value)
 * θ ← θ − clr·g/(sqrt(S) + ε)
 * </pre>
 *
 * Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial accumulator 0, eps 1e-10. State: {@code sum}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByRss(S₀, ε), scaleByLearningRate(lr/(1 + t·lr_decay)))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, AdaGrad.adagrad(1e-2));
 * }</pre>
 */
public final class AdaGrad extends Chain {
    public AdaGrad(Schedule lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        super(CoupledChain.of(weightDecay, Blocks.scaleByRss(initialAccumulator, eps), t -> lr.at(t) / (1 + t * lrDecay)));
    }

    public static AdaGrad adagrad(double lr) {
        return new AdaGrad(Schedule.constant(lr), 0, 0, 0, 1e-10);
    }
}

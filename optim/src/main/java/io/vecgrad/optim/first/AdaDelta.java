package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.schedule.Schedule;

/**
 * AdaDelta (Zeiler 2012) with PyTorch 1.13 semantics (spec B7):
 *
 * <pre>
 * g ← g + λθ;  v ← ρ·v + (1−ρ)·g²
 * Δ = sqrt(u + ε)/sqrt(v + ε)·g;   u ← ρ·u + (1−ρ)·Δ²
 * θ ← θ − lr·Δ
 * </pre>
 *
 * Defaults: lr 1.0, rho 0.9, eps 1e-6. State: {@code square_avg}, {@code acc_delta}.
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByAdaDelta(ρ, ε), scaleByLearningRate(lr))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, AdaDelta.adadelta(1.0));
 * }</pre>
 */
public final class AdaDelta extends Chain {
    public AdaDelta(Schedule lr, double rho, double eps, double weightDecay) {
        super(CoupledChain.of(weightDecay, Blocks.scaleByAdaDelta(rho, eps), lr));
    }

    public static AdaDelta adadelta(double lr) {
        return new AdaDelta(Schedule.constant(lr), 0.9, 1e-6, 0);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop (Hinton, lecture 6e) with PyTorch 1.13 semantics (spec B6); ε is added outside the sqrt:
 *
 * <pre>
 * g ← g + λθ;  v ← α·v + (1−α)·g²;  ṽ = v
 * centered: ḡ ← α·ḡ + (1−α)·g;  ṽ = v − ḡ²
 * μ > 0: b ← μ·b + g/(sqrt(ṽ)+ε);  θ ← θ − lr·b     else  θ ← θ − lr·g/(sqrt(ṽ)+ε)
 * </pre>
 *
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, momentum 0, centered false. State: {@code square_avg},
 * {@code grad_avg}, {@code momentum} (the last two stay zero when unused).
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain([addDecayedWeights(λ)], scaleByRms(α, ε, centered), [trace(μ, 0, false)], scaleByLearningRate(lr))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, new RMSprop(Schedule.constant(1e-2), 0.99, 1e-8, 0, 0.9, true));
 * }</pre>
 */
public final class RMSprop extends Chain {
    public RMSprop(Schedule lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        super(stages(lr, alpha, eps, weightDecay, momentum, centered));
    }

    private static GradientTransformation[] stages(Schedule lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        List<GradientTransformation> s = new ArrayList<>();
        if (weightDecay != 0) s.add(Blocks.addDecayedWeights(weightDecay));
        s.add(Blocks.scaleByRms(alpha, eps, centered));
        if (momentum > 0) s.add(Blocks.trace(Schedule.constant(momentum), 0, false));
        s.add(Blocks.scaleByLearningRate(lr));
        return s.toArray(new GradientTransformation[0]);
    }

    public static RMSprop rmsprop(double lr) {
        return new RMSprop(Schedule.constant(lr), 0.99, 1e-8, 0, 0, false);
    }
}

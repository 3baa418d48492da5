package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum, dampening, Nesterov and coupled weight decay, PyTorch 1.13 semantics
 * (spec B1); plain gradient descent (P10, {@code θ ← θ − lr·∇L(θ)}) is the case μ = λ = 0.
 * As a chain:
 *
 * <pre>
 * chain(addDecayedWeights(λ), trace(μ, τ, nesterov), scaleByLearningRate(lr))
 *   g ← g + λθ;  b ← g (t = 1) else μ·b + (1−τ)·g;  g ← g + μ·b (Nesterov) or b;  θ ← θ − lr·g
 * </pre>
 *
 * Stages with λ = 0 or μ ≡ 0 are left out. Like PyTorch, Nesterov requires μ > 0 and τ = 0
 * (IllegalArgumentException otherwise). The momentum may itself be a schedule (P17 annealing).
 *
 * <pre>{@code
 * Optimizer.of(params, Sgd.sgd(0.1, 0.9, 0, 1e-4, true));
 * }</pre>
 */
public final class Sgd {
    private Sgd() {}

    /** P10 plain gradient descent {@code θ ← θ − lr·g}. */
    public static GradientTransformation gradientDescent(double lr) {
        return sgd(lr, 0, 0, 0, false);
    }

    /** PyTorch {@code SGD(lr, momentum, dampening, weight_decay, nesterov)}. */
    public static GradientTransformation sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return sgd(Schedule.constant(lr), Schedule.constant(momentum), dampening, weightDecay, nesterov, momentum == 0);
    }

    /** PyTorch SGD with a learning-rate schedule and a constant momentum (no buffer when μ = 0). */
    public static GradientTransformation sgd(Schedule lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return sgd(lr, Schedule.constant(momentum), dampening, weightDecay, nesterov, momentum == 0);
    }

    /** SGD with learning-rate and momentum schedules (both evaluated at the 0-based step). */
    public static GradientTransformation sgd(Schedule lr, Schedule momentum, double dampening, double weightDecay, boolean nesterov) {
        return sgd(lr, momentum, dampening, weightDecay, nesterov, false);
    }

    private static Chain sgd(Schedule lr, Schedule momentum, double dampening, double weightDecay, boolean nesterov, boolean noMomentum) {
        List<GradientTransformation> stages = new ArrayList<>();
        if (weightDecay != 0) stages.add(Blocks.addDecayedWeights(weightDecay));
        if (!noMomentum) stages.add(Blocks.trace(momentum, dampening, nesterov));
        stages.add(Blocks.scaleByLearningRate(lr));
        return new Chain(stages);
    }

    /**
     * The composable momentum buffer (Optax {@code trace}, PyTorch buffer semantics): first step
     * {@code b = g}, then {@code b = μb + (1−τ)g}; outputs {@code g + μb} (Nesterov) or {@code b}.
     */
    public static GradientTransformation trace(double momentum, double dampening, boolean nesterov) {
        return Blocks.trace(Schedule.constant(momentum), dampening, nesterov);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.FusedOptimF32;
import io.vecgrad.tensor.kernel.FusedOptimF64;
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
 * Stages with λ = 0 or μ ≡ 0 are left out. The fused path runs the vectorised kernel
 * {@code FusedOptimF64/F32.sgd}, which performs the chain's operations in its order and
 * precision (bitwise equal to the chain, {@code FusedPathsTest}). Like PyTorch, Nesterov requires μ > 0 and τ = 0
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
        return new SgdChain(lr, noMomentum ? null : momentum, dampening, weightDecay, nesterov);
    }

    /** The SGD chain with its vectorised fused step ({@code FusedOptimF64/F32.sgd}), bitwise equal to the chain. */
    private static final class SgdChain extends Chain {
        private final Schedule lr, momentum;
        private final double dampening, weightDecay;
        private final boolean nesterov;

        SgdChain(Schedule lr, Schedule momentum, double dampening, double weightDecay, boolean nesterov) {
            super(stages(lr, momentum, dampening, weightDecay, nesterov));
            this.lr = lr;
            this.momentum = momentum;
            this.dampening = dampening;
            this.weightDecay = weightDecay;
            this.nesterov = nesterov;
        }

        private static List<GradientTransformation> stages(Schedule lr, Schedule momentum, double dampening, double weightDecay, boolean nesterov) {
            List<GradientTransformation> stages = new ArrayList<>();
            if (weightDecay != 0) stages.add(Blocks.addDecayedWeights(weightDecay));
            if (momentum != null) stages.add(Blocks.trace(momentum, dampening, nesterov));
            stages.add(Blocks.scaleByLearningRate(lr));
            return stages;
        }

        @Override
        public State applyInPlace(Params grads, State state, Params params) {
            State last = state.child(state.children().size() - 1);
            long t = last.count() + 1;
            double mu = momentum == null ? 0 : momentum.at(t - 1);
            State traceState = momentum == null ? null : state.child(weightDecay != 0 ? 1 : 0);
            double negLr = -lr.at(t - 1), keep = 1 - dampening;
            for (int i = 0; i < grads.size(); i++) {
                String name = grads.name(i);
                Tensor p = params.get(name);
                Tensor pc = p.isContiguous() ? p : p.contiguous();
                Tensor g = grads.tensor(i).to(pc.dtype()).contiguous();
                Tensor b = mu == 0 ? null : traceState.slot("trace").get(name);
                int n = pc.numel();
                if (pc.dtype() == DType.FLOAT32) {
                    FusedOptimF32.sgd(pc.floatArray(), pc.offset(), g.floatArray(), g.offset(), b == null ? null : b.floatArray(),
                            b == null ? 0 : b.offset(), n, (float) weightDecay, (float) mu, (float) keep, t == 1, nesterov, (float) negLr);
                } else if (pc.dtype() == DType.FLOAT64) {
                    FusedOptimF64.sgd(pc.doubleArray(), pc.offset(), g.doubleArray(), g.offset(), b == null ? null : b.doubleArray(),
                            b == null ? 0 : b.offset(), n, weightDecay, mu, keep, t == 1, nesterov, negLr);
                } else {
                    throw new IllegalArgumentException("Sgd: parameter '" + name + "' must be float32 or float64, got " + pc.dtype());
                }
                if (pc != p) p.copyFrom(pc);
            }
            return Chain.withCounts(state, t);
        }
    }

    /**
     * The composable momentum buffer (Optax {@code trace}, PyTorch buffer semantics): first step
     * {@code b = g}, then {@code b = μb + (1−τ)g}; outputs {@code g + μb} (Nesterov) or {@code b}.
     */
    public static GradientTransformation trace(double momentum, double dampening, boolean nesterov) {
        return Blocks.trace(Schedule.constant(momentum), dampening, nesterov);
    }
}

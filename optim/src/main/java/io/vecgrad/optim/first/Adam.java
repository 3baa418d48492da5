package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.Ema;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.FusedOptimF32;
import io.vecgrad.tensor.kernel.FusedOptimF64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, AdamW and AMSGrad (Kingma and Ba 2015; Loshchilov and Hutter 2019; Reddi et al. 2018)
 * with PyTorch 1.13 semantics (spec B2, B3), as chains:
 *
 * <pre>
 * Adam:   chain(addDecayedWeights(λ), scaleByAdam(β1, β2, ε, amsgrad), scaleByLearningRate(lr))
 * AdamW:  chain(scaleByAdam(β1, β2, ε, amsgrad), addDecayedWeights(λ), scaleByLearningRate(lr))
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  [v_max ← max(v_max, v)]
 *   θ ← θ − lr·(m/(1−β1^t)) / (sqrt(v or v_max)/sqrt(1−β2^t) + ε)   [− lr·λ·θ for AdamW]
 * </pre>
 *
 * AdamW's {@code −lr·λ·θ} equals PyTorch's {@code θ·(1 − lr·λ)} up to rounding. Defaults: lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 0 (AdamW 1e-2). The fused path
 * ({@link #applyInPlace}) runs the vectorised kernel {@code FusedOptimF64/F32.adam}, which
 * performs the chain's operations in the chain's order and precision: bitwise equal to the
 * chain in float32 and float64 ({@code FusedPathsTest}).
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.of(params, Adam.adam(1e-3));
 * Optimizer optW = Optimizer.of(params, Adam.adamW(1e-3, 0.9, 0.999, 1e-8, 1e-2));
 * }</pre>
 */
public final class Adam extends Chain {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay;
    private final boolean decoupled, amsgrad;
    private final int adamStage;

    private Adam(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean decoupled, boolean amsgrad) {
        super(stages(lr, b1, b2, eps, weightDecay, decoupled, amsgrad));
        if (!(eps >= 0 && weightDecay >= 0)) throw new IllegalArgumentException("Adam: eps and weight decay must be >= 0, got " + eps + ", " + weightDecay);
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
        this.adamStage = !decoupled && weightDecay != 0 ? 1 : 0;
    }

    private static GradientTransformation[] stages(Schedule lr, double b1, double b2, double eps, double wd, boolean decoupled, boolean amsgrad) {
        List<GradientTransformation> s = new ArrayList<>();
        if (!decoupled && wd != 0) s.add(Blocks.addDecayedWeights(wd));
        s.add(Blocks.scaleByAdam(b1, b2, eps, amsgrad));
        if (decoupled && wd != 0) s.add(Blocks.addDecayedWeights(wd));
        s.add(Blocks.scaleByLearningRate(lr));
        return s.toArray(new GradientTransformation[0]);
    }

    /** Adam with PyTorch defaults. */
    public static Adam adam(double lr) {
        return adam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam with coupled L2 weight decay; {@code amsgrad} keeps the running maximum of v. */
    public static Adam adam(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean amsgrad) {
        return new Adam(lr, b1, b2, eps, weightDecay, false, amsgrad);
    }

    /** AMSGrad with PyTorch defaults. */
    public static Adam amsgrad(double lr) {
        return adam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, true);
    }

    /** AdamW: decoupled decay {@code θ ← θ − lr·λ·θ} alongside the Adam step. */
    public static Adam adamW(double lr, double b1, double b2, double eps, double weightDecay) {
        return adamW(Schedule.constant(lr), b1, b2, eps, weightDecay, false);
    }

    /** AdamW with a learning-rate schedule and optional AMSGrad. */
    public static Adam adamW(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean amsgrad) {
        return new Adam(lr, b1, b2, eps, weightDecay, true, amsgrad);
    }

    /**
     * The composable Adam direction {@code m̂/(sqrt(v̂) + ε)} (Optax {@code scale_by_adam});
     * follow it with a learning rate. Same as {@link Blocks#scaleByAdam}.
     */
    public static GradientTransformation scaleByAdam(double b1, double b2, double eps, boolean amsgrad) {
        return Blocks.scaleByAdam(b1, b2, eps, amsgrad);
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new LinkedHashMap<>(super.hyperParams(state));
        m.put("weight_decay", weightDecay);
        return m;
    }

    /** The chain's step through the vectorised kernel, one pass per parameter. */
    @Override
    public State applyInPlace(Params grads, State state, Params params) {
        State a = state.child(adamStage);
        long t = a.count() + 1;
        double r1 = 1 / Ema.correction(b1, t);
        double inv2 = 1 / Math.sqrt(Ema.correction(b2, t));
        double negLr = -lr.at(t - 1);
        double l2 = decoupled ? 0 : weightDecay, dec = decoupled ? weightDecay : 0;
        for (int i = 0; i < grads.size(); i++) {
            String name = grads.name(i);
            Tensor p = params.get(name);
            Tensor pc = p.isContiguous() ? p : p.contiguous();
            Tensor g = grads.tensor(i).to(pc.dtype()).contiguous();
            Tensor m = a.slot("m").get(name), v = a.slot("v").get(name);
            Tensor x = amsgrad ? a.slot("v_max").get(name) : null;
            int n = pc.numel();
            if (pc.dtype() == DType.FLOAT32) {
                FusedOptimF32.adam(pc.floatArray(), pc.offset(), g.floatArray(), g.offset(), m.floatArray(), m.offset(),
                        v.floatArray(), v.offset(), x == null ? null : x.floatArray(), x == null ? 0 : x.offset(), n,
                        (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2), (float) r1, (float) inv2, (float) eps, (float) l2, (float) dec, (float) negLr);
            } else if (pc.dtype() == DType.FLOAT64) {
                FusedOptimF64.adam(pc.doubleArray(), pc.offset(), g.doubleArray(), g.offset(), m.doubleArray(), m.offset(),
                        v.doubleArray(), v.offset(), x == null ? null : x.doubleArray(), x == null ? 0 : x.offset(), n,
                        b1, 1 - b1, b2, 1 - b2, r1, inv2, eps, l2, dec, negLr);
            } else {
                throw new IllegalArgumentException("Adam: parameter '" + name + "' must be float32 or float64, got " + pc.dtype());
            }
            if (pc != p) p.copyFrom(pc);
        }
        return Chain.withCounts(state, t);
    }
}

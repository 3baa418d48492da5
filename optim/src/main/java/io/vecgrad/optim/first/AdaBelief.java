package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P56 AdaBelief (Zhuang et al., NeurIPS 2020, arXiv:2010.07468), following the official
 * {@code adabelief_pytorch} 0.2.1 implementation:
 *
 * <pre>
 * 1. decoupled: θ ← θ·(1 − lr·λ)  (fixed_decay: θ·(1 − λ));   else g ← g + λθ
 * 2. m ← β1·m + (1−β1)·g
 * 3. s ← β2·s + (1−β2)·(g − m)² + ε          (ε added into the state, using the new m)
 * 4. d = sqrt(s or s_max)/sqrt(1−β2^t) + ε     (AMSGrad: s_max ← max(s_max, s))
 * 5. θ ← θ − (lr/(1−β1^t))·m/d
 * rectify (RAdam style): ρ∞ = 2/(1−β2) − 1, ρ_t = ρ∞ − 2tβ2^t/(1−β2^t);
 *    ρ_t ≥ 5: θ ← θ − lr·k_t·m/(sqrt(s) + ε),  k_t = sqrt((1−β2^t)(ρ_t−4)/(ρ∞−4)(ρ_t−2)/ρ_t·ρ∞/(ρ∞−2))/(1−β1^t)
 *    else if degenerated_to_sgd: θ ← θ − lr·m/(1−β1^t);   else no update
 * </pre>
 *
 * As a chain: {@code chain([addDecayedWeights(λ)], scaleByBelief, [addDecayedWeights(λ)],
 * scaleByLearningRate(lr), [addDecayedWeights(−λ)])} with the decay before the belief block when
 * coupled, before the learning rate when decoupled and after it with {@code fixed_decay}.
 * As in the official code, the rectified path ignores the AMSGrad maximum. Defaults (package
 * 0.2.x): lr 1e-3, betas (0.9, 0.999), eps 1e-16, weight decay 0, amsgrad false, decoupled true,
 * fixed decay false, rectify true, degenerated_to_sgd true. The decoupled decay is returned as
 * part of the update ({@code −lr·λ·θ}), so {@code θ + u} equals the official two-step result up
 * to rounding. State: {@code m}, {@code s} (+ {@code s_max}).
 *
 * <pre>{@code
 * Optimizer.of(params, AdaBelief.builder().lr(1e-3).rectify(false).eps(1e-8).build());
 * }</pre>
 */
public final class AdaBelief extends Chain {
    private final double weightDecay;

    private AdaBelief(Builder b) {
        super(stages(b));
        this.weightDecay = b.weightDecay;
    }

    private static GradientTransformation[] stages(Builder b) {
        List<GradientTransformation> s = new ArrayList<>();
        boolean decay = b.weightDecay != 0;
        if (decay && !b.decoupled) s.add(Blocks.addDecayedWeights(b.weightDecay));
        s.add(Blocks.scaleByBelief(b.b1, b.b2, b.eps, b.amsgrad, b.rectify, b.degeneratedToSgd));
        if (decay && b.decoupled && !b.fixedDecay) s.add(Blocks.addDecayedWeights(b.weightDecay));
        s.add(Blocks.scaleByLearningRate(b.lr));
        if (decay && b.decoupled && b.fixedDecay) s.add(Blocks.addDecayedWeights(-b.weightDecay));
        return s.toArray(new GradientTransformation[0]);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options with the official 0.2.x defaults. */
    public static final class Builder {
        private Schedule lr = Schedule.constant(1e-3);
        private double b1 = 0.9, b2 = 0.999, eps = 1e-16, weightDecay = 0;
        private boolean amsgrad, decoupled = true, fixedDecay, rectify = true, degeneratedToSgd = true;

        public Builder lr(double v) { lr = Schedule.constant(v); return this; }
        public Builder lr(Schedule v) { lr = v; return this; }
        public Builder betas(double v1, double v2) { b1 = v1; b2 = v2; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder amsgrad(boolean v) { amsgrad = v; return this; }
        public Builder decoupled(boolean v) { decoupled = v; return this; }
        public Builder fixedDecay(boolean v) { fixedDecay = v; return this; }
        public Builder rectify(boolean v) { rectify = v; return this; }
        public Builder degeneratedToSgd(boolean v) { degeneratedToSgd = v; return this; }
        public AdaBelief build() { return new AdaBelief(this); }
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new LinkedHashMap<>(super.hyperParams(state));
        m.put("weight_decay", weightDecay);
        return m;
    }
}

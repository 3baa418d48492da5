package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
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
public final class AdaBelief extends LeafTransform {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay;
    private final boolean amsgrad, decoupled, fixedDecay, rectify, degeneratedToSgd;

    private AdaBelief(Builder b) {
        super(b.amsgrad ? new String[] {"m", "s", "s_max"} : new String[] {"m", "s"});
        this.lr = b.lr;
        this.b1 = b.b1;
        this.b2 = b.b2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.amsgrad = b.amsgrad;
        this.decoupled = b.decoupled;
        this.fixedDecay = b.fixedDecay;
        this.rectify = b.rectify;
        this.degeneratedToSgd = b.degeneratedToSgd;
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
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] st, Step step) {
        long t = step.t();
        double lrT = lr.at(t - 1);
        Tensor decay = null;
        if (decoupled) {
            if (weightDecay != 0) decay = p.mul(-(fixedDecay ? weightDecay : lrT * weightDecay));
        } else if (weightDecay != 0) {
            g = g.add(p.mul(weightDecay));
        }
        double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
        Tensor m = st[0].mul(b1).add(g.mul(1 - b1));
        Tensor res = g.sub(m);
        Tensor s = st[1].mul(b2).add(res.mul(1 - b2).mul(res)).add(eps);
        Tensor sMax = amsgrad ? st[2].maximum(s) : null;
        Tensor u;
        if (!rectify) {
            Tensor denom = (amsgrad ? sMax : s).sqrt().div(Math.sqrt(bc2)).add(eps);
            u = m.mul(-lrT / bc1).div(denom);
        } else {
            double b2t = Math.pow(b2, t);
            double rhoInf = 2 / (1 - b2) - 1;
            double rho = rhoInf - 2 * t * b2t / (1 - b2t);
            if (rho >= 5) {
                double k = Math.sqrt((1 - b2t) * (rho - 4) / (rhoInf - 4) * (rho - 2) / rho * rhoInf / (rhoInf - 2)) / bc1;
                u = m.mul(-k * lrT).div(s.sqrt().add(eps));
            } else if (degeneratedToSgd) {
                u = m.mul(-lrT / bc1);
            } else {
                u = Tensor.zeros(g.dtype(), g.shape());
            }
        }
        if (decay != null) u = decay.add(u);
        return amsgrad ? new Tensor[] {u, m, s, sMax} : new Tensor[] {u, m, s};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "beta1", b1, "beta2", b2, "eps", eps, "weight_decay", weightDecay);
    }
}

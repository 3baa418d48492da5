package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

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
 * <pre>{@code
 * Optimizer.of(params, Adamax.adamax(2e-3));
 * }</pre>
 */
public final class Adamax extends LeafTransform {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay;

    public Adamax(Schedule lr, double b1, double b2, double eps, double weightDecay) {
        super("m", "u");
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public static Adamax adamax(double lr) {
        return new Adamax(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        Tensor m = s[0].mul(b1).add(g.mul(1 - b1));
        Tensor u = s[1].mul(b2).maximum(g.abs().add(eps));
        double clr = lr.at(step.t() - 1) / (1 - Math.pow(b1, step.t()));
        return new Tensor[] {m.mul(-clr).div(u), m, u};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "beta1", b1, "beta2", b2);
    }
}

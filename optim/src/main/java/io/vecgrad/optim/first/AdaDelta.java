package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

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
 * <pre>{@code
 * Optimizer.of(params, AdaDelta.adadelta(1.0));
 * }</pre>
 */
public final class AdaDelta extends LeafTransform {
    private final Schedule lr;
    private final double rho, eps, weightDecay;

    public AdaDelta(Schedule lr, double rho, double eps, double weightDecay) {
        super("square_avg", "acc_delta");
        this.lr = lr;
        this.rho = rho;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public static AdaDelta adadelta(double lr) {
        return new AdaDelta(Schedule.constant(lr), 0.9, 1e-6, 0);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        Tensor sq = s[0].mul(rho).add(g.mul(1 - rho).mul(g));
        Tensor std = sq.add(eps).sqrt();
        Tensor delta = s[1].add(eps).sqrt().div(std).mul(g);
        Tensor acc = s[1].mul(rho).add(delta.mul(1 - rho).mul(delta));
        return new Tensor[] {delta.mul(-lr.at(step.t() - 1)), sq, acc};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "rho", rho, "eps", eps);
    }
}

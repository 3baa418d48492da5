package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

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
 * <pre>{@code
 * Optimizer.of(params, AdaGrad.adagrad(1e-2));
 * }</pre>
 */
public final class AdaGrad extends LeafTransform {
    private final Schedule lr;
    private final double lrDecay, weightDecay, initialAccumulator, eps;

    public AdaGrad(Schedule lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        super("sum");
        this.lr = lr;
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulator = initialAccumulator;
        this.eps = eps;
    }

    public static AdaGrad adagrad(double lr) {
        return new AdaGrad(Schedule.constant(lr), 0, 0, 0, 1e-10);
    }

    @Override
    protected Tensor initSlot(String slot, Tensor p) {
        return Tensor.full(p.dtype(), initialAccumulator, p.shape());
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        double clr = lr.at(step.t() - 1) / (1 + (step.t() - 1) * lrDecay);
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        Tensor sum = s[0].add(g.mul(g));
        return new Tensor[] {g.mul(-clr).div(sum.sqrt().add(eps)), sum};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        long t = state.count();
        return Map.of("lr", lr.at(t) / (1 + t * lrDecay), "lr_decay", lrDecay, "weight_decay", weightDecay);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * P68 diffGrad (Dubey et al., IEEE TNNLS 2019, arXiv:1909.11015), following the official
 * {@code diffGrad_v2.py}: Adam gated by a per-coordinate friction ξ from the gradient change,
 *
 * <pre>
 * g ← g + λθ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 * ξ = 1/(1 + exp(−|g_prev − g|))          (ξ ∈ [0.5, 1); g_prev starts at 0)
 * g_prev ← g
 * θ ← θ − lr·sqrt(1−β2^t)/(1−β1^t)·ξ·m/(sqrt(v) + ε)
 * </pre>
 *
 * ε sits outside the sqrt of the raw second moment, as in the code (the paper form's ε is
 * {@code ε/sqrt(1−β2^t)}). {@code v1Bug} reproduces the original v1 code, whose aliased
 * {@code previous_grad} made ξ ≡ 0.5 (Adam at half the learning rate), as a regression guard.
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. State: {@code m}, {@code v}, {@code prev}.
 *
 * <pre>{@code
 * Optimizer.of(params, DiffGrad.diffGrad(1e-3));
 * }</pre>
 */
public final class DiffGrad extends LeafTransform {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay;
    private final boolean v1Bug;

    public DiffGrad(Schedule lr, double b1, double b2, double eps, double weightDecay, boolean v1Bug) {
        super("m", "v", "prev");
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.v1Bug = v1Bug;
    }

    public static DiffGrad diffGrad(double lr) {
        return new DiffGrad(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, false);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        long t = step.t();
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        Tensor m = s[0].mul(b1).add(g.mul(1 - b1));
        Tensor v = s[1].mul(b2).add(g.mul(1 - b2).mul(g));
        Tensor denom = v.sqrt().add(eps);
        Tensor diff = v1Bug ? Tensor.zeros(g.dtype(), g.shape()) : s[2].sub(g).abs();
        Tensor xi = diff.neg().exp().add(1).reciprocal();
        double stepSize = lr.at(t - 1) * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        Tensor u = m.mul(xi).mul(-stepSize).div(denom);
        return new Tensor[] {u, m, v, g};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "beta1", b1, "beta2", b2, "eps", eps);
    }
}

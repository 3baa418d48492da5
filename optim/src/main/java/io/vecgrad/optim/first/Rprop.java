package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * Rprop in the iRprop⁻ form of PyTorch 1.13 (Riedmiller and Braun 1993; Igel and Hüsken 2000),
 * the method of P21 (Ampelakiotis et al. 2021). Per coordinate, with g_prev = 0 and η_i = lr
 * initially:
 *
 * <pre>
 * if g_prev·g &gt; 0:  η_i ← min(η_i·η+, Γmax)
 * elif g_prev·g &lt; 0: η_i ← max(η_i·η−, Γmin);  g ← 0     (no move; forget the sign)
 * θ ← θ − η_i·sign(g);   g_prev ← g
 * </pre>
 *
 * Defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50). State: {@code prev}, {@code step_size}.
 *
 * <pre>{@code
 * Optimizer.of(params, Rprop.rprop(1e-2));
 * }</pre>
 */
public final class Rprop extends LeafTransform {
    private final double lr, etaMinus, etaPlus, stepMin, stepMax;

    public Rprop(double lr, double etaMinus, double etaPlus, double stepMin, double stepMax) {
        super("prev", "step_size");
        if (!(0 < etaMinus && etaMinus < 1 && etaPlus > 1)) {
            throw new IllegalArgumentException("Rprop: need 0 < etaminus < 1 < etaplus, got " + etaMinus + ", " + etaPlus);
        }
        this.lr = lr;
        this.etaMinus = etaMinus;
        this.etaPlus = etaPlus;
        this.stepMin = stepMin;
        this.stepMax = stepMax;
    }

    public static Rprop rprop(double lr) {
        return new Rprop(lr, 0.5, 1.2, 1e-6, 50);
    }

    @Override
    protected Tensor initSlot(String slot, Tensor p) {
        return slot.equals("step_size") ? Tensor.full(p.dtype(), lr, p.shape()) : Tensor.zeros(p.dtype(), p.shape());
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        Tensor sign = g.mul(s[0]).sign();
        Tensor pos = sign.gt(0), neg = sign.lt(0);
        Tensor factor = Tensor.where(pos, Tensor.scalar(g.dtype(), etaPlus),
                Tensor.where(neg, Tensor.scalar(g.dtype(), etaMinus), Tensor.scalar(g.dtype(), 1)));
        Tensor stepSize = s[1].mul(factor).clamp(stepMin, stepMax);
        Tensor gz = Tensor.where(neg, Tensor.scalar(g.dtype(), 0), g);
        return new Tensor[] {gz.sign().mul(-1).mul(stepSize), gz, stepSize};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr, "etaminus", etaMinus, "etaplus", etaPlus);
    }
}

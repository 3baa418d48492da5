package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * RMSprop (Hinton, lecture 6e) with PyTorch 1.13 semantics (spec B6); ε is added outside the sqrt:
 *
 * <pre>
 * g ← g + λθ;  v ← α·v + (1−α)·g²;  ṽ = v
 * centered: ḡ ← α·ḡ + (1−α)·g;  ṽ = v − ḡ²
 * μ > 0: b ← μ·b + g/(sqrt(ṽ)+ε);  θ ← θ − lr·b     else  θ ← θ − lr·g/(sqrt(ṽ)+ε)
 * </pre>
 *
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, momentum 0, centered false. State: {@code square_avg},
 * {@code grad_avg}, {@code momentum} (the last two stay zero when unused).
 *
 * <pre>{@code
 * Optimizer.of(params, new RMSprop(Schedule.constant(1e-2), 0.99, 1e-8, 0, 0.9, true));
 * }</pre>
 */
public final class RMSprop extends LeafTransform {
    private final Schedule lr;
    private final double alpha, eps, weightDecay, momentum;
    private final boolean centered;

    public RMSprop(Schedule lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        super("square_avg", "grad_avg", "momentum");
        this.lr = lr;
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    public static RMSprop rmsprop(double lr) {
        return new RMSprop(Schedule.constant(lr), 0.99, 1e-8, 0, 0, false);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        double lrT = lr.at(step.t() - 1);
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        Tensor sq = s[0].mul(alpha).add(g.mul(1 - alpha).mul(g));
        Tensor ga = s[1];
        Tensor avg;
        if (centered) {
            ga = ga.mul(alpha).add(g.mul(1 - alpha));
            avg = sq.add(ga.mul(-1).mul(ga)).sqrt();
        } else {
            avg = sq.sqrt();
        }
        avg = avg.add(eps);
        Tensor buf = s[2];
        Tensor u;
        if (momentum > 0) {
            buf = buf.mul(momentum).add(g.div(avg));
            u = buf.mul(-lrT);
        } else {
            u = g.mul(-lrT).div(avg);
        }
        return new Tensor[] {u, sq, ga, buf};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "alpha", alpha, "momentum", momentum);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * NAdam (Dozat 2016) with PyTorch 1.13 semantics (spec B9), including the momentum-decay
 * schedule ψ:
 *
 * <pre>
 * μ_t = β1·(1 − ½·0.96^(t·ψ));   μ_{t+1} = β1·(1 − ½·0.96^((t+1)·ψ));   Π ← Π·μ_t
 * g ← g + λθ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  d = sqrt(v/(1−β2^t)) + ε
 * θ ← θ − lr·(1−μ_t)/(1−Π)·g/d − lr·μ_{t+1}/(1−Π·μ_t·μ_{t+1})·m/d
 * </pre>
 *
 * Note the second denominator: PyTorch 1.13 computes {@code mu_product * mu * mu_next} after
 * {@code mu_product *= mu}, so μ_t enters twice; this class reproduces that (later PyTorch
 * versions drop the extra factor).
 * The running product Π is kept in double precision (PyTorch 1.13 stores it in a tensor of the
 * default dtype; the golden trajectories set that to float64). Defaults: lr 2e-3, betas
 * (0.9, 0.999), eps 1e-8, ψ = 4e-3. State: {@code m}, {@code v}, scalar {@code mu_product}.
 *
 * <pre>{@code
 * Optimizer.of(params, new NAdam(Schedule.constant(2e-3), 0.9, 0.999, 1e-8, 0, 4e-3));
 * }</pre>
 */
public final class NAdam extends LeafTransform {
    private final Schedule lr;
    private final double b1, b2, eps, weightDecay, momentumDecay;

    public NAdam(Schedule lr, double b1, double b2, double eps, double weightDecay, double momentumDecay) {
        super("m", "v");
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentumDecay = momentumDecay;
    }

    /** PyTorch defaults. */
    public static NAdam nadam(double lr) {
        return new NAdam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    private double mu(long t) {
        return b1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    @Override
    protected Map<String, Double> initScalars() {
        return Map.of("mu_product", 1.0);
    }

    @Override
    protected Map<String, Double> stepScalars(State previous, long t) {
        return Map.of("mu_product", previous.scalar("mu_product") * mu(t));
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        long t = step.t();
        double lrT = lr.at(t - 1);
        double bc2 = 1 - Math.pow(b2, t);
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));
        double mu = mu(t), muNext = mu(t + 1);
        double prod = step.get("mu_product");
        // PyTorch 1.13 multiplies by μ_t a second time here (mu_product * mu * mu_next); we match it.
        double prodNext = prod * mu * muNext;
        Tensor m = s[0].mul(b1).add(g.mul(1 - b1));
        Tensor v = s[1].mul(b2).add(g.mul(1 - b2).mul(g));
        Tensor denom = v.div(bc2).sqrt().add(eps);
        Tensor u = g.mul(-lrT * (1. - mu) / (1. - prod)).div(denom)
                .add(m.mul(-lrT * muNext / (1. - prodNext)).div(denom));
        return new Tensor[] {u, m, v};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", lr.at(state.count()), "beta1", b1, "beta2", b2, "momentum_decay", momentumDecay);
    }
}

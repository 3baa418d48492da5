package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * P11 MaSS (Liu and Belkin, "Accelerating SGD with momentum for over-parameterized learning",
 * ICLR 2020): Nesterov SGD plus a compensation term. Paper form, gradients at u:
 * {@code w_{t+1} = u_t − η1·g_t;  u_{t+1} = (1+γ)·w_{t+1} − γ·w_t + η2·g_t}. The parameters are
 * u; this class uses the equivalent closed buffer form
 *
 * <pre>
 * c_g = (1+γ)·η1 − η2;   c_b = γ·(γ·η1 − η2)
 * u_t = −s(t)·(c_g·g_t + c_b·b_{t−1});   b_t = γ·b_{t−1} + g_t      (b_{−1} = 0)
 * </pre>
 *
 * where a schedule s(t) multiplies η1 and η2 together. {@link #fromAuthors} maps the authors'
 * three-variable hyper-parameters (η, α, κ̃; code defaults 0.1, 0.05, 12) by
 * {@code η1 = η, γ = (1−α)/(1+α), η2 = (η − αδ)/(1+α), δ = η/(ακ̃)}. With η2 = 0 this is PyTorch
 * SGD(momentum = γ, nesterov = true). State: {@code b}.
 *
 * <p>The mini-batch theory constants that choose (η1, α, κ̃) for batch size m,
 * {@code L1(m) = L1/m + (m−1)/m·L}, {@code κ_m = L1(m)/μ}, {@code κ̃_m = κ̃/m + (m−1)/m}, are
 * [reconstructed] in the spec (first-order.md § P11); the update rule itself is not.
 *
 * <pre>{@code
 * Optimizer.of(params, Mass.fromAuthors(0.1, 0.05, 12));
 * }</pre>
 */
public final class Mass extends LeafTransform {
    private final double eta1, eta2, gamma;
    private final Schedule scale;

    public Mass(double eta1, double eta2, double gamma, Schedule scale) {
        super("b");
        this.eta1 = eta1;
        this.eta2 = eta2;
        this.gamma = gamma;
        this.scale = scale;
    }

    public static Mass of(double eta1, double eta2, double gamma) {
        return new Mass(eta1, eta2, gamma, Schedule.constant(1));
    }

    /** From the authors' (η, α, κ̃) parametrisation. */
    public static Mass fromAuthors(double eta, double alpha, double kappaTilde) {
        double delta = eta / (alpha * kappaTilde);
        return of(eta, (eta - alpha * delta) / (1 + alpha), (1 - alpha) / (1 + alpha));
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        double c = scale.at(step.t() - 1);
        double cg = ((1 + gamma) * eta1 - eta2) * c;
        double cb = gamma * (gamma * eta1 - eta2) * c;
        Tensor u = g.mul(-cg).sub(s[0].mul(cb));
        Tensor b = s[0].mul(gamma).add(g);
        return new Tensor[] {u, b};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        double c = scale.at(state.count());
        return Map.of("lr", eta1 * c, "eta2", eta2 * c, "gamma", gamma);
    }
}

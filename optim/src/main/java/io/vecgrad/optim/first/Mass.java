package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
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
 * [reconstructed] constants are computed by no method here: it takes (η1, η2, γ) or the
 * authors' (η, α, κ̃) as given.
 *
 * <p>As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(scaleByMass(η2/η1, γ), scaleByLearningRate(η1·s(t)))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, Mass.fromAuthors(0.1, 0.05, 12));
 * }</pre>
 */
public final class Mass extends Chain {
    public Mass(double eta1, double eta2, double gamma, Schedule scale) {
        super(scaleByMass(eta2 / eta1, gamma), Blocks.scaleByLearningRate(t -> eta1 * scale.at(t)));
    }

    public static Mass of(double eta1, double eta2, double gamma) {
        return new Mass(eta1, eta2, gamma, Schedule.constant(1));
    }

    /** From the authors' (η, α, κ̃) parametrisation. */
    public static Mass fromAuthors(double eta, double alpha, double kappaTilde) {
        return fromAuthors(eta, alpha, kappaTilde, Schedule.constant(1));
    }

    /** From the authors' parametrisation, with η1 and η2 both multiplied by {@code scale(t)}. */
    public static Mass fromAuthors(double eta, double alpha, double kappaTilde, Schedule scale) {
        double delta = eta / (alpha * kappaTilde);
        return new Mass(eta, (eta - alpha * delta) / (1 + alpha), (1 - alpha) / (1 + alpha), scale);
    }

    /**
     * The MaSS direction per unit η1: {@code (1+γ−ρ)·g + γ(γ−ρ)·b}, {@code b ← γ·b + g},
     * with ρ = η2/η1; reports {@code eta2_ratio} and {@code gamma}.
     */
    public static ElementwiseTransform scaleByMass(double ratio, double gamma) {
        double cg = (1 + gamma) - ratio, cb = gamma * (gamma - ratio);
        return new ElementwiseTransform("b") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double b = s[0].get(i);
                    s[0].set(i, b * gamma + g);
                    return g * cg + b * cb;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("eta2_ratio", ratio, "gamma", gamma);
            }
        };
    }
}

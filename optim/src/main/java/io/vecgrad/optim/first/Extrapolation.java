package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import java.util.Map;

/**
 * P22 gradient descent with extrapolation, "extrapolation from the past" variant (Xu, Yuan,
 * Yang, Jin and Yang, IJCAI 2019, arXiv:1901.10682): {@code y_t = x_t − γ·g_{t−1};
 * g_t = ∇f(y_t); x_{t+1} = x_t − η·g_t}, one gradient per step. Which variant the paper analyses
 * is marked [reconstructed] in the spec; this class implements the past-gradient form as a pure
 * transformation with the model parameters equal to y:
 *
 * <pre>
 * u_t = −(η + γ)·g_t + γ·g_{t−1}          (g_{−1} = 0)
 * </pre>
 *
 * γ = 0 is SGD; γ = η is optimistic GD. State: {@code prev} (the previous gradient).
 *
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(extrapolateFromPast(γ/η), scaleByLearningRate(η))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, Extrapolation.of(0.05, 0.05));
 * }</pre>
 */
public final class Extrapolation extends Chain {
    public Extrapolation(double eta, double gamma) {
        this(Schedule.constant(eta), gamma / eta);
    }

    private Extrapolation(Schedule eta, double ratio) {
        super(extrapolateFromPast(ratio), Blocks.scaleByLearningRate(eta));
    }

    public static Extrapolation of(double eta, double gamma) {
        return new Extrapolation(eta, gamma);
    }

    /** With a rate schedule η(t) and a fixed ratio γ/η. */
    public static Extrapolation of(Schedule eta, double gammaOverEta) {
        return new Extrapolation(eta, gammaOverEta);
    }

    /** {@code (1+ρ)·g_t − ρ·g_{t−1}} with ρ = γ/η (g_{−1} = 0); reports {@code extrapolation_ratio}. */
    public static ElementwiseTransform extrapolateFromPast(double ratio) {
        return new ElementwiseTransform("prev") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double prev = s[0].get(i);
                    s[0].set(i, g);
                    return g * (1 + ratio) - prev * ratio;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("extrapolation_ratio", ratio);
            }
        };
    }
}

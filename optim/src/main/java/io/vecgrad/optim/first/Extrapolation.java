package io.vecgrad.optim.first;

import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.tensor.Tensor;
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
 * <pre>{@code
 * Optimizer.of(params, Extrapolation.of(0.05, 0.05));
 * }</pre>
 */
public final class Extrapolation extends LeafTransform {
    private final double eta, gamma;

    public Extrapolation(double eta, double gamma) {
        super("prev");
        this.eta = eta;
        this.gamma = gamma;
    }

    public static Extrapolation of(double eta, double gamma) {
        return new Extrapolation(eta, gamma);
    }

    @Override
    protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
        return new Tensor[] {g.mul(-(eta + gamma)).add(s[0].mul(gamma)), g};
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", eta, "extrapolation", gamma);
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import java.util.Map;

/**
 * AdaGrad-Norm (Ward, Wu and Bottou 2019; spec B5), the base method of P41 AdAdaGradNorm: one
 * scalar step size over all parameters,
 *
 * <pre>
 * b² ← b² + ‖g‖²   (global norm, b_0 &gt; 0);   θ ← θ − (η/b)·g
 * </pre>
 *
 * Not in PyTorch. The P41 repository's variant keeps one accumulator per output row; this class
 * implements the global form of the paper. State: scalar {@code b2}.
 *
 * <pre>{@code
 * Optimizer.of(params, AdaGradNorm.of(1.0, 1e-2));
 * }</pre>
 */
public final class AdaGradNorm implements GradientTransformation {
    private final double eta, b0;

    private AdaGradNorm(double eta, double b0) {
        if (!(b0 > 0)) throw new IllegalArgumentException("AdaGradNorm: b0 must be > 0, got " + b0);
        this.eta = eta;
        this.b0 = b0;
    }

    public static AdaGradNorm of(double eta, double b0) {
        return new AdaGradNorm(eta, b0);
    }

    @Override
    public State init(Params params) {
        return State.EMPTY.withCount(0).withScalar("b2", b0 * b0);
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        double n = grads.globalNorm();
        double b2 = state.scalar("b2") + n * n;
        double c = -eta / Math.sqrt(b2);
        return new Update(grads.map(g -> g.mul(c)), state.withScalar("b2", b2).withCount(state.count() + 1));
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", eta / Math.sqrt(state.scalar("b2")));
    }
}

package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * P06 SSGD, the unit-vector gradient step (Duan, Li, Gao, Wang and Zhong, "SSGD: A safe and
 * efficient method of gradient descent", 2021, arXiv:2012.02076): only the gradient's direction
 * is used, so each step has length m:
 *
 * <pre>
 * global:     θ ← θ − m·g/‖g‖₂                  (g = 0: no update)
 * per tensor: θ_k ← θ_k − m·g_k/‖g_k‖₂
 * </pre>
 *
 * Reading m as the step length comes from the paper's results table ([reconstructed] in the
 * spec). State: the step counter for the m(t) schedule.
 *
 * <pre>{@code
 * Optimizer.of(params, Ssgd.global(4.0));
 * }</pre>
 */
public final class Ssgd implements GradientTransformation {
    private final Schedule m;
    private final boolean perTensor;

    private Ssgd(Schedule m, boolean perTensor) {
        this.m = m;
        this.perTensor = perTensor;
    }

    /** One step of length m along −g/‖g‖ over all tensors together. */
    public static Ssgd global(double m) {
        return new Ssgd(Schedule.constant(m), false);
    }

    /** Global variant with a step-length schedule m(t). */
    public static Ssgd global(Schedule m) {
        return new Ssgd(m, false);
    }

    /** Each tensor moves by m along its own −g_k/‖g_k‖. */
    public static Ssgd perTensor(double m) {
        return new Ssgd(Schedule.constant(m), true);
    }

    /** Per-tensor variant with a step-length schedule m(t). */
    public static Ssgd perTensor(Schedule m) {
        return new Ssgd(m, true);
    }

    @Override
    public State init(Params params) {
        return State.EMPTY.withCount(0);
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        double m = this.m.at(state.count());
        State next = state.withCount(state.count() + 1);
        if (perTensor) {
            return new Update(grads.map(g -> {
                double n = g.to(DType.FLOAT64).normL2(null, false).item();
                return n == 0 ? Tensor.zeros(g.dtype(), g.shape()) : g.mul(-m / n);
            }), next);
        }
        double n = grads.globalNorm();
        return new Update(grads.map(g -> n == 0 ? Tensor.zeros(g.dtype(), g.shape()) : g.mul(-m / n)), next);
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        return Map.of("lr", m.at(state.count()));
    }
}

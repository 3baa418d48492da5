package io.vecgrad.optim.first;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.LeafTransform;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.Map;

/**
 * SGD with momentum, dampening, Nesterov and coupled weight decay, PyTorch 1.13 semantics
 * (spec B1); plain gradient descent (P10, {@code θ ← θ − lr·∇L(θ)}) is the case μ = λ = 0:
 *
 * <pre>
 * g ← g + λθ
 * if μ ≠ 0:  b ← g (t = 1)  else  b ← μ·b + (1−τ)·g
 *            g ← g + μ·b (nesterov)  or  g ← b
 * θ ← θ − lr·g
 * </pre>
 *
 * Like PyTorch, Nesterov requires μ > 0 and τ = 0 (IllegalArgumentException otherwise). The
 * momentum may itself be a schedule (P17 annealing). State: slot {@code trace} when μ ≠ 0.
 *
 * <pre>{@code
 * Optimizer.of(params, Sgd.sgd(0.1, 0.9, 0, 1e-4, true));
 * }</pre>
 */
public final class Sgd {
    private Sgd() {}

    /** P10 plain gradient descent {@code θ ← θ − lr·g}. */
    public static GradientTransformation gradientDescent(double lr) {
        return sgd(lr, 0, 0, 0, false);
    }

    /** PyTorch {@code SGD(lr, momentum, dampening, weight_decay, nesterov)}. */
    public static GradientTransformation sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return sgd(Schedule.constant(lr), Schedule.constant(momentum), dampening, weightDecay, nesterov);
    }

    /** SGD with learning-rate and momentum schedules (both evaluated at the 0-based step). */
    public static GradientTransformation sgd(Schedule lr, Schedule momentum, double dampening, double weightDecay, boolean nesterov) {
        double mu0 = momentum.at(0);
        if (nesterov && (mu0 <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and dampening = 0, got " + mu0 + ", " + dampening);
        }
        return new LeafTransform("trace") {
            @Override
            protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
                double mu = momentum.at(step.t() - 1);
                Tensor d = weightDecay != 0 ? g.add(p.mul(weightDecay)) : g;
                Tensor buf = s[0];
                if (mu != 0) {
                    buf = step.t() == 1 ? d : buf.mul(mu).add(d.mul(1 - dampening));
                    d = nesterov ? d.add(buf.mul(mu)) : buf;
                }
                return new Tensor[] {d.mul(-lr.at(step.t() - 1)), buf};
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("lr", lr.at(state.count()), "momentum", momentum.at(state.count()), "weight_decay", weightDecay);
            }
        };
    }

    /**
     * The composable momentum buffer (Optax {@code trace}, PyTorch buffer semantics): first step
     * {@code b = g}, then {@code b = μb + (1−τ)g}; outputs {@code g + μb} (Nesterov) or {@code b}.
     */
    public static GradientTransformation trace(double momentum, double dampening, boolean nesterov) {
        return new LeafTransform("trace") {
            @Override
            protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
                Tensor buf = step.t() == 1 ? g : s[0].mul(momentum).add(g.mul(1 - dampening));
                return new Tensor[] {nesterov ? g.add(buf.mul(momentum)) : buf, buf};
            }
        };
    }
}

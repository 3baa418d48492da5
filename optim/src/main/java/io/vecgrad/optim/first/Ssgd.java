package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

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
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(normalize(perTensor), scaleByLearningRate(m(t)))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, Ssgd.global(4.0));
 * }</pre>
 */
public final class Ssgd extends Chain {
    private Ssgd(Schedule m, boolean perTensor) {
        super(normalize(perTensor), Blocks.scaleByLearningRate(m));
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

    /** {@code g/‖g‖₂} over the whole tree or per tensor; a zero gradient gives 0. */
    public static ElementwiseTransform normalize(boolean perTensor) {
        return new ElementwiseTransform() {
            @Override
            protected boolean needsInput() {
                return true;
            }

            @Override
            protected Rule rule(long t, State previous, Params input) {
                if (perTensor) {
                    return new Rule() {
                        @Override
                        public double apply(double u, double p, io.vecgrad.optim.Lane[] s, int i) {
                            throw new IllegalStateException("Ssgd: per-tensor rule used without its tensor");
                        }

                        @Override
                        public Rule forTensor(String name, Tensor in) {
                            return scaled(in.to(DType.FLOAT64).normL2(null, false).item());
                        }
                    };
                }
                return scaled(input.globalNorm());
            }

            private Rule scaled(double norm) {
                double c = norm == 0 ? 0 : 1 / norm;
                return (g, p, s, i) -> g * c;
            }
        };
    }
}

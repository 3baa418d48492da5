package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.Chain;
import io.vecgrad.optim.ElementwiseTransform;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.schedule.Schedule;
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
 * As a chain ({@link io.vecgrad.optim.Blocks}): {@code chain(scaleByNormAccumulator(b0), scaleByLearningRate(η))}; stages in brackets are
 * left out when unused. The fused path runs the chain in one pass per parameter.
 *
 * <pre>{@code
 * Optimizer.of(params, AdaGradNorm.of(1.0, 1e-2));
 * }</pre>
 */
public final class AdaGradNorm extends Chain {
    private AdaGradNorm(Schedule eta, double b0) {
        super(scaleByNormAccumulator(b0), Blocks.scaleByLearningRate(eta));
    }

    public static AdaGradNorm of(double eta, double b0) {
        return new AdaGradNorm(Schedule.constant(eta), b0);
    }

    /** AdaGrad-Norm with a schedule multiplying η. */
    public static AdaGradNorm of(Schedule eta, double b0) {
        return new AdaGradNorm(eta, b0);
    }

    /** The effective rate η/b is reported as {@code lr}. */
    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(super.hyperParams(state));
        m.put("lr", m.get("lr") / Math.sqrt(state.child(0).scalar("b2")));
        return m;
    }

    /**
     * {@code u = g/b} with {@code b² ← b² + ‖g‖²} over all tensors (b_0 &gt; 0, scalar {@code b2}):
     * the AdaGrad-Norm scaling (a global reduction, then one element-wise pass).
     */
    public static ElementwiseTransform scaleByNormAccumulator(double b0) {
        if (!(b0 > 0)) throw new IllegalArgumentException("AdaGradNorm: b0 must be > 0, got " + b0);
        return new ElementwiseTransform() {
            @Override
            protected boolean needsInput() {
                return true;
            }

            @Override
            protected Map<String, Double> initScalars() {
                return Map.of("b2", b0 * b0);
            }

            private double b2After(State previous, Params input) {
                double n = input.globalNorm();
                return previous.scalar("b2") + n * n;
            }

            @Override
            protected Map<String, Double> stepScalars(State previous, long t, Params input) {
                return Map.of("b2", b2After(previous, input));
            }

            @Override
            protected Rule rule(long t, State previous, Params input) {
                double c = 1 / Math.sqrt(b2After(previous, input));
                return (g, p, s, i) -> g * c;
            }
        };
    }
}

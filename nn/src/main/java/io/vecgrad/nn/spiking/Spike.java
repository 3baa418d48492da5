package io.vecgrad.nn.spiking;

import io.vecgrad.autodiff.CustomVjp;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;

/**
 * The binary spiking activation with a surrogate gradient, as a differentiable op. The forward
 * is the Heaviside step {@code [z ≥ 0]} (SpykeFlow's {@code spkNeuron}: 1 when the potential
 * reaches the threshold, here folded into the bias); the backward multiplies the output
 * cotangent by {@link Surrogate#derivative}. {@link #relaxed} evaluates the surrogate's proxy
 * with the same backward rule, so that rule can be checked against central differences.
 *
 * <pre>{@code
 * Variable z = Variable.parameter(Tensor.of(new double[] {-0.5, 0.05, 0.7}));
 * Variable s = Spike.apply(z, Surrogate.clippedRelu(0.125));  // [0, 1, 1]
 * s.sum().backward();                                           // z.grad() = [0, 1, 0]
 * }</pre>
 */
public final class Spike {
    private Spike() {}

    /** Heaviside forward, surrogate backward. */
    public static Variable apply(Variable z, Surrogate surrogate) {
        return op("spike[" + surrogate.name() + "]", z, v -> v >= 0 ? 1 : 0, surrogate);
    }

    /** The surrogate's proxy forward with the same backward as {@link #apply}. */
    public static Variable relaxed(Variable z, Surrogate surrogate) {
        return op("spike-relaxed[" + surrogate.name() + "]", z, surrogate::proxy, surrogate);
    }

    private static Variable op(String name, Variable z, DoubleUnaryOperator forward, Surrogate surrogate) {
        return CustomVjp.apply(name,
                in -> map(in[0], forward),
                (g, in, out) -> new Variable[] {g.mul(Variable.constant(map(in[0].value(), surrogate::derivative)))},
                z);
    }

    static Tensor map(Tensor t, DoubleUnaryOperator f) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(v[i]);
        return Tensor.of(v, t.shape()).to(t.dtype());
    }
}

package io.vecgrad.autodiff;

import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * An op with a user-supplied backward: the forward runs on plain tensors (it may be an
 * iterative solver that should not be recorded), the backward maps the output cotangent to
 * input cotangents. Write the backward with {@link Variable} ops to keep it differentiable
 * under create-graph.
 *
 * <p>Implicit function example: {@code x*(b) = A⁻¹b} solved iteratively; its VJP solves the
 * adjoint system {@code Aᵀλ = g} instead of differentiating through the iterations.
 *
 * <pre>{@code
 * Variable x = CustomVjp.apply("solve",
 *         in -> cgSolve(A, in[0]),                            // forward: any tensor code
 *         (g, in, out) -> new Variable[] {                     // backward: λ = A⁻ᵀ g
 *                 Variable.constant(cgSolve(A.mT(), g.value()))},
 *         b);
 * }</pre>
 */
public final class CustomVjp {
    private CustomVjp() {}

    /** The backward of a custom op. */
    @FunctionalInterface
    public interface Rule {
        /**
         * @return one cotangent per input, shaped like it (null for inputs without a gradient)
         */
        Variable[] vjp(Variable g, Variable[] inputs, Variable output);
    }

    /** Records a custom op named {@code name}; the forward never records, whatever it does inside. */
    public static Variable apply(String name, Function<Tensor[], Tensor> forward, Rule backward, Variable... inputs) {
        Tensor[] values = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) values[i] = inputs[i].value();
        Tensor value;
        try (NoGrad scope = NoGrad.enter()) {
            value = forward.apply(values);
        }
        int saved = Tape.SAVE_OUTPUT | (inputs.length < 30 ? (1 << inputs.length) - 1 : 0);
        Variable[] ins = inputs.clone();
        return Tape.record(name, value, (g, out, s) -> {
            Variable[] gs = backward.vjp(g, ins, out);
            if (gs.length != ins.length) {
                throw new IllegalStateException("backward of " + name + ": returned " + gs.length + " gradients for " + ins.length + " inputs");
            }
            for (int i = 0; i < gs.length; i++) if (gs[i] != null && s.needs(i)) s.put(i, gs[i]);
        }, saved, ins);
    }
}

package io.vecgrad.autodiff;

/**
 * The reverse-mode derivative rule of one recorded op: given the cotangent {@code g} of the
 * op's output, push cotangents to the inputs through {@link GradSink#put}.
 *
 * <p>Write the rule with {@link Variable} ops, the same differentiable ops users call. When the
 * backward pass creates a graph these ops are recorded too, so the gradient can itself be
 * differentiated (grad of grad, Hessian-vector products) without any special case; otherwise
 * the backward runs with recording off and costs only the tensor arithmetic.
 *
 * <pre>{@code
 * // y = exp(x): dy/dx = y
 * Variable y = Tape.record("exp", x.value().exp(), (g, out, s) -> s.put(0, g.mul(out)), Tape.SAVE_OUTPUT, x);
 * }</pre>
 */
@FunctionalInterface
public interface VjpRule {
    /**
     * @param g   cotangent of the output (same shape and dtype as the output)
     * @param out the op's output variable (differentiable; use it instead of recomputing)
     * @param sink receives one cotangent per input that {@link GradSink#needs needs} one
     */
    void apply(Variable g, Variable out, GradSink sink);
}

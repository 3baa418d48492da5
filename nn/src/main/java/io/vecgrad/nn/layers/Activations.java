package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;

/** Activation functions beyond the ones {@link Variable} has as methods; all differentiable to any order. */
public final class Activations {
    private Activations() {}

    /**
     * The Huberized ReLU of P04: {@code 0} for z &lt; 0, {@code z²/(2h)} on [0, h], {@code z − h/2}
     * above; C¹ with {@code φ'(z) = clamp(z/h, 0, 1)}. Written as
     * {@code c²/(2h) + relu(z − h)} with {@code c = clamp(z, 0, h)}.
     *
     * <pre>{@code
     * Variable a = Activations.huberizedRelu(z, 0.5);
     * }</pre>
     */
    public static Variable huberizedRelu(Variable z, double h) {
        if (!(h > 0)) throw new IllegalArgumentException("huberizedRelu: h must be positive, got " + h);
        Variable c = z.clamp(0, h);
        return c.square().mul(1 / (2 * h)).add(z.sub(h).relu());
    }
}

package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;

/**
 * Labels and masks over parameters, for {@link Transforms#masked} and {@link Transforms#partition}.
 * The built-in rule follows common practice: no weight decay on 1-D parameters (biases, norm
 * scales).
 *
 * <pre>{@code
 * Transforms.masked(Transforms.addDecayedWeights(1e-4), ParamLabels.decayMask());
 * Transforms.partition(Map.of("decay", adamw, "no_decay", adam), ParamLabels.decayLabels());
 * }</pre>
 */
public final class ParamLabels {
    private ParamLabels() {}

    /** Selects parameters by name and tensor. */
    @FunctionalInterface
    public interface Mask {
        boolean test(String name, Tensor param);
    }

    /** Assigns a label to each parameter. */
    @FunctionalInterface
    public interface Labeler {
        String label(String name, Tensor param);
    }

    /** True for parameters with at least two axes: the ones weight decay should touch. */
    public static Mask decayMask() {
        return (n, t) -> t.dim() >= 2;
    }

    /** {@code "decay"} for tensors with ≥ 2 axes, {@code "no_decay"} otherwise. */
    public static Labeler decayLabels() {
        return (n, t) -> t.dim() >= 2 ? "decay" : "no_decay";
    }
}

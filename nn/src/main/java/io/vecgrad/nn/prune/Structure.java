package io.vecgrad.nn.prune;

/**
 * What one gate of a {@link GatedLayer} switches: a single weight (unstructured pruning) or a
 * whole output unit — a neuron of a linear layer, a channel of a convolution — with its bias.
 *
 * <pre>{@code
 * GatedLinear fc = new GatedLinear(784, 300, Structure.UNITS, DiffPruneGate.standard());
 * }</pre>
 */
public enum Structure {
    /** one gate per weight; biases are not gated */
    WEIGHTS,
    /** one gate per output unit (row of a linear weight, output channel of a convolution), bias included */
    UNITS
}

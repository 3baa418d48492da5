package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;

/**
 * One mini-batch: inputs with the batch on axis 0 and the matching targets (class indices
 * for classification, values for regression).
 *
 * @param x inputs, shape [batch, ...]
 * @param y targets, shape [batch] or [batch, outputs]
 */
public record Batch(Tensor x, Tensor y) {
    /** Number of examples. */
    public int size() {
        return x.shape()[0];
    }
}

package io.vecgrad.datasets;

import io.vecgrad.tensor.Tensor;

/**
 * One mini-batch: features {@code x} (leading axis = batch) and labels or targets {@code y}
 * (may be {@code null} for unlabelled data), plus the dataset indices it holds.
 *
 * <pre>{@code
 * for (Batch b : loader.epoch(0)) {
 *     Tensor logits = model(b.x());
 *     Tensor loss = crossEntropy(logits, b.y());
 * }
 * }</pre>
 */
public final class Batch {
    private final Tensor x;
    private final Tensor y;
    private final int[] indices;

    public Batch(Tensor x, Tensor y, int[] indices) {
        this.x = x;
        this.y = y;
        this.indices = indices;
    }

    public Tensor x() { return x; }

    public Tensor y() { return y; }

    /** Dataset indices of the examples, in batch order. */
    public int[] indices() { return indices.clone(); }

    /** Number of examples. */
    public int size() { return indices.length; }

    /** The same batch with other tensors (used by transforms). */
    public Batch with(Tensor newX, Tensor newY) {
        return new Batch(newX, newY, indices);
    }
}

package io.vecgrad.datasets;

/**
 * A finite indexed collection of examples that can be read as batches. Implementations
 * must allow concurrent {@link #get} calls (the {@link DataLoader} prefetches on another
 * thread).
 *
 * <pre>{@code
 * Dataset d = new TensorDataset(x, y);
 * Batch first = d.get(new int[] {0, 1, 2});
 * }</pre>
 */
public interface Dataset {
    /** Number of examples. */
    int size();

    /** The examples at {@code indices} stacked along a new leading axis. */
    Batch get(int[] indices);
}

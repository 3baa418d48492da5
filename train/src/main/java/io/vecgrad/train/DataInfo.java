package io.vecgrad.train;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * What a model factory needs to know about the data to size its layers.
 *
 * @param inputShape shape of one example, e.g. {@code [784]} or {@code [1, 28, 28]}
 * @param classes number of classes, or 0 for regression targets
 * @param outputs number of regression outputs (1 for scalar targets); ignored when classes &gt; 0
 */
public record DataInfo(int[] inputShape, int classes, int outputs) {
    /** Number of input features (product of {@link #inputShape()}). */
    public int features() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }

    /** Number of classes of INT64 class indices: max + 1 (0 for an empty tensor). */
    public static int classCount(Tensor labels) {
        long max = -1;
        for (long v : labels.to(DType.INT64).toLongArray()) {
            max = Math.max(max, v);
        }
        return (int) max + 1;
    }

    public boolean isClassification() {
        return classes > 0;
    }
}

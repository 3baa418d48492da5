package io.vecgrad.train.multitask;

import io.vecgrad.datasets.Dataset;
import io.vecgrad.nn.Module;

/**
 * One task of {@link AlternatingTrainer}: its data, its own input stem (e.g. a projection of
 * image rows or patches to the encoder width — IMP's "minimal modality-specific" parts) and its
 * own head, its batch size and its sampling weight. The loss is cross-entropy on class labels.
 *
 * <pre>{@code
 * Task digits = new Task("digits", digitsStem, new Linear(32, 10), digitsTrain, new int[] {8, 8}, 32, 1.0);
 * }</pre>
 *
 * @param inputShape shape of one example as the stem expects it (batches are reshaped to {@code [B, inputShape...]})
 * @param weight sampling weight w_j (probability w_j / Σ w)
 */
public record Task(String name, Module stem, Module head, Dataset train, int[] inputShape, int batchSize, double weight) {
    public Task {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Task: a name is required");
        if (!(weight > 0) || Double.isInfinite(weight)) throw new IllegalArgumentException("Task " + name + ": weight must be positive and finite, got " + weight);
        if (batchSize <= 0) throw new IllegalArgumentException("Task " + name + ": batch size must be positive, got " + batchSize);
        if (train.size() == 0) throw new IllegalArgumentException("Task " + name + ": empty training set");
        inputShape = inputShape.clone();
    }
}

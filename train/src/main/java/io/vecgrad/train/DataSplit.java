package io.vecgrad.train;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;

/**
 * A named data set split into training and held-out examples (datasets' {@link TensorDataset}s),
 * with what a model factory needs to size its layers.
 *
 * <pre>{@code
 * DataSplit d = DataSplit.of("iris", xTrain, yTrain, xTest, yTest, new DataInfo(new int[] {4}, 3, 0));
 * DataLoader loader = DataLoader.of(d.train()).batchSize(32).seed(42).build();
 * }</pre>
 *
 * @param name what reports call it
 * @param train the training examples
 * @param test the held-out examples, or null when there is no test split
 * @param info shape and task information
 */
public record DataSplit(String name, TensorDataset train, TensorDataset test, DataInfo info) {
    /** From tensors, examples on axis 0; {@code testX} and {@code testY} may both be null. */
    public static DataSplit of(String name, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, DataInfo info) {
        if ((testX == null) != (testY == null)) {
            throw new IllegalArgumentException("DataSplit " + name + ": testX and testY must both be given or both be null");
        }
        try {
            return new DataSplit(name, new TensorDataset(trainX, trainY),
                    testX == null ? null : new TensorDataset(testX, testY), info);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DataSplit " + name + ": " + e.getMessage(), e);
        }
    }

    public int trainSize() {
        return train.size();
    }

    public boolean hasTest() {
        return test != null;
    }
}

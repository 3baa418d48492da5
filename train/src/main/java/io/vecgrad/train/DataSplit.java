package io.vecgrad.train;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

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

    /**
     * Splits one table of examples: a seeded train/test split and, where asked, feature
     * standardization with the training split's statistics (mean 0, std 1 per feature).
     *
     * <pre>{@code
     * DataSplit d = DataSplit.split("iris", x, y, 0.2, new Rng(0), info, true);
     * }</pre>
     *
     * @param testFraction share of examples held out (0 = no test split)
     * @param rng decides the split
     * @param standardize whether to scale each feature to mean 0, std 1 (train statistics)
     */
    public static DataSplit split(String name, Tensor x, Tensor y, double testFraction, Rng rng, DataInfo info,
            boolean standardize) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("dataset " + name + ": test-fraction must be in [0, 1), got " + testFraction);
        }
        int n = x.shape()[0];
        int nTest = (int) Math.round(n * testFraction);
        Tensor order = rng.permutation(n).to(DType.INT64);
        Tensor trainIdx = order.slice(0, nTest, n, 1).contiguous();
        Tensor trainX = x.indexSelect(0, trainIdx).contiguous();
        Tensor trainY = y.indexSelect(0, trainIdx).contiguous();
        Tensor testX = null;
        Tensor testY = null;
        if (nTest > 0) {
            Tensor testIdx = order.slice(0, 0, nTest, 1).contiguous();
            testX = x.indexSelect(0, testIdx).contiguous();
            testY = y.indexSelect(0, testIdx).contiguous();
        }
        if (standardize) {
            Tensor mean = trainX.mean(new int[] {0}, true);
            Tensor std = trainX.std(new int[] {0}, true, 0).maximum(1e-8);
            trainX = trainX.sub(mean).div(std).contiguous();
            if (testX != null) {
                testX = testX.sub(mean).div(std).contiguous();
            }
        }
        return DataSplit.of(name, trainX, trainY, testX, testY, info);
    }

    public int trainSize() {
        return train.size();
    }

    public boolean hasTest() {
        return test != null;
    }
}

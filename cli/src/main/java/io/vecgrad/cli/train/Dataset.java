package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;

/**
 * A loaded data set as plain tensors, examples on axis 0. The trainer shuffles and slices
 * it; the datasets module only has to produce these tensors.
 *
 * <pre>{@code
 * new Dataset("iris", xTrain, yTrain, xTest, yTest, new DataInfo(new int[] {4}, 3, 0));
 * }</pre>
 *
 * @param name what reports call it
 * @param trainX training inputs
 * @param trainY training targets (INT64/INT32 class indices, or float values)
 * @param testX held-out inputs, or null when there is no test split
 * @param testY held-out targets, or null
 * @param info shape and task information for model factories
 */
public record Dataset(String name, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, DataInfo info) {
    public Dataset {
        if (trainX.shape()[0] != trainY.shape()[0]) {
            throw new IllegalArgumentException("Dataset " + name + ": trainX has "
                    + trainX.shape()[0] + " rows but trainY has " + trainY.shape()[0]);
        }
        if ((testX == null) != (testY == null)
                || (testX != null && testX.shape()[0] != testY.shape()[0])) {
            throw new IllegalArgumentException("Dataset " + name + ": testX and testY do not match");
        }
    }

    public int trainSize() {
        return trainX.shape()[0];
    }

    public boolean hasTest() {
        return testX != null;
    }
}

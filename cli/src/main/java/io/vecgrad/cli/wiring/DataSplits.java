package io.vecgrad.cli.wiring;

import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Turns one table of examples into a {@link DataSplit}: a seeded train/test split and,
 * where asked, feature standardization with the training split's statistics.
 *
 * <pre>{@code
 * DataSplit d = DataSplits.split("iris", x, y, 0.2, new Rng(0), info, true);
 * }</pre>
 */
public final class DataSplits {
    private DataSplits() {}

    /**
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

    /** Number of classes of INT64 class indices: max + 1. */
    public static int classes(Tensor labels) {
        long max = 0;
        for (long v : labels.to(DType.INT64).toLongArray()) {
            max = Math.max(max, v);
        }
        return (int) max + 1;
    }
}

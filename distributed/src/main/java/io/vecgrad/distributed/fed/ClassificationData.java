package io.vecgrad.distributed.fed;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.tensor.random.Rng;

/**
 * A small classification data set held as {@code double[][]} features and {@code int[]}
 * labels, the form the simulated workers read their shards from. {@link #digits} gives the
 * embedded 8×8 digits (features scaled to [0, 1]) split into train and test sets by a seeded
 * permutation.
 *
 * <pre>{@code
 * ClassificationData[] split = ClassificationData.digits(0.25, 7);   // [train, test]
 * ClassificationData train = split[0];
 * int[][] shards = Shards.dirichlet(train.labels(), train.classes(), 10, 0.5, 1);
 * }</pre>
 */
public record ClassificationData(double[][] features, int[] labels, int classes) {
    public ClassificationData {
        if (features.length != labels.length) {
            throw new IllegalArgumentException("ClassificationData: " + features.length + " feature rows but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("ClassificationData: label " + labels[i] + " at row " + i + " outside 0.." + (classes - 1));
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Number of features. */
    public int dim() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** The examples at {@code rows} (rows shared, not copied). */
    public ClassificationData subset(int[] rows) {
        double[][] x = new double[rows.length][];
        int[] y = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            x[k] = features[rows[k]];
            y[k] = labels[rows[k]];
        }
        return new ClassificationData(x, y, classes);
    }

    /** Features of a tensor data set multiplied by {@code scale}, integer labels. */
    public static ClassificationData of(TensorDataset d, double scale, int classes) {
        int n = d.size();
        double[] flat = d.x().reshape(n, -1).toDoubleArray();
        int f = flat.length / Math.max(1, n);
        double[][] x = new double[n][f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) x[i][j] = scale * flat[i * f + j];
        double[] ys = d.y().toDoubleArray();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = (int) ys[i];
        return new ClassificationData(x, y, classes);
    }

    /** The digits data (1797 × 64, 10 classes, features /16) split into {train, test} with {@code testFraction} held out. */
    public static ClassificationData[] digits(double testFraction, long seed) {
        ClassificationData all = of(Digits.load(), 1.0 / 16, 10);
        return all.split(testFraction, seed);
    }

    /** A seeded random split into {train, test}. */
    public ClassificationData[] split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("ClassificationData.split: test fraction must be in (0, 1), got " + testFraction);
        int n = size(), nTest = (int) Math.round(n * testFraction);
        int[] perm = Shards.permutation(n, new Rng(seed).split("train-test"));
        return new ClassificationData[] {subset(java.util.Arrays.copyOfRange(perm, nTest, n)), subset(java.util.Arrays.copyOfRange(perm, 0, nTest))};
    }
}

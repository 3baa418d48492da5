package io.vecgrad.cli.testing;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.tensor.random.Rng;

/** TEST-ONLY data: k Gaussian blobs in d dimensions, centers at ±spread on the axes. */
public final class Blobs {
    private Blobs() {}

    public static DataSplit make(int n, int d, int k, double spread, Rng rng) {
        TensorDataset all = io.vecgrad.datasets.synthetic.Blobs.generate(n, d, k, spread, rng);
        TensorDataset[] parts = all.split(n - n / 5);
        return new DataSplit("blobs", parts[0], parts[1], new DataInfo(new int[] {d}, k, 0));
    }
}

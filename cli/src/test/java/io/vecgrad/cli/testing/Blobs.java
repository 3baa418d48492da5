package io.vecgrad.cli.testing;

import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/** TEST-ONLY data: k Gaussian blobs in d dimensions, centers at ±spread on the axes. */
public final class Blobs {
    private Blobs() {}

    public static DataSplit make(int n, int d, int k, double spread, Rng rng) {
        double[] x = new double[n * d];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y[i] = c;
            for (int j = 0; j < d; j++) {
                double center = j == c % d ? (c < d ? spread : -spread) : 0;
                x[i * d + j] = center + rng.nextGaussian();
            }
        }
        int test = n / 5;
        int train = n - test;
        Tensor xs = Tensor.of(x, n, d);
        Tensor ys = Tensor.of(y, n);
        return DataSplit.of("blobs", xs.slice(0, 0, train).contiguous(), ys.slice(0, 0, train).contiguous(),
                xs.slice(0, train, n).contiguous(), ys.slice(0, train, n).contiguous(),
                new DataInfo(new int[] {d}, k, 0));
    }
}

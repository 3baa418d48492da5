package io.vecgrad.train;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/** Small data and models for the trainer's tests. */
final class Fixtures {
    private Fixtures() {}

    /** k Gaussian blobs in d dimensions, centers at ±spread on the axes; the last fifth held out. */
    static DataSplit blobs(int n, int d, int k, double spread, Rng rng) {
        TensorDataset all = io.vecgrad.datasets.synthetic.Blobs.generate(n, d, k, spread, rng);
        TensorDataset[] parts = all.split(n - n / 5);
        return new DataSplit("blobs", parts[0], parts[1], new DataInfo(new int[] {d}, k, 0));
    }

    /** Linear softmax regression in float64. */
    static Model logistic(DataInfo info, long seed) {
        Module net = new Sequential(new Linear(info.features(), info.classes(), true, DType.FLOAT64));
        net.initialize(new Rng(seed));
        return new Model(net, info.inputShape(), DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
    }

    /** A small MLP with dropout, so the trainer's random stream matters. */
    static Model mlpWithDropout(DataInfo info, long seed) {
        Module net = new Sequential(new Linear(info.features(), 16, true, DType.FLOAT64), Activation.relu(),
                new Dropout(0.2), new Linear(16, info.classes(), true, DType.FLOAT64));
        net.initialize(new Rng(seed));
        return new Model(net, info.inputShape(), DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
    }

    static Optimizer sgd(Model m, Schedule lr, double momentum) {
        return Optimizer.of(m.parameters(), Sgd.sgd(lr, Schedule.constant(momentum), 0, 0, false));
    }

    static DataLoader loader(DataSplit d, int batch, long seed) {
        return DataLoader.of(d.train()).batchSize(batch).seed(seed).build();
    }
}

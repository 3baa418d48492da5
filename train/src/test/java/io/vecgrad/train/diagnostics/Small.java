package io.vecgrad.train.diagnostics;

import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;

/** Small float64 models and data for the diagnostics tests. */
final class Small {
    private Small() {}

    /** Linear(in, hidden) → tanh → Linear(hidden, classes), cross-entropy, float64. */
    static Model mlp(int in, int hidden, int classes, long seed) {
        Module net = new Sequential(new Linear(in, hidden, true, DType.FLOAT64), Activation.tanh(), new Linear(hidden, classes, true, DType.FLOAT64));
        net.initialize(new Rng(seed));
        return new Model(net, new int[] {in}, DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
    }

    static Tensor inputs(int n, int in, long seed) {
        return new Rng(seed).split("x").normal(DType.FLOAT64, 0, 1, n, in);
    }

    static Tensor labels(int n, int classes, long seed) {
        return new Rng(seed).split("y").randint(0, classes, n);
    }
}

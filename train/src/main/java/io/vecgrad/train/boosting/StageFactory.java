package io.vecgrad.train.boosting;

import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * Builds (and initializes) one boosting stage's network: {@code in} features to {@code out}
 * raw predictions.
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.random.Rng;
 * import io.vecgrad.train.boosting.StageFactory;
 *
 * StageFactory small = StageFactory.oneHidden(4, DType.FLOAT64);    // 13 → 4 (logistic) → 3
 * Module h = small.create(13, 3, new Rng(1));
 * }</pre>
 */
@FunctionalInterface
public interface StageFactory {
    Module create(int in, int out, Rng init);

    /**
     * The paper's learner: one hidden layer of {@code hidden} logistic units,
     * {@code Sequential(Linear(in, J), Sigmoid, Linear(J, out))}; ensembles of these can be
     * {@linkplain GbnnEnsemble#assemble() assembled} into one wide network.
     */
    static StageFactory oneHidden(int hidden, DType dtype) {
        return (in, out, init) -> {
            Module m = new Sequential(new Linear(in, hidden, true, dtype), Activation.sigmoid(), new Linear(hidden, out, true, dtype));
            m.initialize(init);
            return m;
        };
    }
}

package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import java.util.stream.IntStream;

/**
 * The digits MLP ({@link Classifier#mlp}: 64 → hidden → 10, ReLU, float32) as a train
 * {@link Model}, so the train.diagnostics tools (P25, P19, P66) can measure it, and the two
 * loops these experiments train it with.
 *
 * <pre>{@code
 * Model m = DigitsMlp.model(32, 1);
 * Optimizer opt = Optimizer.of(m.parameters(), Sgd.gradientDescent(0.1));
 * DigitsMlp.epoch(m, opt, loader, 0);
 * }</pre>
 */
final class DigitsMlp {
    private DigitsMlp() {}

    static Model model(int hidden, long seed) {
        return new Model(Classifier.mlp(64, hidden, new Rng(seed)), new int[] {1, 8, 8}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    /** One epoch of mini-batch steps in the loader's order for {@code epoch}; returns the mean batch loss. */
    static double epoch(Model m, Optimizer opt, DataLoader loader, int epoch) {
        double sum = 0;
        int n = 0;
        try (DataLoader.Epoch batches = loader.epoch(epoch)) {
            for (Batch b : batches) {
                sum += m.lossAndGradients(b).loss();
                opt.step(m.gradients());
                n++;
            }
        }
        return sum / n;
    }

    /** One full-batch gradient step on {@code d}; returns the loss before it. */
    static double fullBatchStep(Model m, Optimizer opt, TensorDataset d) {
        double l = m.lossAndGradients(new Batch(d.x(), d.y(), IntStream.range(0, d.size()).toArray())).loss();
        opt.step(m.gradients());
        return l;
    }
}

package io.vecgrad.cli.testing;

import io.vecgrad.cli.train.Batch;
import io.vecgrad.cli.train.DataInfo;
import io.vecgrad.cli.train.DifferentiableModel;
import io.vecgrad.cli.train.Evaluation;
import io.vecgrad.cli.train.LossAndGradient;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * TEST-ONLY stand-in for a real model: multinomial logistic regression with hand-written
 * gradients over plain float64 tensors, so the CLI infrastructure can be exercised before the
 * nn and autodiff modules are wired in. Never registered in the real command line.
 */
public final class LogisticRegression implements DifferentiableModel {
    private final Tensor w;
    private final Tensor b;
    private final int classes;

    public LogisticRegression(DataInfo info, Rng rng) {
        classes = info.classes();
        w = rng.normal(DType.FLOAT64, 0, 0.01, info.features(), classes);
        b = Tensor.zeros(DType.FLOAT64, classes);
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(w, b);
    }

    @Override
    public LossAndGradient lossAndGradient(Batch batch) {
        int n = batch.size();
        Tensor logits = batch.x().matmul(w).add(b);
        Tensor logp = logits.logSoftmax(1);
        Tensor onehot = batch.y().oneHot(classes, DType.FLOAT64);
        double loss = -logp.mul(onehot).sum().item() / n;
        Tensor g = logits.softmax(1).sub(onehot).mul(1.0 / n);
        return new LossAndGradient(loss, accuracy(logits, batch.y()), List.of(batch.x().mT().matmul(g), g.sum(0)));
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        Tensor logits = batch.x().matmul(w).add(b);
        Tensor onehot = batch.y().oneHot(classes, DType.FLOAT64);
        double loss = -logits.logSoftmax(1).mul(onehot).sum().item() / batch.size();
        return new Evaluation(loss, accuracy(logits, batch.y()));
    }

    private static double accuracy(Tensor logits, Tensor y) {
        long[] pred = logits.argmax(1, false).toLongArray();
        long[] truth = y.toLongArray();
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            ok += pred[i] == truth[i] ? 1 : 0;
        }
        return (double) ok / pred.length;
    }
}

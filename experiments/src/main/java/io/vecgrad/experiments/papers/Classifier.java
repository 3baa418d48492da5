package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier under training: an {@code nn} module, an {@code optim} optimizer over its live
 * parameter tensors, and cross-entropy steps on mini-batches. Small on purpose: the experiments
 * of this package need per-iteration control (learning rate read by a schedule, evaluation at
 * chosen iterations, sample budgets), nothing else of a trainer.
 *
 * <pre>{@code
 * Classifier c = new Classifier(Classifier.mlp(784, 64, new Rng(1)), Adam.adam(1e-3));
 * double loss = c.step(batch);
 * Classifier.Eval e = c.evaluate(data.test());
 * }</pre>
 */
public final class Classifier {
    private final Module model;
    private final Params params;
    private final Optimizer opt;
    private long steps;

    /** Loss and accuracy over a data set. */
    public record Eval(double loss, double accuracy) {}

    public Classifier(Module model, GradientTransformation tx) {
        this.model = model;
        Map<String, Tensor> live = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) live.put(e.getKey(), e.getValue().value());
        this.params = Params.of(live);
        this.opt = Optimizer.of(params, tx);
    }

    /** {@code flatten → Linear(in, hidden) → ReLU → Linear(hidden, 10)}, initialised from {@code rng}. */
    public static Module mlp(int in, int hidden, Rng rng) {
        Module m = new Sequential(new Flatten(), new Linear(in, hidden), Activation.relu(), new Linear(hidden, 10));
        m.initialize(rng);
        return m;
    }

    /** The small CNN for 8×8 digits ({@link LeNet#digits}: 1→8→16 channels, 3×3 kernels). */
    public static Module digitsCnn(Rng rng) {
        return LeNet.digits(rng);
    }

    /** One optimizer step on a batch; returns the batch's mean loss before the step. */
    public double step(Batch b) {
        LossAndGrad.Result r = lossAndGrad(b);
        opt.step(r.grads());
        steps++;
        return r.loss();
    }

    /** Mean cross-entropy of a batch and its gradients, named like {@link #params()}; no step. */
    public LossAndGrad.Result lossAndGrad(Batch b) {
        model.train();
        model.zeroGrad();
        Variable loss = Losses.crossEntropy(model.forward(Variable.constant(b.x())), b.y());
        loss.backward();
        Map<String, Tensor> g = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            Tensor grad = e.getValue().grad();
            g.put(e.getKey(), grad == null ? Tensor.zeros(e.getValue().value().dtype(), e.getValue().value().shape()) : grad);
        }
        return new LossAndGrad.Result(loss.value().item(), Params.of(g));
    }

    /** The live parameter tensors (the optimizer updates them in place). */
    public Params params() {
        return params;
    }

    /** Mean loss and accuracy over {@code d}, in chunks of 1,000 examples, without recording gradients. */
    public Eval evaluate(TensorDataset d) {
        model.eval();
        int n = d.size();
        double loss = 0;
        long hits = 0;
        try (NoGrad scope = NoGrad.enter()) {
            for (int from = 0; from < n; from += 1000) {
                int to = Math.min(n, from + 1000);
                Tensor x = d.x().slice(0, from, to).contiguous();
                Tensor y = d.y().slice(0, from, to).contiguous();
                Variable out = model.forward(Variable.constant(x));
                loss += Losses.crossEntropy(out, y).value().item() * (to - from);
                long[] pred = out.value().argmax(1, false).to(DType.INT64).toLongArray();
                long[] lab = y.toLongArray();
                for (int i = 0; i < pred.length; i++) hits += pred[i] == lab[i] ? 1 : 0;
            }
        }
        return new Eval(loss / n, (double) hits / n);
    }

    /** One point of a learning curve: after {@code step} optimizer steps (epoch {@code epoch} done). */
    public record Point(int epoch, long step, double trainLoss, double evalLoss, double evalAccuracy) {}

    /**
     * Trains for {@code epochs} epochs of shuffled mini-batches (order from {@code seed}, last
     * partial batch kept) and evaluates on {@code eval} after each epoch.
     *
     * @return one point per epoch; the train loss is the mean mini-batch loss of that epoch
     */
    public java.util.List<Point> fit(TensorDataset train, TensorDataset eval, int batch, int epochs, long seed) {
        java.util.List<Point> curve = new java.util.ArrayList<>();
        try (io.vecgrad.datasets.DataLoader loader = io.vecgrad.datasets.DataLoader.of(train).batchSize(batch).seed(seed).build()) {
            for (int e = 0; e < epochs; e++) {
                double sum = 0;
                int n = 0;
                try (io.vecgrad.datasets.DataLoader.Epoch batches = loader.epoch(e)) {
                    for (Batch b : batches) {
                        sum += step(b);
                        n++;
                    }
                }
                Eval ev = evaluate(eval);
                curve.add(new Point(e + 1, steps, sum / n, ev.loss(), ev.accuracy()));
            }
        }
        return curve;
    }

    /** Optimizer steps taken. */
    public long steps() {
        return steps;
    }

    public Module model() {
        return model;
    }
}

package io.vecgrad.train;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.TrainingPenalty;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An nn {@link Module} together with how its outputs are scored: what the {@link Trainer}
 * trains. Inputs are reshaped to {@code [N, inputShape...]} and converted to the model's dtype,
 * so a loader of flat rows can feed a convolutional network.
 *
 * <pre>{@code
 * Model model = new Model(mlp, new int[] {64}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
 * Optimizer opt = Optimizer.of(model.parameters(), Adam.adam(1e-3));
 * }</pre>
 */
public final class Model {
    /** How outputs are scored against targets. */
    public enum Loss {
        /** logits [N, K] against class indices; accuracy = argmax hits */
        CROSS_ENTROPY,
        /** scores [N] against class indices {0, 1} mapped to ∓1; softplus(−y·f) */
        BINARY_LOGISTIC,
        /** predictions against float targets; accuracy NaN */
        MSE
    }

    /**
     * Loss and accuracy of one batch.
     *
     * @param loss mean loss over the batch
     * @param accuracy fraction correct in [0, 1], or NaN when the task has no accuracy (regression)
     */
    public record Scores(double loss, double accuracy) {}

    private final Module module;
    private final int[] inputShape;
    private final DType dtype;
    private final Loss loss;
    private final Map<String, Variable> variables;
    private final Params parameters;
    /** The map {@link #gradients()} built last, handed out again while the gradient tensors are the same (no map per step). */
    private Params lastGradients;

    /**
     * @param inputShape shape of one example as the module expects it, e.g. {@code {1, 28, 28}}
     * @param dtype the module's floating dtype (inputs and regression targets are converted to it)
     */
    public Model(Module module, int[] inputShape, DType dtype, Loss loss) {
        this.module = module;
        this.inputShape = inputShape.clone();
        this.dtype = dtype;
        this.loss = loss;
        this.variables = module.namedParameters();
        Map<String, Tensor> live = new LinkedHashMap<>();
        variables.forEach((k, v) -> live.put(k, v.value()));
        this.parameters = Params.of(live);
    }

    public Module module() {
        return module;
    }

    public Loss loss() {
        return loss;
    }

    /** The module's floating dtype (inputs and regression targets are converted to it). */
    public DType dtype() {
        return dtype;
    }

    /** The shape of one example as the module expects it. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * The mean loss of a batch of inputs {@code x}, laid out as the loader gives them (leading
     * axis = batch) and differentiable, against targets {@code y}, in the module's current mode
     * (train or eval): the function an attack differentiates with respect to its input.
     */
    public Variable loss(Variable x, Tensor y) {
        Variable r = x.reshape(batchShape(x.shape()[0]));
        return lossOf(module.forward(r.dtype() == dtype ? r : r.to(dtype)), y);
    }

    /**
     * The live parameter tensors by the module's parameter names: build the optimizer over these
     * ({@code Optimizer.of(model.parameters(), ...)}); its in-place steps train the module.
     */
    public Params parameters() {
        return parameters;
    }

    /**
     * Forward and backward pass in training mode; the gradients are then in {@link #gradients()}.
     * Modules of the tree that add a training term ({@link TrainingPenalty}: mixture-of-experts
     * balance losses, L0 pruning penalties) have it added to the loss that is reported and differentiated.
     */
    public Scores lossAndGradients(Batch batch) {
        return lossAndGradients(batch, false);
    }

    /**
     * {@link #lossAndGradients(Batch)}, choosing how the previous gradients are cleared. With
     * {@code reuseGradients} the parameters' gradient tensors are zeroed and written in place
     * (PyTorch's {@code zero_grad(set_to_none=False)}): a warm training step allocates no
     * gradient buffers, and {@link #gradients()} returns the same tensors every step, so a
     * gradient tensor kept from an earlier step is overwritten by this one (copy it to keep its
     * values). Without, every step gets fresh gradient tensors and kept ones stay as they were.
     * Both give the same bits.
     *
     * <pre>{@code
     * model.lossAndGradients(batch, true);
     * Tensor g = model.gradients().get("fc.weight");        // this step's gradient
     * model.lossAndGradients(next, true);                   // g now holds the next step's gradient
     * }</pre>
     */
    public Scores lossAndGradients(Batch batch, boolean reuseGradients) {
        module.train();
        module.zeroGrad(!reuseGradients);
        Variable out = module.forward(Variable.constant(input(batch.x())));
        Variable l = lossOf(out, batch.y());
        Variable penalty = TrainingPenalty.total(module);
        if (penalty != null) l = l.add(penalty.to(l.dtype()));
        l.backward();
        return new Scores(l.value().item(), accuracy(out.value(), batch.y()));
    }

    /** The gradients of the last {@link #lossAndGradients} call, named like {@link #parameters()} (zeros when unused). */
    public Params gradients() {
        if (lastGradients != null && sameGradients()) return lastGradients;
        Map<String, Tensor> g = new LinkedHashMap<>();
        variables.forEach((k, v) -> g.put(k, v.grad() == null ? Tensor.zeros(v.value().dtype(), v.value().shape()) : v.grad()));
        Params p = Params.of(g);
        boolean allPresent = true;
        for (Variable v : variables.values()) allPresent &= v.grad() != null;
        lastGradients = allPresent ? p : null;
        return p;
    }

    /** Whether every parameter's gradient is still the tensor {@link #lastGradients} holds (reused buffers). */
    private boolean sameGradients() {
        for (Map.Entry<String, Variable> e : variables.entrySet()) {
            if (e.getValue().grad() != lastGradients.get(e.getKey())) return false;
        }
        return true;
    }

    /** Forward pass only, in evaluation mode, without recording a graph. */
    public Scores evaluate(Batch batch) {
        module.eval();
        try (NoGrad scope = NoGrad.enter()) {
            Variable out = module.forward(Variable.constant(input(batch.x())));
            return new Scores(lossOf(out, batch.y()).value().item(), accuracy(out.value(), batch.y()));
        }
    }

    private Tensor input(Tensor x) {
        Tensor r = x.reshape(batchShape(x.shape()[0]));
        return r.dtype() == dtype ? r : r.to(dtype);
    }

    private int[] batchShape(int n) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = n;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return shape;
    }

    private Variable lossOf(Variable out, Tensor y) {
        switch (loss) {
            case CROSS_ENTROPY:
                return Losses.crossEntropy(out, y.to(DType.INT64));
            case BINARY_LOGISTIC:
                return Losses.binaryLogistic(out.reshape(out.shape()[0]), Variable.constant(y.to(dtype).mul(2).sub(1)));
            default:
                return Losses.mse(out, Variable.constant(y.to(dtype).reshape(out.shape())));
        }
    }

    private double accuracy(Tensor out, Tensor y) {
        if (loss == Loss.MSE) {
            return Double.NaN;
        }
        int n = y.shape()[0];
        long[] labels = y.to(DType.INT64).toLongArray();
        int hits = 0;
        if (loss == Loss.CROSS_ENTROPY) {
            long[] pred = out.argmax(1, false).to(DType.INT64).toLongArray();
            for (int i = 0; i < n; i++) {
                hits += pred[i] == labels[i] ? 1 : 0;
            }
        } else {
            double[] f = out.to(DType.FLOAT64).toDoubleArray();
            for (int i = 0; i < n; i++) {
                hits += (f[i] > 0) == (labels[i] == 1) ? 1 : 0;
            }
        }
        return (double) hits / n;
    }
}

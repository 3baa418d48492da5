package io.vecgrad.cli.wiring;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.cli.train.Batch;
import io.vecgrad.cli.train.DifferentiableModel;
import io.vecgrad.cli.train.Evaluation;
import io.vecgrad.cli.train.LossAndGradient;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An nn {@link Module} plus its loss as the trainer's {@link DifferentiableModel}: forward with
 * autodiff, backward, and the parameter gradients in {@link Module#parameters()} order.
 * Inputs are reshaped to {@code [N, inputShape...]} and converted to the model's dtype.
 *
 * <pre>{@code
 * DifferentiableModel m = new ModuleModel(mlp, new int[] {64}, DType.FLOAT32, ModuleModel.Loss.CROSS_ENTROPY);
 * }</pre>
 */
public final class ModuleModel implements DifferentiableModel {
    /** How outputs are scored against targets. */
    public enum Loss {
        /** logits [N, K] against INT64 class indices; accuracy = argmax hits */
        CROSS_ENTROPY,
        /** scores [N] against class indices {0, 1} mapped to ∓1; softplus(−y·f) */
        BINARY_LOGISTIC,
        /** predictions against float targets; accuracy NaN */
        MSE
    }

    private final Module module;
    private final int[] inputShape;
    private final DType dtype;
    private final Loss loss;
    private final List<Variable> variables;
    private final List<Tensor> tensors = new ArrayList<>();

    public ModuleModel(Module module, int[] inputShape, DType dtype, Loss loss) {
        this.module = module;
        this.inputShape = inputShape.clone();
        this.dtype = dtype;
        this.loss = loss;
        this.variables = module.parameters();
        for (Variable v : variables) {
            tensors.add(v.value());
        }
    }

    public Module module() {
        return module;
    }

    @Override
    public List<Tensor> parameters() {
        return tensors;
    }

    @Override
    public LossAndGradient lossAndGradient(Batch batch) {
        module.train();
        module.zeroGrad();
        Variable out = module.forward(Variable.constant(input(batch.x())));
        Variable l = lossOf(out, batch.y());
        l.backward();
        List<Tensor> grads = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            Tensor g = v.grad();
            grads.add(g == null ? Tensor.zeros(v.value().dtype(), v.value().shape()) : g);
        }
        return new LossAndGradient(l.value().item(), accuracy(out.value(), batch.y()), grads);
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        module.eval();
        try (NoGrad scope = NoGrad.enter()) {
            Variable out = module.forward(Variable.constant(input(batch.x())));
            return new Evaluation(lossOf(out, batch.y()).value().item(), accuracy(out.value(), batch.y()));
        }
    }

    private Tensor input(Tensor x) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = x.shape()[0];
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Tensor r = x.reshape(shape);
        return r.dtype() == dtype ? r : r.to(dtype);
    }

    private Variable lossOf(Variable out, Tensor y) {
        switch (loss) {
            case CROSS_ENTROPY:
                return Losses.crossEntropy(out, y.to(DType.INT64));
            case BINARY_LOGISTIC:
                return Losses.binaryLogistic(out.reshape(out.shape()[0]), Variable.constant(signs(y)));
            default:
                Tensor t = y.to(dtype).reshape(out.shape());
                return Losses.mse(out, Variable.constant(t));
        }
    }

    private Tensor signs(Tensor y) {
        return y.to(dtype).mul(2).sub(1);
    }

    private double accuracy(Tensor out, Tensor y) {
        int n = y.shape()[0];
        if (loss == Loss.MSE) {
            return Double.NaN;
        }
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

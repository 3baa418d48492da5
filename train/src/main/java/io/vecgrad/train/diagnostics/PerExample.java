package io.vecgrad.train.diagnostics;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.losses.Reduction;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.Model;

/**
 * Per-example quantities of a {@link Model} on a batch, shared by the gradient-noise (P25, P19),
 * opposing-signal (P66) and coreset (P49) tools: per-example losses from one batched forward
 * pass, per-example gradients flattened into rows of a matrix, group-mean gradients, and the
 * last-layer proxy gradient {@code softmax(z) − onehot(y)}.
 *
 * <p>Everything runs in evaluation mode (dropout off, batch norm on its running statistics), so
 * a per-example value does not depend on which other examples share the batch. Flattened
 * vectors list the parameters in {@link Model#parameters()} order, each tensor row-major
 * ({@link #flatten}); values are float64 whatever the model's dtype.
 *
 * <p>Per-example gradients are single-example backward passes, one per row: exact, and cheap
 * for the small models diagnostics run on (the layer-wise outer-product trick would save the
 * passes for dense layers but not for convolutions).
 *
 * <pre>{@code
 * double[] losses = PerExample.losses(model, x, y);          // mean(losses) == the batch loss
 * double[][] g = PerExample.gradients(model, x, y);          // g[k] = ∇ℓ_k, length model.parameters().numel()
 * double[] gA = PerExample.meanGradient(model, xA, yA);      // ∇ of the group's mean loss
 * }</pre>
 */
public final class PerExample {
    private PerExample() {}

    /** The loss of each example of {@code x} (leading axis = batch) against {@code y}, one batched forward pass. */
    public static double[] losses(Model model, Tensor x, Tensor y) {
        checkBatch("PerExample.losses", x, y);
        model.module().eval();
        try (NoGrad scope = NoGrad.enter()) {
            Variable out = model.module().forward(Variable.constant(input(model, x)));
            Variable per = perExampleLoss(model, out, y);
            int n = x.shape()[0];
            double[] v = per.value().to(DType.FLOAT64).contiguous().toDoubleArray();
            if (v.length == n) return v;
            double[] rows = new double[n];                 // MSE on [N, k] outputs: the mean over each row
            int k = v.length / n;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < k; j++) s += v[i * k + j];
                rows[i] = s / k;
            }
            return rows;
        }
    }

    /** {@code g[k] = ∇_θ ℓ_k(θ)} flattened ({@link #flatten} order): one single-example backward pass per row. */
    public static double[][] gradients(Model model, Tensor x, Tensor y) {
        checkBatch("PerExample.gradients", x, y);
        int n = x.shape()[0];
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) g[i] = meanGradient(model, x.slice(0, i, i + 1), y.slice(0, i, i + 1));
        return g;
    }

    /** The gradient of the mean loss of the batch ({@code x}, {@code y}), flattened; one backward pass. */
    public static double[] meanGradient(Model model, Tensor x, Tensor y) {
        checkBatch("PerExample.meanGradient", x, y);
        model.module().eval();
        model.module().zeroGrad();
        model.loss(Variable.constant(x.contiguous()), y.contiguous()).backward();
        return flatten(model.gradients());
    }

    /**
     * The last-layer proxy gradient of a cross-entropy model: {@code softmax(z_k) − onehot(y_k)}
     * per example, the gradient of ℓ_k with respect to the logits ({@code [N][K]}).
     */
    public static double[][] logitGradients(Model model, Tensor x, Tensor y) {
        checkBatch("PerExample.logitGradients", x, y);
        if (model.loss() != Model.Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("PerExample.logitGradients: needs a CROSS_ENTROPY model, got " + model.loss());
        }
        model.module().eval();
        try (NoGrad scope = NoGrad.enter()) {
            Tensor z = model.module().forward(Variable.constant(input(model, x))).value().to(DType.FLOAT64).contiguous();
            int n = z.shape()[0], k = z.shape()[1];
            double[] zs = z.toDoubleArray();
            long[] labels = y.to(DType.INT64).toLongArray();
            double[][] r = new double[n][k];
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) max = Math.max(max, zs[i * k + j]);
                double sum = 0;
                for (int j = 0; j < k; j++) sum += r[i][j] = Math.exp(zs[i * k + j] - max);
                for (int j = 0; j < k; j++) r[i][j] /= sum;
                r[i][(int) labels[i]] -= 1;
            }
            return r;
        }
    }

    /** All tensors of {@code p} in name order, each row-major, as one float64 vector. */
    public static double[] flatten(Params p) {
        double[] out = new double[Math.toIntExact(p.numel())];
        int at = 0;
        for (String name : p.names()) {
            double[] v = p.get(name).to(DType.FLOAT64).contiguous().toDoubleArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    private static Variable perExampleLoss(Model model, Variable out, Tensor y) {
        int n = out.shape()[0];
        switch (model.loss()) {
            case CROSS_ENTROPY:
                return Losses.crossEntropy(out, y.to(DType.INT64), 0, Reduction.NONE);
            case BINARY_LOGISTIC:
                return Losses.binaryLogistic(out.reshape(n), Variable.constant(y.to(out.dtype()).mul(2).sub(1)), Reduction.NONE);
            default:
                return Losses.mse(out, Variable.constant(y.to(out.dtype()).reshape(out.shape())), Reduction.NONE);
        }
    }

    private static Tensor input(Model model, Tensor x) {
        int[] one = model.inputShape();
        int[] shape = new int[one.length + 1];
        shape[0] = x.shape()[0];
        System.arraycopy(one, 0, shape, 1, one.length);
        Tensor r = x.contiguous().reshape(shape);
        return r.dtype() == model.dtype() ? r : r.to(model.dtype());
    }

    private static void checkBatch(String op, Tensor x, Tensor y) {
        if (x.dim() == 0 || y.dim() == 0 || x.shape()[0] != y.shape()[0] || x.shape()[0] == 0) {
            throw new IllegalArgumentException(op + ": needs a non-empty batch with as many targets as inputs, got x "
                    + java.util.Arrays.toString(x.shape()) + " and y " + java.util.Arrays.toString(y.shape()));
        }
    }
}

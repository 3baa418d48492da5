package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Batch normalization over axis 1 of {@code [N, C]}, {@code [N, C, L]} (PyTorch's
 * BatchNorm1d) or {@code [N, C, H, W]} (BatchNorm2d). Training mode normalizes with the
 * batch mean and biased variance and updates {@code running_mean}, {@code running_var} (with
 * the unbiased variance) as {@code running = (1 − momentum)·running + momentum·batch}, and
 * counts {@code num_batches_tracked}; eval mode uses the running statistics. State names and
 * semantics are PyTorch's.
 *
 * <pre>{@code
 * BatchNorm bn = new BatchNorm(16);          // weight, bias, running_mean, running_var, num_batches_tracked
 * Variable y = bn.forward(x);                // x [N,16,H,W]
 * }</pre>
 */
public class BatchNorm extends Module {
    private final int features;
    private final double eps, momentum;

    public BatchNorm(int features) {
        this(features, 1e-5, 0.1, DType.FLOAT32);
    }

    public BatchNorm(int features, double eps, double momentum, DType dtype) {
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        param("weight", Init.ones(), dtype, features);
        param("bias", Init.zeros(), dtype, features);
        buffer("running_mean", Tensor.zeros(dtype, features));
        buffer("running_var", Tensor.ones(dtype, features));
        buffer("num_batches_tracked", Tensor.zeros(DType.INT64));
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length < 2 || s.length > 4 || s[1] != features) throw shapeError("[N," + features + "] or [N," + features + ",L] or [N," + features + ",H,W]", s);
        int[] axes = new int[s.length - 1];
        axes[0] = 0;
        for (int i = 2; i < s.length; i++) axes[i - 1] = i;
        int[] bshape = new int[s.length];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = features;
        Variable mean, var;
        if (isTraining()) {
            mean = x.mean(axes, true);
            var = x.sub(mean).square().mean(axes, true);
            updateRunning(mean.value(), var.value(), x.value().numel() / features);
        } else {
            mean = Variable.constant(b("running_mean").reshape(bshape));
            var = Variable.constant(b("running_var").reshape(bshape));
        }
        Variable xhat = x.sub(mean).mul(var.add(eps).rsqrt());
        return xhat.mul(p("weight").reshape(bshape)).add(p("bias").reshape(bshape));
    }

    private void updateRunning(Tensor mean, Tensor var, int n) {
        try (NoGrad scope = NoGrad.enter()) {
            Tensor rm = b("running_mean"), rv = b("running_var");
            rm.lerpInPlace(mean.reshape(features).to(rm.dtype()), momentum);
            rv.lerpInPlace(var.reshape(features).mul(n / Math.max(1.0, n - 1)).to(rv.dtype()), momentum);
            Tensor count = b("num_batches_tracked");
            count.setAt(count.item() + 1);
        }
    }

    @Override
    public String toString() {
        return "BatchNorm(" + features + ")";
    }
}

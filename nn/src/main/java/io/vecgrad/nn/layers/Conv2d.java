package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;

/**
 * 2-D convolution on NCHW input; weight {@code [out, in/groups, k, k]}, bias {@code [out]},
 * PyTorch's default init.
 *
 * <pre>{@code
 * Conv2d c1 = new Conv2d(1, 16, 5, 1, 2);     // 5x5, stride 1, padding 2: [N,1,28,28] → [N,16,28,28]
 * }</pre>
 */
public class Conv2d extends Module {
    private final int in, out, kernel;
    private final Conv2dSpec spec;

    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, Conv2dSpec.of(stride, padding), true, DType.FLOAT32);
    }

    public Conv2d(int in, int out, int kernel, Conv2dSpec spec, boolean bias, DType dtype) {
        if (spec.groups() <= 0 || in % spec.groups() != 0 || out % spec.groups() != 0) {
            throw new IllegalArgumentException("Conv2d: channels in=" + in + ", out=" + out + " must be divisible by groups=" + spec.groups());
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.spec = spec;
        param("weight", Init.torchDefault(), dtype, out, in / spec.groups(), kernel, kernel);
        if (bias) param("bias", Init.torchBias(in / spec.groups() * kernel * kernel), dtype, out);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != in) {
            throw shapeError("[N, " + in + ", H, W] (weight [" + out + ", " + in / spec.groups() + ", " + kernel + ", " + kernel + "])", s);
        }
        return Conv.conv2d(x, p("weight"), hasParam("bias") ? p("bias") : null, spec);
    }

    @Override
    public String toString() {
        return "Conv2d(in=" + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + spec.strideH() + ", padding=" + spec.padH() + ")";
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Conv2d.class;
    }
}

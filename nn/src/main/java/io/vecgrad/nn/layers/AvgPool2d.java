package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.nn.Module;

/** Average pooling with square windows on NCHW input (padding counts in the divisor, as PyTorch). */
public class AvgPool2d extends Module {
    private final int kernel, stride, padding;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 4) throw shapeError("[N,C,H,W]", x.shape());
        return Conv.avgPool2d(x, kernel, stride, padding);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}

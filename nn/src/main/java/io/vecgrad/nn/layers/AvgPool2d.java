package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;

/** Average pooling with square windows on NCHW input (padding counts in the divisor, as PyTorch). */
public class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    Variable pool(Variable x) {
        return Conv.avgPool2d(x, kernel, stride, padding);
    }
}

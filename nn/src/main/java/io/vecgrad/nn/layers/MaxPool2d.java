package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;

/** Max pooling with square windows on NCHW input; stride defaults to the kernel size. */
public class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    Variable pool(Variable x) {
        return Conv.maxPool2d(x, kernel, stride, padding);
    }
}

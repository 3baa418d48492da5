package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;

/** What max and average pooling share: square windows on NCHW input, the shape check and the name. */
abstract class Pool2d extends Module {
    final int kernel, stride, padding;

    Pool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** The pooling op on a checked [N,C,H,W] input. */
    abstract Variable pool(Variable x);

    @Override
    public final Variable forward(Variable x) {
        if (x.shape().length != 4) throw shapeError("[N,C,H,W]", x.shape());
        return pool(x);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == MaxPool2d.class || getClass() == AvgPool2d.class;
    }
}

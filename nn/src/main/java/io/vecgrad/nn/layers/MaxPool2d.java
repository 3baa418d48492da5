package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;

/**
 * Max pooling with square windows on NCHW input; stride defaults to the kernel size. 2×2 windows
 * with stride 2 and no padding run the index-free SIMD kernel ({@link Conv#maxPool2x2}: same bits,
 * no argmax kept); other geometries keep the argmax ({@link Conv#maxPool2d}).
 *
 * <pre>{@code
 * Variable y = new MaxPool2d(2).forward(x);   // [N,C,H,W] → [N,C,H/2,W/2]
 * }</pre>
 */
public class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    Variable pool(Variable x) {
        if (kernel == 2 && stride == 2 && padding == 0) {
            return Conv.maxPool2x2(x, false);
        }
        return Conv.maxPool2d(x, kernel, stride, padding);
    }
}

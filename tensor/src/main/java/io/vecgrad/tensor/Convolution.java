package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.Conv2dGeometry;
import io.vecgrad.tensor.kernel.Pool2dGeometry;

/**
 * 2-D convolution and pooling on NCHW tensors, with the gradient kernels autodiff needs. Inputs
 * are made contiguous and converted to a common floating dtype; geometry errors name the
 * operation and the shapes (see {@link Conv2dGeometry}).
 *
 * <pre>{@code
 * Tensor x = rng.normal(DType.FLOAT32, 0, 1, 64, 1, 28, 28);
 * Tensor w = rng.normal(DType.FLOAT32, 0, 0.1, 16, 1, 5, 5);
 * Tensor y = Convolution.conv2d(x, w, null, Convolution.Conv2dSpec.of(1, 2));   // [64,16,28,28]
 * Convolution.Pooled p = Convolution.maxPool2d(y, 2, 2, 0);            // [64, 16, 14, 14]
 * }</pre>
 */
public final class Convolution {
    private Convolution() {}

    /** Stride, padding, dilation (per axis) and groups of a convolution. */
    public record Conv2dSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        /** Same stride and padding on both axes, no dilation, one group. */
        public static Conv2dSpec of(int stride, int padding) {
            return new Conv2dSpec(stride, stride, padding, padding, 1, 1, 1);
        }

        /** Same stride, padding and dilation on both axes. */
        public static Conv2dSpec of(int stride, int padding, int dilation, int groups) {
            return new Conv2dSpec(stride, stride, padding, padding, dilation, dilation, groups);
        }

        Conv2dGeometry geometry(int[] input, int[] weight) {
            return Conv2dGeometry.of(input, weight, strideH, strideW, padH, padW, dilationH, dilationW, groups);
        }
    }

    /** Max-pooling output and, per output element, the index of the chosen input within its H·W plane. */
    public record Pooled(Tensor values, Tensor argmax) {}

    /** {@code y = conv2d(x, w) + bias}; x [N,C,H,W], w [Cout, C/groups, kH, kW], bias [Cout] or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec) {
        DType dt = floating(x, w);
        Tensor xc = x.to(dt).contiguous(), wc = w.to(dt).contiguous();
        Conv2dGeometry g = spec.geometry(xc.shape(), wc.shape());
        Tensor b = bias == null ? null : bias.to(dt).contiguous();
        if (b != null && (b.dim() != 1 || b.size(0) != g.outChannels())) {
            throw new IllegalArgumentException("conv2d: bias shape " + Shape.str(b.shape()) + " does not match "
                    + g.outChannels() + " output channels of weight " + Shape.str(w.shape()));
        }
        Tensor y = Tensor.allocUninitialized(dt, g.outputShape());   // every path writes every element
        Kernels.conv2d(g, xc, wc, b, y);
        return y;
    }

    /** Gradient of conv2d with respect to its input: a tensor of {@code inputShape}. */
    public static Tensor conv2dBackwardInput(Tensor dy, Tensor w, int[] inputShape, Conv2dSpec spec) {
        DType dt = floating(dy, w);
        Tensor g = dy.to(dt).contiguous(), wc = w.to(dt).contiguous();
        Conv2dGeometry geo = spec.geometry(inputShape, wc.shape());
        requireShape("conv2d backward", "output gradient", g, geo.outputShape());
        Tensor dx = Tensor.allocUninitialized(dt, inputShape.clone());   // every path writes every element
        Kernels.conv2dBackwardInput(geo, g, wc, dx);
        return dx;
    }

    /** Gradient of conv2d with respect to its weight: a tensor of {@code weightShape}. */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor dy, int[] weightShape, Conv2dSpec spec) {
        DType dt = floating(x, dy);
        Tensor xc = x.to(dt).contiguous(), g = dy.to(dt).contiguous();
        Conv2dGeometry geo = spec.geometry(xc.shape(), weightShape);
        requireShape("conv2d backward", "output gradient", g, geo.outputShape());
        Tensor dw = Tensor.zeros(dt, weightShape);
        Kernels.conv2dBackwardWeight(geo, xc, g, dw);
        return dw;
    }

    /**
     * Gradient of conv2d with respect to its bias: {@code dy [N,C,H,W]} summed over N, H and W,
     * a tensor {@code [C]}. The same values as {@code dy.sum(new int[] {0, 2, 3}, false)} up to
     * the order of the additions: each channel adds its planes in ascending N, read in place.
     *
     * <pre>{@code
     * Tensor db = Convolution.conv2dBackwardBias(dy);   // [64,16,28,28] → [16]
     * }</pre>
     */
    public static Tensor conv2dBackwardBias(Tensor dy) {
        if (dy.dim() != 4) {
            throw new IllegalArgumentException("conv2d backward bias: output gradient must be [N,C,H,W], got " + Shape.str(dy.shape()));
        }
        Tensor g = dy.to(dy.dtype().toFloating()).contiguous();
        Tensor db = Tensor.allocUninitialized(g.dtype(), new int[] {g.size(1)});
        Kernels.conv2dBackwardBias(g, db);
        return db;
    }

    /** Max pooling with square windows; {@code stride} 0 means the kernel size. */
    public static Pooled maxPool2d(Tensor x, int kernel, int stride, int padding) {
        Tensor xc = x.to(x.dtype().toFloating()).contiguous();
        Pool2dGeometry g = Pool2dGeometry.max(xc.shape(), kernel, stride == 0 ? kernel : stride, padding, 1);
        Tensor y = Tensor.zeros(xc.dtype(), g.outputShape());
        Tensor arg = Tensor.zeros(DType.INT32, g.outputShape());
        Kernels.maxPool2d(g, xc, y, arg);
        return new Pooled(y, arg);
    }

    /** Gradient of max pooling: routes each output gradient to its argmax. */
    public static Tensor maxPool2dBackward(Tensor dy, Tensor argmax, int[] inputShape, int kernel, int stride, int padding) {
        Pool2dGeometry g = Pool2dGeometry.max(inputShape, kernel, stride == 0 ? kernel : stride, padding, 1);
        Tensor d = dy.to(dy.dtype().toFloating()).contiguous();
        Tensor a = argmax.contiguous();
        requireShape("maxpool2d backward", "output gradient", d, g.outputShape());
        Tensor dx = Tensor.zeros(d.dtype(), inputShape);
        Kernels.maxPool2dBackward(g, d, a, dx);
        return dx;
    }

    /**
     * 2×2 max pooling with stride 2 and no padding of {@code x}, or of {@code relu(x)} when
     * {@code relu}, without an argmax: the same values as {@link #maxPool2d}{@code (relu ? x.relu() : x, 2, 2, 0)}.
     * Its gradient is {@link #maxPool2x2Backward}, which recomputes the winners from {@code x}.
     *
     * <pre>{@code
     * Tensor p = Convolution.maxPool2x2(y, true);                 // maxpool(relu(y)), [64,16,14,14]
     * Tensor dy = Convolution.maxPool2x2Backward(g, y, true);     // [64,16,28,28]
     * }</pre>
     */
    public static Tensor maxPool2x2(Tensor x, boolean relu) {
        Tensor xc = x.to(x.dtype().toFloating()).contiguous();
        Pool2dGeometry g = halving("maxpool2x2", xc.shape());
        Tensor y = Tensor.allocUninitialized(xc.dtype(), g.outputShape());   // the kernels write every element
        Kernels.maxPool2x2(g, xc, y, relu);
        return y;
    }

    /**
     * Gradient of {@link #maxPool2x2} at input {@code x}: {@code dy} routed to each window's
     * winner, times ReLU's mask {@code x > 0} when {@code relu}; bit for bit what
     * {@link #maxPool2dBackward} with the forward's argmax (then the mask product) gives.
     */
    public static Tensor maxPool2x2Backward(Tensor dy, Tensor x, boolean relu) {
        Tensor xc = x.to(x.dtype().toFloating()).contiguous();
        Pool2dGeometry g = halving("maxpool2x2 backward", xc.shape());
        Tensor d = dy.to(xc.dtype()).contiguous();
        requireShape("maxpool2x2 backward", "output gradient", d, g.outputShape());
        Tensor dx = Tensor.allocUninitialized(xc.dtype(), xc.shapeRef());   // the kernel writes every element
        Kernels.maxPool2x2Backward(g, xc, d, dx, relu);
        return dx;
    }

    private static Pool2dGeometry halving(String op, int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(op + ": input must be [N,C,H,W], got " + Shape.str(shape));
        }
        return Pool2dGeometry.max(shape, 2, 2, 0, 1);
    }

    /** Average pooling with square windows (padding counts in the divisor, as PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        Tensor xc = x.to(x.dtype().toFloating()).contiguous();
        Pool2dGeometry g = Pool2dGeometry.avg(xc.shape(), kernel, stride == 0 ? kernel : stride, padding);
        Tensor y = Tensor.zeros(xc.dtype(), g.outputShape());
        Kernels.avgPool2d(g, xc, y);
        return y;
    }

    /** Gradient of average pooling. */
    public static Tensor avgPool2dBackward(Tensor dy, int[] inputShape, int kernel, int stride, int padding) {
        Pool2dGeometry g = Pool2dGeometry.avg(inputShape, kernel, stride == 0 ? kernel : stride, padding);
        Tensor d = dy.to(dy.dtype().toFloating()).contiguous();
        requireShape("avgpool2d backward", "output gradient", d, g.outputShape());
        Tensor dx = Tensor.zeros(d.dtype(), inputShape);
        Kernels.avgPool2dBackward(g, d, dx);
        return dx;
    }

    private static DType floating(Tensor a, Tensor b) {
        return DType.promote(a.dtype(), b.dtype()).toFloating();
    }

    private static void requireShape(String op, String what, Tensor t, int[] want) {
        if (!java.util.Arrays.equals(t.shape(), want)) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shape.str(t.shape()) + ", expected " + Shape.str(want));
        }
    }
}

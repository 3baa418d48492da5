package io.vecgrad.tensor.kernel;

/**
 * Validated shapes and window parameters of one NCHW 2-D pooling ("maxpool2d" or "avgpool2d").
 *
 * <p>Input is {@code [batch, channels, inHeight, inWidth]}, output
 * {@code [batch, channels, outHeight, outWidth]} with PyTorch's size rule
 * {@code floor((H + 2p - d(k-1) - 1) / s) + 1} (no ceil mode). As in PyTorch, padding may be
 * at most half the kernel, and average pooling has no dilation.
 *
 * <pre>{@code
 * // LeNet's 2x2 max pool with stride 2 on [64,16,28,28]
 * Pool2dGeometry g = Pool2dGeometry.max(new int[] {64, 16, 28, 28}, 2, 2, 0, 1);
 * g.outHeight();   // 14
 * }</pre>
 */
public record Pool2dGeometry(String op, int batch, int channels, int inHeight, int inWidth,
                             int kernelHeight, int kernelWidth, int strideH, int strideW,
                             int padH, int padW, int dilationH, int dilationW,
                             int outHeight, int outWidth) {

    /** Name used in messages of max pooling. */
    public static final String MAX = "maxpool2d";
    /** Name used in messages of average pooling. */
    public static final String AVG = "avgpool2d";

    /** Checks every invariant; messages name the op and the input shape. */
    public Pool2dGeometry {
        if (!MAX.equals(op) && !AVG.equals(op)) {
            throw new IllegalArgumentException("pool2d: op must be " + MAX + " or " + AVG + ", not " + op);
        }
        int[] in = {batch, channels, inHeight, inWidth};
        // Built only when a check fails: every pooling call constructs a geometry.
        java.util.function.Supplier<String> where = () -> op + ": input " + Conv2dGeometry.shape(in) + " with kernel ["
                + kernelHeight + "," + kernelWidth + "], stride [" + strideH + "," + strideW + "], padding [" + padH + "," + padW
                + "], dilation [" + dilationH + "," + dilationW + "]";
        if (batch <= 0 || channels <= 0 || inHeight <= 0 || inWidth <= 0) {
            throw new IllegalArgumentException(op + ": input " + Conv2dGeometry.shape(in) + " has a non-positive dimension");
        }
        if (kernelHeight <= 0 || kernelWidth <= 0 || strideH <= 0 || strideW <= 0
                || dilationH <= 0 || dilationW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException(where.get() + ": kernel, stride and dilation must be positive, padding non-negative");
        }
        if (AVG.equals(op) && (dilationH != 1 || dilationW != 1)) {
            throw new IllegalArgumentException(where.get() + ": average pooling has no dilation");
        }
        if (2 * padH > kernelHeight || 2 * padW > kernelWidth) {
            throw new IllegalArgumentException(where.get() + ": padding must be at most half the kernel");
        }
        int oh = Conv2dGeometry.outputSize(inHeight, kernelHeight, strideH, padH, dilationH);
        int ow = Conv2dGeometry.outputSize(inWidth, kernelWidth, strideW, padW, dilationW);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(where.get() + " gives non-positive output size " + oh + "x" + ow);
        }
        if (oh != outHeight || ow != outWidth) {
            throw new IllegalArgumentException(where.get() + ": output size " + outHeight + "x" + outWidth
                    + " should be " + oh + "x" + ow);
        }
        if (!everyWindowTouchesInput(oh, inHeight, kernelHeight, strideH, padH, dilationH)
                || !everyWindowTouchesInput(ow, inWidth, kernelWidth, strideW, padW, dilationW)) {
            throw new IllegalArgumentException(where.get() + ": some window covers only padding");
        }
    }

    /** Max pooling geometry; the usual default stride is the kernel size. */
    public static Pool2dGeometry max(int[] inputShape, int kernelH, int kernelW, int strideH, int strideW,
                                     int padH, int padW, int dilationH, int dilationW) {
        return of(MAX, inputShape, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW);
    }

    /** Square max pooling: same kernel, stride, padding and dilation on both axes. */
    public static Pool2dGeometry max(int[] inputShape, int kernel, int stride, int padding, int dilation) {
        return max(inputShape, kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    /** Average pooling geometry (count_include_pad: padded zeros count in the divisor). */
    public static Pool2dGeometry avg(int[] inputShape, int kernelH, int kernelW, int strideH, int strideW,
                                     int padH, int padW) {
        return of(AVG, inputShape, kernelH, kernelW, strideH, strideW, padH, padW, 1, 1);
    }

    /** Square average pooling. */
    public static Pool2dGeometry avg(int[] inputShape, int kernel, int stride, int padding) {
        return avg(inputShape, kernel, kernel, stride, stride, padding, padding);
    }

    private static Pool2dGeometry of(String op, int[] in, int kh, int kw, int sh, int sw,
                                     int ph, int pw, int dh, int dw) {
        if (in == null || in.length != 4) {
            throw new IllegalArgumentException(op + ": input " + Conv2dGeometry.shape(in) + " must have 4 dimensions (N,C,H,W)");
        }
        int oh = Conv2dGeometry.outputSize(in[2], kh, Math.max(sh, 1), ph, dh);
        int ow = Conv2dGeometry.outputSize(in[3], kw, Math.max(sw, 1), pw, dw);
        return new Pool2dGeometry(op, in[0], in[1], in[2], in[3], kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    /** With dilation a window may step over the whole input; max of nothing is undefined, so reject. */
    private static boolean everyWindowTouchesInput(int out, int in, int k, int s, int p, int d) {
        for (int o = 0; o < out; o++) {
            boolean touches = false;
            for (int t = 0; t < k && !touches; t++) {
                int pos = o * s - p + t * d;
                touches = pos >= 0 && pos < in;
            }
            if (!touches) {
                return false;
            }
        }
        return true;
    }

    public int inputPlane() {
        return inHeight * inWidth;
    }

    public int outputPlane() {
        return outHeight * outWidth;
    }

    public int inputSize() {
        return batch * channels * inputPlane();
    }

    public int outputSize() {
        return batch * channels * outputPlane();
    }

    public int[] inputShape() {
        return new int[] {batch, channels, inHeight, inWidth};
    }

    public int[] outputShape() {
        return new int[] {batch, channels, outHeight, outWidth};
    }
}

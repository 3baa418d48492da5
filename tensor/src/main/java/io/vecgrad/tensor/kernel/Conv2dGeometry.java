package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Validated shapes and hyper-parameters of one NCHW 2-D convolution.
 *
 * <p>Input is {@code [batch, inChannels, inHeight, inWidth]}, weight is
 * {@code [outChannels, inChannels/groups, kernelHeight, kernelWidth]} and output is
 * {@code [batch, outChannels, outHeight, outWidth]}, all contiguous row-major. The output
 * size follows PyTorch: {@code floor((H + 2p - d(k-1) - 1) / s) + 1}.
 *
 * <p>Build instances with {@link #of}; the canonical constructor re-checks every invariant,
 * so a geometry that exists is always consistent and the kernels need no further checks.
 *
 * <pre>{@code
 * // LeNet conv1: input [64,1,28,28], weight [16,1,5,5], stride 1, padding 2
 * Conv2dGeometry g = Conv2dGeometry.of(new int[] {64, 1, 28, 28}, new int[] {16, 1, 5, 5}, 1, 2, 1, 1);
 * g.outHeight();   // 28
 * }</pre>
 */
public record Conv2dGeometry(int batch, int inChannels, int inHeight, int inWidth,
                             int outChannels, int groups, int kernelHeight, int kernelWidth,
                             int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW, int outHeight, int outWidth) {

    private static final String OP = "conv2d";

    /** Checks every invariant; messages name the op and the shapes involved. */
    public Conv2dGeometry {
        int[] in = {batch, inChannels, inHeight, inWidth};
        int[] wt = {outChannels, groups > 0 ? inChannels / groups : inChannels, kernelHeight, kernelWidth};
        requirePositive("input", in);
        requirePositive("weight", new int[] {outChannels, kernelHeight, kernelWidth});
        requireHyper(strideH, strideW, padH, padW, dilationH, dilationW, groups);
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(OP + ": input " + shape(in) + " and weight with "
                    + outChannels + " output channels: both channel counts must be divisible by groups=" + groups);
        }
        int oh = outputSize(inHeight, kernelHeight, strideH, padH, dilationH);
        int ow = outputSize(inWidth, kernelWidth, strideW, padW, dilationW);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(OP + ": input " + shape(in) + " with weight "
                    + shape(wt) + ", stride [" + strideH + "," + strideW + "], padding [" + padH + ","
                    + padW + "], dilation [" + dilationH + "," + dilationW + "] gives non-positive output size "
                    + oh + "x" + ow);
        }
        if (oh != outHeight || ow != outWidth) {
            throw new IllegalArgumentException(OP + ": output size " + outHeight + "x" + outWidth
                    + " does not match input " + shape(in) + " and weight " + shape(wt)
                    + ", expected " + oh + "x" + ow);
        }
    }

    /**
     * Geometry for input shape {@code [N,C,H,W]} and weight shape {@code [Cout, C/groups, kH, kW]}
     * with per-axis stride, padding and dilation.
     *
     * @throws IllegalArgumentException naming "conv2d" and the shapes when they do not fit
     */
    public static Conv2dGeometry of(int[] inputShape, int[] weightShape,
                                    int strideH, int strideW, int padH, int padW,
                                    int dilationH, int dilationW, int groups) {
        requireRank("input", inputShape);
        requireRank("weight", weightShape);
        requirePositive("input", inputShape);
        requirePositive("weight", weightShape);
        requireHyper(strideH, strideW, padH, padW, dilationH, dilationW, groups);
        int expected = weightShape[1] * groups;
        if (inputShape[1] != expected) {
            throw new IllegalArgumentException(OP + ": input " + shape(inputShape) + " has "
                    + inputShape[1] + " channels but weight " + shape(weightShape) + " expects "
                    + expected + " (groups=" + groups + ")");
        }
        if (weightShape[0] % groups != 0) {
            throw new IllegalArgumentException(OP + ": weight " + shape(weightShape) + " has "
                    + weightShape[0] + " output channels, not divisible by groups=" + groups);
        }
        int oh = outputSize(inputShape[2], weightShape[2], strideH, padH, dilationH);
        int ow = outputSize(inputShape[3], weightShape[3], strideW, padW, dilationW);
        return new Conv2dGeometry(inputShape[0], inputShape[1], inputShape[2], inputShape[3],
                weightShape[0], groups, weightShape[2], weightShape[3],
                strideH, strideW, padH, padW, dilationH, dilationW, oh, ow);
    }

    /** Same stride, padding and dilation on both axes. */
    public static Conv2dGeometry of(int[] inputShape, int[] weightShape,
                                    int stride, int padding, int dilation, int groups) {
        return of(inputShape, weightShape, stride, stride, padding, padding, dilation, dilation, groups);
    }

    /** PyTorch's output size {@code floor((in + 2p - d(k-1) - 1) / s) + 1}; may be non-positive. */
    public static int outputSize(int in, int kernel, int stride, int pad, int dilation) {
        // floorDiv, not '/': a negative numerator must round down to give a non-positive size.
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** Rows of the im2col matrix of one group: {@code C/groups * kH * kW}. */
    public int patchSize() {
        return inChannelsPerGroup() * kernelHeight * kernelWidth;
    }

    public int inputPlane() {
        return inHeight * inWidth;
    }

    public int outputPlane() {
        return outHeight * outWidth;
    }

    public int inputSize() {
        return batch * inChannels * inputPlane();
    }

    public int weightSize() {
        return outChannels * patchSize();
    }

    public int outputSize() {
        return batch * outChannels * outputPlane();
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, inHeight, inWidth};
    }

    public int[] weightShape() {
        return new int[] {outChannels, inChannelsPerGroup(), kernelHeight, kernelWidth};
    }

    public int[] outputShape() {
        return new int[] {batch, outChannels, outHeight, outWidth};
    }

    /** Throws unless {@code array} holds {@code size} elements from {@code offset}. */
    static void requireLength(String op, String name, int[] shape, int length, int offset) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (offset < 0 || offset + size > length) {
            throw new IllegalArgumentException(op + ": " + name + " " + shape(shape) + " needs "
                    + size + " elements from offset " + offset + " but the array has " + length);
        }
    }

    /** Formats a shape as {@code [64,3,28,28]}, the form every kernel message uses. */
    static String shape(int[] dims) {
        return dims == null ? "null" : Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private static void requireRank(String name, int[] shape) {
        if (shape == null || shape.length != 4) {
            throw new IllegalArgumentException(OP + ": " + name + " " + shape(shape)
                    + " must have 4 dimensions (" + ("input".equals(name) ? "N,C,H,W" : "Cout,Cin/groups,kH,kW") + ")");
        }
    }

    private static void requirePositive(String name, int[] shape) {
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(OP + ": " + name + " " + shape(shape)
                        + " has a non-positive dimension");
            }
        }
    }

    private static void requireHyper(int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        if (sh <= 0 || sw <= 0) {
            throw new IllegalArgumentException(OP + ": stride [" + sh + "," + sw + "] must be positive");
        }
        if (ph < 0 || pw < 0) {
            throw new IllegalArgumentException(OP + ": padding [" + ph + "," + pw + "] must be non-negative");
        }
        if (dh <= 0 || dw <= 0) {
            throw new IllegalArgumentException(OP + ": dilation [" + dh + "," + dw + "] must be positive");
        }
        if (groups <= 0) {
            throw new IllegalArgumentException(OP + ": groups=" + groups + " must be positive");
        }
    }
}

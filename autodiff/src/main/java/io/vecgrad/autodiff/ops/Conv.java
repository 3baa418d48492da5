package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Convolution;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.Tensor;

/**
 * 2-D convolution and pooling on NCHW inputs, over the kernels of {@link Convolution}.
 *
 * <p>Every backward is itself a differentiable op, so second order works: conv2d's input
 * gradient is {@code conv2dBackwardInput(g, w)}, bilinear in (g, w), whose adjoints are
 * {@code conv2d(·, w)} and {@code conv2dBackwardWeight(·, g)}; its weight gradient is
 * {@code conv2dBackwardWeight(x, g)}, whose adjoints are {@code conv2dBackwardInput(g, ·)} and
 * {@code conv2d(x, ·)}. Max pooling's backward scatters by argmax (a linear map whose adjoint
 * is the gather by the same argmax); average pooling and its backward are each other's
 * adjoints. The argmax is a constant of the forward, so max pooling's second derivative is 0.
 *
 * <pre>{@code
 * Variable y = Conv.conv2d(x, w, b, Convolution.Conv2dSpec.of(1, 2));   // [N,16,28,28]
 * Variable p = Conv.maxPool2d(y.relu(), 2, 2, 0);                       // [N,16,14,14]
 * }</pre>
 */
public final class Conv {
    private Conv() {}

    /** Op names of this family (see {@link OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of(
            "conv2d", "conv2dBackwardInput", "conv2dBackwardWeight",
            "maxPool2d", "maxPool2dBackward", "avgPool2d", "avgPool2dBackward",
            "maxPool2x2", "reluMaxPool2x2", "maxPool2x2Backward", "conv2dBackwardBias");

    /** {@code conv2d(x, w) + bias}: x [N,C,H,W], w [Cout, C/groups, kH, kW], bias [Cout] or null. */
    public static Variable conv2d(Variable x, Variable w, Variable bias, Conv2dSpec spec) {
        int[] xShape = x.value().shape(), wShape = w.value().shape();
        Tensor y = Convolution.conv2d(x.value(), w.value(), bias == null ? null : bias.value(), spec);
        if (bias == null) {
            return Tape.record("conv2d", y, (g, out, s) -> {
                if (s.needs(0)) s.put(0, conv2dBackwardInput(g, w, xShape, spec));
                if (s.needs(1)) s.put(1, conv2dBackwardWeight(x, g, wShape, spec));
            }, Tape.SAVE_IN0 | Tape.SAVE_IN1, x, w);
        }
        return Tape.record("conv2d", y, (g, out, s) -> {
            if (s.needs(0)) s.put(0, conv2dBackwardInput(g, w, xShape, spec));
            if (s.needs(1)) s.put(1, conv2dBackwardWeight(x, g, wShape, spec));
            if (s.needs(2)) s.put(2, conv2dBackwardBias(g));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, x, w, bias);
    }

    /**
     * The bias gradient of conv2d for output cotangent {@code g [N,C,H,W]}: g summed over N, H
     * and W, read in place ({@link Convolution#conv2dBackwardBias}). Its adjoint broadcasts a
     * {@code [C]} cotangent back over N, H and W.
     *
     * <pre>{@code
     * Variable db = Conv.conv2dBackwardBias(g);   // [64,16,28,28] → [16]
     * }</pre>
     */
    public static Variable conv2dBackwardBias(Variable g) {
        int[] gShape = g.value().shape();
        return Tape.record("conv2dBackwardBias", Convolution.conv2dBackwardBias(g.value()),
                (h, out, s) -> s.put(0, h.reshape(1, gShape[1], 1, 1).expand(gShape)), 0, g);
    }

    /** The input gradient of conv2d for output cotangent {@code g}: a value of {@code inputShape}. */
    public static Variable conv2dBackwardInput(Variable g, Variable w, int[] inputShape, Conv2dSpec spec) {
        int[] wShape = w.value().shape();
        Tensor dx = Convolution.conv2dBackwardInput(g.value(), w.value(), inputShape, spec);
        return Tape.record("conv2dBackwardInput", dx, (h, out, s) -> {
            if (s.needs(0)) s.put(0, conv2d(h, w, null, spec));
            if (s.needs(1)) s.put(1, conv2dBackwardWeight(h, g, wShape, spec));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, g, w);
    }

    /** The weight gradient of conv2d for input {@code x} and output cotangent {@code g}: a value of {@code weightShape}. */
    public static Variable conv2dBackwardWeight(Variable x, Variable g, int[] weightShape, Conv2dSpec spec) {
        int[] xShape = x.value().shape();
        Tensor dw = Convolution.conv2dBackwardWeight(x.value(), g.value(), weightShape, spec);
        return Tape.record("conv2dBackwardWeight", dw, (h, out, s) -> {
            if (s.needs(0)) s.put(0, conv2dBackwardInput(g, h, xShape, spec));
            if (s.needs(1)) s.put(1, conv2d(x, h, null, spec));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, x, g);
    }

    /** Max pooling with square windows; {@code stride} 0 means the kernel size. Padding never wins the max. */
    public static Variable maxPool2d(Variable x, int kernel, int stride, int padding) {
        int[] xShape = x.value().shape();
        Convolution.Pooled p = Convolution.maxPool2d(x.value(), kernel, stride, padding);
        Tensor argmax = p.argmax();
        return Tape.recordWithScratch("maxPool2d", p.values(), argmax,
                (g, out, s) -> s.put(0, maxPool2dBackward(g, argmax, xShape, kernel, stride, padding)), 0, x);
    }

    /**
     * Routes each element of {@code g} to the input position {@code argmax} names (an index
     * within the H·W plane, as {@link Convolution#maxPool2d} returns), summing collisions.
     */
    public static Variable maxPool2dBackward(Variable g, Tensor argmax, int[] inputShape, int kernel, int stride, int padding) {
        Tensor dx = Convolution.maxPool2dBackward(g.value(), argmax, inputShape, kernel, stride, padding);
        int[] gShape = g.value().shape();
        return Tape.record("maxPool2dBackward", dx, (h, out, s) -> {
            int n = inputShape[0], c = inputShape[1];
            Tensor index = argmax.reshape(n, c, gShape[2] * gShape[3]);
            s.put(0, h.reshape(n, c, inputShape[2] * inputShape[3]).gather(2, index).reshape(gShape));
        }, 0, g);
    }

    /**
     * 2×2 max pooling with stride 2 and no padding of {@code relu(x)} when {@code relu}, else of
     * {@code x}, with an index-free backward: nothing but {@code x} is saved, and the backward
     * recomputes each window's winner from it (SIMD kernels of {@link Convolution#maxPool2x2}).
     * Values and gradients are bit for bit those of {@code maxPool2d(relu ? x.relu() : x, 2, 2, 0)};
     * with {@code relu} the ReLU output and max pooling's argmax are never materialized.
     *
     * <pre>{@code
     * Variable p = Conv.maxPool2x2(Conv.conv2d(x, w, b, Convolution.Conv2dSpec.of(1, 2)), true);   // conv → ReLU → pool
     * }</pre>
     */
    public static Variable maxPool2x2(Variable x, boolean relu) {
        Tensor y = Convolution.maxPool2x2(x.value(), relu);
        return Tape.record(relu ? "reluMaxPool2x2" : "maxPool2x2", y,
                (g, out, s) -> s.put(0, maxPool2x2Backward(g, x, relu)), Tape.SAVE_IN0, x);
    }

    /**
     * The input gradient of {@link #maxPool2x2} at {@code x} for output cotangent {@code g}. It is
     * linear in {@code g} ({@code x} only selects, so it is treated as a constant, as max pooling's
     * argmax is); its adjoint gathers a cotangent at each window's winner (times ReLU's mask).
     */
    public static Variable maxPool2x2Backward(Variable g, Variable x, boolean relu) {
        Tensor dx = Convolution.maxPool2x2Backward(g.value(), x.value(), relu);
        return Tape.record("maxPool2x2Backward", dx, (h, out, s) -> s.put(0, gatherWinners(h, x.value(), relu)), 0, g);
    }

    /** The adjoint of {@link #maxPool2x2Backward}: h at each window's winner, times the mask there; differentiable in h. */
    private static Variable gatherWinners(Variable h, Tensor x, boolean relu) {
        int[] xs = x.shape();
        int n = xs[0], c = xs[1], outPlane = (xs[2] / 2) * (xs[3] / 2);
        int[] outShape = {n, c, xs[2] / 2, xs[3] / 2};
        Tensor index = Convolution.maxPool2d(relu ? x.relu() : x, 2, 2, 0).argmax().reshape(n, c, outPlane);
        Variable picked = h.reshape(n, c, xs[2] * xs[3]).gather(2, index).reshape(outShape);
        if (!relu) return picked;
        Tensor mask = x.gtMask(0).to(h.value().dtype()).reshape(n, c, xs[2] * xs[3]).gather(2, index).reshape(outShape);
        return picked.mul(Variable.constant(mask));
    }

    /** Average pooling with square windows; padding counts in the divisor (PyTorch's default). */
    public static Variable avgPool2d(Variable x, int kernel, int stride, int padding) {
        int[] xShape = x.value().shape();
        return Tape.record("avgPool2d", Convolution.avgPool2d(x.value(), kernel, stride, padding),
                (g, out, s) -> s.put(0, avgPool2dBackward(g, xShape, kernel, stride, padding)), 0, x);
    }

    /** The input gradient of average pooling (its adjoint); a value of {@code inputShape}. */
    public static Variable avgPool2dBackward(Variable g, int[] inputShape, int kernel, int stride, int padding) {
        return Tape.record("avgPool2dBackward", Convolution.avgPool2dBackward(g.value(), inputShape, kernel, stride, padding),
                (h, out, s) -> s.put(0, avgPool2d(h, kernel, stride, padding)), 0, g);
    }
}

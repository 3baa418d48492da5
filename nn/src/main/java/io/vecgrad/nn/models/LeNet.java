package io.vecgrad.nn.models;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Conv2d;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.tensor.random.Rng;

/**
 * A LeNet-style CNN: {@code conv(k, pad k/2) → ReLU → maxpool 2 → conv → ReLU → maxpool 2 →
 * flatten → linear}, with the parameter names of WORKLOADS.md's reference model ({@code c1},
 * {@code c2}, {@code fc}). Each ReLU and the max pooling after it run as one fused op
 * ({@link Conv#maxPool2x2}), bit for bit the composed ops.
 *
 * <pre>{@code
 * LeNet mnist = LeNet.mnist(new Rng(0));     // step-lenet: 1→16→32 channels, 5x5, [N,1,28,28] → [N,10]
 * LeNet digits = LeNet.digits(new Rng(0));   // 8x8 UCI digits: 1→8→16 channels, 3x3, [N,1,8,8] → [N,10]
 * }</pre>
 */
public class LeNet extends Module {
    private final int size, c2;

    public LeNet(int inChannels, int size, int c1, int c2, int kernel, int classes, Rng rng, DType dtype) {
        if (size % 4 != 0) throw new IllegalArgumentException("LeNet: image size " + size + " must be divisible by 4");
        this.size = size;
        this.c2 = c2;
        child("c1", new Conv2d(inChannels, c1, kernel, Conv2dSpec.of(1, kernel / 2), true, dtype));
        child("c2", new Conv2d(c1, c2, kernel, Conv2dSpec.of(1, kernel / 2), true, dtype));
        child("fc", new io.vecgrad.nn.layers.Linear(c2 * (size / 4) * (size / 4), classes, true, dtype));
        initialize(rng);
    }

    /** The step-lenet architecture of WORKLOADS.md for 28x28 single-channel images. */
    public static LeNet mnist(Rng rng) {
        return new LeNet(1, 28, 16, 32, 5, 10, rng, DType.FLOAT32);
    }

    /** The small CNN for 8x8 digit images (the CLI's default job). */
    public static LeNet digits(Rng rng) {
        return new LeNet(1, 8, 8, 16, 3, 10, rng, DType.FLOAT32);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[2] != size || s[3] != size) throw shapeError("[N,C," + size + "," + size + "]", s);
        try (io.vecgrad.autodiff.ForwardScope scope = io.vecgrad.autodiff.ForwardScope.open()) {
            // ReLU fused into 2x2 max pooling: same bits as maxPool2d(relu(.)), without the ReLU
            // output, the argmax or ReLU's mask pass in the backward.
            Variable h = Conv.maxPool2x2(call(children().get("c1"), x), true);
            h = Conv.maxPool2x2(call(children().get("c2"), h), true);
            return scope.output(call(children().get("fc"), h.reshape(s[0], c2 * (size / 4) * (size / 4))));
        }
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == LeNet.class;
    }

    @Override
    public String toString() {
        return "LeNet(" + size + "x" + size + ")";
    }
}

package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Conv;
import io.vecgrad.nn.Init;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;

/**
 * A 2-D convolution (NCHW, weight {@code [out, in, k, k]}, groups 1) with L0 gates on its weights
 * or its output channels ({@link Structure#UNITS}). {@link #exportState()} loads into a plain
 * {@code Conv2d} of the same shape.
 *
 * <pre>{@code
 * GatedConv2d c1 = new GatedConv2d(1, 6, 5, Conv2dSpec.of(1, 2), Structure.UNITS, DiffPruneGate.standard());
 * Variable y = c1.forward(x);          // [N, 1, 28, 28] → [N, 6, 28, 28]; closed channels are exactly 0
 * }</pre>
 */
public class GatedConv2d extends GatedLayer {
    private final int in, out, kernel;
    private final Conv2dSpec spec;

    public GatedConv2d(int in, int out, int kernel, Conv2dSpec spec, Structure structure, GateFunction gate) {
        this(in, out, kernel, spec, true, structure, gate, DType.FLOAT32);
    }

    public GatedConv2d(int in, int out, int kernel, Conv2dSpec spec, boolean bias, Structure structure, GateFunction gate, DType dtype) {
        super(gate, structure, out, in * kernel * kernel, dtype);
        if (spec.groups() != 1) throw new IllegalArgumentException("GatedConv2d: only groups=1 is supported, got groups=" + spec.groups());
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.spec = spec;
        param("weight", Init.torchDefault(), dtype, out, in, kernel, kernel);
        if (bias) param("bias", Init.torchBias(in * kernel * kernel), dtype, out);
    }

    @Override
    protected int[] weightShape() {
        return new int[] {out, in, kernel, kernel};
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != in) throw shapeError("[N, " + in + ", H, W] (weight [" + out + ", " + in + ", " + kernel + ", " + kernel + "])", s);
        return Conv.conv2d(x, gatedWeight(), gatedBias(), spec);
    }

    @Override
    public String toString() {
        return "GatedConv2d(in=" + in + ", out=" + out + ", kernel=" + kernel + ", " + gateDescription() + ")";
    }
}

package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.nn.Init;
import io.vecgrad.tensor.DType;

/**
 * {@code y = x·(W ⊙ z)ᵀ + b} (bias times its unit's gate under {@link Structure#UNITS}): a
 * {@code Linear} with L0 gates on its weights or neurons. {@link #exportState()} loads into a
 * plain {@code Linear(in, out)}.
 *
 * <pre>{@code
 * GatedLinear fc = new GatedLinear(784, 300, Structure.UNITS, HardConcreteGate.standard());
 * Variable y = fc.forward(x);                     // x [N, 784] → [N, 300]
 * Variable l0 = fc.expectedL0();                  // expected number of non-zero weights
 * }</pre>
 */
public class GatedLinear extends GatedLayer {
    private final int in, out;

    public GatedLinear(int in, int out, Structure structure, GateFunction gate) {
        this(in, out, true, structure, gate, DType.FLOAT32);
    }

    public GatedLinear(int in, int out, boolean bias, Structure structure, GateFunction gate, DType dtype) {
        super(gate, structure, out, in, dtype);
        this.in = in;
        this.out = out;
        param("weight", Init.torchDefault(), dtype, out, in);
        if (bias) param("bias", Init.torchBias(in), dtype, out);
    }

    @Override
    protected int[] weightShape() {
        return new int[] {out, in};
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) throw shapeError("[..., " + in + "] (weight [" + out + ", " + in + "])", s);
        Variable w = gatedWeight(), b = gatedBias();
        if (s.length >= 2) return FusedOps.linear(x, w, b);
        return FusedOps.linearComposed(x, w, b);
    }

    @Override
    public String toString() {
        return "GatedLinear(in=" + in + ", out=" + out + ", " + gateDescription() + ")";
    }
}

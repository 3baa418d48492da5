package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;

/**
 * {@code y = x·Wᵀ + b} over the last axis; weight {@code [out, in]}, bias {@code [out]}
 * (PyTorch layout and default init: weight U(±1/√in), bias U(±1/√in)).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Variable logits = fc.forward(x);     // x [N, 784] → [N, 10]
 * }</pre>
 */
public class Linear extends Module {
    private final int in, out;

    public Linear(int in, int out) {
        this(in, out, true, DType.FLOAT32);
    }

    public Linear(int in, int out, boolean bias, DType dtype) {
        this.in = in;
        this.out = out;
        param("weight", Init.torchDefault(), dtype, out, in);
        if (bias) param("bias", Init.torchBias(in), dtype, out);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) throw shapeError("[..., " + in + "] (weight [" + out + ", " + in + "])", s);
        Variable bias = hasParam("bias") ? p("bias") : null;
        if (s.length >= 2) return FusedOps.linear(x, p("weight"), bias); // one node, bias added into the GEMM output
        return FusedOps.linearComposed(x, p("weight"), bias);
    }

    @Override
    public String toString() {
        return "Linear(in=" + in + ", out=" + out + ")";
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Linear.class;
    }
}

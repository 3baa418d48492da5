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

    /**
     * Whether {@link #forwardThen} runs {@code next} fused into this layer: both are the library's
     * own classes (not subclasses) and {@code next} is the built-in {@link Activation#relu()} or
     * {@link Activation#gelu()}. Containers such as {@link io.vecgrad.nn.Sequential} ask this for
     * adjacent pairs.
     */
    @Override
    public boolean fusesWith(Module next) {
        return getClass() == Linear.class && next instanceof Activation && ((Activation) next).epilogue() != null;
    }

    /**
     * {@code next.forward(forward(x))}, as one fused node ({@link FusedOps#linear(Variable, Variable, Variable, FusedOps.Epilogue)}:
     * bias and ReLU as the GEMM output's epilogue) when {@link #fusesWith fusesWith(next)} and x has rank ≥ 2;
     * same values and gradients, bit for bit, as the two calls in turn.
     *
     * <pre>{@code
     * Linear fc = new Linear(784, 256);
     * Variable h = fc.forwardThen(Activation.relu(), x);   // = relu(fc(x)), one node
     * }</pre>
     */
    @Override
    public Variable forwardThen(Module next, Variable x) {
        int[] s = x.shape();
        if (!fusesWith(next) || s.length < 2) return next.forward(forward(x));
        if (s[s.length - 1] != in) throw shapeError("[..., " + in + "] (weight [" + out + ", " + in + "])", s);
        return FusedOps.linear(x, p("weight"), hasParam("bias") ? p("bias") : null, ((Activation) next).epilogue());
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

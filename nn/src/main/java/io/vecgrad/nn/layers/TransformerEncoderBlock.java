package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;

/**
 * One transformer encoder layer on {@code [B, T, d]}, with the parameter names of PyTorch's
 * {@code nn.TransformerEncoderLayer(batch_first=True)} ({@code self_attn.*}, {@code linear1},
 * {@code linear2}, {@code norm1}, {@code norm2}).
 * Pre-LN: {@code x + SA(LN1(x))}, then {@code + FF(LN2(·))}; post-LN: {@code LN1(x + SA(x))},
 * then {@code LN2(· + FF(·))}; {@code FF = linear2(dropout(act(linear1(·))))}.
 *
 * <pre>{@code
 * import io.vecgrad.nn.Module;
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.layers.TransformerEncoderBlock;
 * import io.vecgrad.tensor.DType;
 *
 * // the step-transformer block: d 128, 4 heads, feed-forward 512, ReLU, pre-LN, no dropout
 * Module blk = new TransformerEncoderBlock(128, 4, 512, Activation.relu(), true, 0.0, false, DType.FLOAT32);
 * }</pre>
 */
public class TransformerEncoderBlock extends Module {
    private final boolean preNorm;
    private final int d;

    public TransformerEncoderBlock(int d, int heads, int ff, Activation act, boolean preNorm, double dropout, boolean causal, DType dtype) {
        this.d = d;
        this.preNorm = preNorm;
        child("self_attn", new MultiHeadAttention(d, heads, causal, dtype));
        child("linear1", new Linear(d, ff, true, dtype));
        child("dropout", new Dropout(dropout));
        child("linear2", new Linear(ff, d, true, dtype));
        child("norm1", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("norm2", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("dropout1", new Dropout(dropout));
        child("dropout2", new Dropout(dropout));
        child("activation", act);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 3 || x.shape()[2] != d) throw shapeError("[B,T," + d + "]", x.shape());
        try (io.vecgrad.autodiff.ForwardScope s = io.vecgrad.autodiff.ForwardScope.open()) {
            if (preNorm) {
                x = x.add(attention(call(m("norm1"), x)));
                return s.output(x.add(feedForward(call(m("norm2"), x))));
            }
            x = call(m("norm1"), x.add(attention(x)));
            return s.output(call(m("norm2"), x.add(feedForward(x))));
        }
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == TransformerEncoderBlock.class;
    }

    private Variable attention(Variable x) {
        return call(m("dropout1"), call(m("self_attn"), x));
    }

    private Variable feedForward(Variable x) {
        Module linear1 = m("linear1"), act = m("activation");
        // linear1 and the built-in ReLU/GELU as one fused node (bias and ReLU in the GEMM's
        // epilogue), the same bits as the two calls (Linear#forwardThen).
        Variable a = linear1 instanceof Linear && ((Linear) linear1).fusesWith(act)
                ? ((Linear) linear1).forwardThen(act, x) : call(act, call(linear1, x));
        Variable h = call(m("dropout"), a);
        return call(m("dropout2"), call(m("linear2"), h));
    }

    private Module m(String name) {
        return children().get(name);
    }

    @Override
    public String toString() {
        return "TransformerEncoderBlock(d=" + d + (preNorm ? ", pre-LN" : ", post-LN") + ")";
    }
}

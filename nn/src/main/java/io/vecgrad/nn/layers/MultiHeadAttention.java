package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Multi-head self-attention on batch-first input {@code [B, T, E]}, with PyTorch's
 * {@code nn.MultiheadAttention} parameters ({@code in_proj_weight [3E, E]},
 * {@code in_proj_bias [3E]}, {@code out_proj.weight}, {@code out_proj.bias}) and init (Glorot
 * uniform in-projection, zero biases). An optional causal mask stops position t from
 * attending to positions after t.
 *
 * <pre>{@code
 * MultiHeadAttention mha = new MultiHeadAttention(128, 4, true);   // causal
 * Variable y = mha.forward(x);                                     // [16, 64, 128] → same
 * }</pre>
 */
public class MultiHeadAttention extends Module {
    private final int embed, heads;
    private final boolean causal;

    public MultiHeadAttention(int embed, int heads, boolean causal) {
        this(embed, heads, causal, DType.FLOAT32);
    }

    public MultiHeadAttention(int embed, int heads, boolean causal, DType dtype) {
        if (heads <= 0 || embed % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: embed " + embed + " is not divisible by " + heads + " heads");
        }
        this.embed = embed;
        this.heads = heads;
        this.causal = causal;
        param("in_proj_weight", Init.glorotUniform(1), dtype, 3 * embed, embed);
        param("in_proj_bias", Init.zeros(), dtype, 3 * embed);
        Linear out = child("out_proj", new Linear(embed, embed, true, dtype));
        out.setInitializer("bias", Init.zeros());
        out.initialize(new io.vecgrad.tensor.random.Rng(0).split("out_proj"));
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != embed) throw shapeError("[B,T," + embed + "]", s);
        int b = s[0], t = s[1], d = embed / heads;
        Variable qkv = x.matmul(p("in_proj_weight").mT()).add(p("in_proj_bias"));
        Variable q = split(qkv, 0, b, t, d).mul(1 / Math.sqrt(d));
        Variable k = split(qkv, 1, b, t, d), v = split(qkv, 2, b, t, d);
        Variable scores = q.matmul(k.mT());                                   // [B, H, T, T]
        if (causal) scores = scores.add(Variable.constant(causalMask(t, scores.dtype())));
        Variable o = scores.softmax(-1).matmul(v);                          // [B, H, T, d]
        o = o.permute(0, 2, 1, 3).reshape(b, t, embed);
        return call(submodule("out_proj"), o);
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == MultiHeadAttention.class;
    }

    /** Part {@code i} of the packed projections as {@code [B, H, T, d]}. */
    private Variable split(Variable qkv, int i, int b, int t, int d) {
        return qkv.slice(2, i * embed, (i + 1) * embed).reshape(b, t, heads, d).permute(0, 2, 1, 3);
    }

    /** 0 on and below the diagonal, −∞ above. */
    static Tensor causalMask(int t, DType dtype) {
        double[] m = new double[t * t];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) m[i * t + j] = Double.NEGATIVE_INFINITY;
        return Tensor.of(m, t, t).to(dtype);
    }

    @Override
    public String toString() {
        return "MultiHeadAttention(embed=" + embed + ", heads=" + heads + (causal ? ", causal" : "") + ")";
    }
}

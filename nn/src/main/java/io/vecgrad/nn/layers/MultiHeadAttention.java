package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Attention;
import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;

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
        // One node for the in-projection (FusedOps.linear), one blocked kernel per head for the
        // attention core (Attention.selfAttention reads the packed q|k|v in place and writes
        // [B, T, E]); forwardComposed is the same arithmetic op by op, the tests' oracle.
        Variable qkv = FusedOps.linear(x, p("in_proj_weight"), p("in_proj_bias"));
        return call(submodule("out_proj"), Attention.selfAttention(qkv, heads, causal));
    }

    /**
     * The composed form of {@link #forward}: matmul and broadcast add, heads sliced and permuted
     * out, {@code softmax(q·kᵀ/√d + mask)·v} from primitive ops, permuted back.
     */
    public Variable forwardComposed(Variable x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != embed) throw shapeError("[B,T," + embed + "]", s);
        Variable qkv = x.matmul(p("in_proj_weight").mT()).add(p("in_proj_bias"));
        return call(submodule("out_proj"), Attention.selfAttentionComposed(qkv, heads, causal));
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == MultiHeadAttention.class;
    }

    @Override
    public String toString() {
        return "MultiHeadAttention(embed=" + embed + ", heads=" + heads + (causal ? ", causal" : "") + ")";
    }
}

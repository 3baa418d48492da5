package io.vecgrad.nn.moe;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.MultiHeadAttention;
import io.vecgrad.tensor.DType;
import java.util.function.Supplier;

/**
 * The pre-LN transformer encoder block with its feed-forward network replaced by a
 * {@link MoeLayer} (the "MoE variant" of {@code layers.TransformerEncoderBlock}, whose parameter
 * names it keeps: {@code self_attn}, {@code norm1}, {@code norm2}; the FFN is {@code moe}):
 * {@code x + SA(LN1(x))}, then {@code + MoE(LN2(·))}. Tokens the MoE drops pass through the
 * residual unchanged.
 *
 * <pre>{@code
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.moe.MoeEncoderBlock;
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.tensor.DType;
 *
 * MoeEncoderBlock blk = new MoeEncoderBlock(32, 2, 64, MoeOptions.tokensChoose(4, 1), Activation::gelu, DType.FLOAT32);
 * }</pre>
 */
public final class MoeEncoderBlock extends Module {
    private final int d;

    public MoeEncoderBlock(int d, int heads, int ff, MoeOptions options, Supplier<Activation> act, DType dtype) {
        this.d = d;
        child("self_attn", new MultiHeadAttention(d, heads, false, dtype));
        child("moe", new MoeLayer(d, ff, options, act, dtype));
        child("norm1", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("norm2", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length != 3 || x.shape()[2] != d) throw shapeError("[B,T," + d + "]", x.shape());
        x = x.add(children().get("self_attn").forward(children().get("norm1").forward(x)));
        return x.add(children().get("moe").forward(children().get("norm2").forward(x)));
    }

    /** The block's MoE layer. */
    public MoeLayer moe() {
        return (MoeLayer) children().get("moe");
    }

    @Override
    public String toString() {
        return "MoeEncoderBlock(d=" + d + ", " + moe() + ")";
    }
}

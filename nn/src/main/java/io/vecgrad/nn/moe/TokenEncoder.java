package io.vecgrad.nn.moe;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.tensor.DType;

/**
 * A shared transformer encoder for multi-task models: {@code layers} pre-LN blocks (GELU) on
 * {@code [B, T, d]}, a final LayerNorm and the mean over tokens, giving {@code [B, d]}. With MoE
 * options every {@code moeEvery}-th block (counting from the second, as V-MoE and IMP place MoE
 * in every other layer when {@code moeEvery = 2}) is a {@link MoeEncoderBlock}; with {@code null}
 * options all blocks are dense {@code TransformerEncoderBlock}s.
 *
 * <pre>{@code
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.nn.moe.TokenEncoder;
 * import io.vecgrad.tensor.DType;
 *
 * TokenEncoder dense = new TokenEncoder(32, 2, 64, 2, null, 1, DType.FLOAT32);
 * TokenEncoder sparse = new TokenEncoder(32, 2, 64, 2, MoeOptions.tokensChoose(4, 1), 1, DType.FLOAT32);  // both blocks MoE
 * }</pre>
 */
public final class TokenEncoder extends Module {
    private final int layers;

    public TokenEncoder(int d, int heads, int ff, int layers, MoeOptions moe, int moeEvery, DType dtype) {
        if (layers <= 0 || moeEvery <= 0) throw new IllegalArgumentException("TokenEncoder: layers and moeEvery must be positive, got " + layers + ", " + moeEvery);
        this.layers = layers;
        for (int i = 0; i < layers; i++) {
            boolean sparse = moe != null && (i + 1) % moeEvery == 0;
            child("block" + i, sparse ? new MoeEncoderBlock(d, heads, ff, moe, Activation::gelu, dtype)
                    : new TransformerEncoderBlock(d, heads, ff, Activation.gelu(), true, 0.0, false, dtype));
        }
        child("norm", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = x;
        for (int i = 0; i < layers; i++) h = children().get("block" + i).forward(h);
        return children().get("norm").forward(h).mean(1);
    }

    @Override
    public String toString() {
        return "TokenEncoder(layers=" + layers + ")";
    }
}

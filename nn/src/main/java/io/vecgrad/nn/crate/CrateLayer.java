package io.vecgrad.nn.crate;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.LayerNorm;
import io.vecgrad.tensor.DType;

/**
 * One CRATE layer on {@code [B, N, d]}: compression then sparsification,
 * {@code Z^{ℓ+½} = Z^ℓ + MSSA(LN₁(Z^ℓ))}, {@code Z^{ℓ+1} = ISTA(LN₂(Z^{ℓ+½}))} — the authors'
 * {@code Transformer.forward} with {@code PreNorm} around both blocks and no residual after ISTA
 * (github.com/Ma-Lab-Berkeley/CRATE, {@code model/crate.py}).
 *
 * <pre>{@code
 * import io.vecgrad.nn.crate.CrateLayer;
 * import io.vecgrad.tensor.DType;
 *
 * CrateLayer layer = new CrateLayer(64, 4, 16, 0.1, DType.FLOAT32);
 * }</pre>
 */
public final class CrateLayer extends Module {
    private final int d;

    public CrateLayer(int d, int heads, int dimHead, double istaStep, DType dtype) {
        this.d = d;
        child("norm1", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("attn", new SubspaceAttention(d, heads, dimHead, dtype));
        child("norm2", new LayerNorm(new int[] {d}, 1e-5, true, dtype));
        child("ista", new IstaBlock(d, istaStep, 0.1, dtype));
    }

    @Override
    public Variable forward(Variable z) {
        if (z.shape().length != 3 || z.shape()[2] != d) throw shapeError("[B,N," + d + "]", z.shape());
        Variable half = z.add(attention().forward(children().get("norm1").forward(z)));
        return children().get("ista").forward(children().get("norm2").forward(half));
    }

    /** {@code U_kᵀ LN₁(Z)} per head, {@code [B, heads, N, dimHead]}: the tokens whose coding rate the paper plots. */
    public Variable subspaceTokens(Variable z) {
        return attention().project(children().get("norm1").forward(z));
    }

    public SubspaceAttention attention() {
        return (SubspaceAttention) children().get("attn");
    }

    @Override
    public String toString() {
        return "CrateLayer(d=" + d + ", " + attention() + ")";
    }
}

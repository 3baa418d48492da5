package io.vecgrad.nn.crate;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;

/**
 * CRATE's multi-head subspace self-attention (MSSA) on {@code [B, N, d]}: one bias-free map
 * {@code qkv} gives {@code W_k = U_kᵀ z} per head (query, key and value at once),
 * {@code SSA_k = softmax(W_k W_kᵀ / √p) · W_k}, and a learned output projection {@code to_out}
 * (Linear with bias) stands for {@code (p/(Nε²))[U_1 … U_K]}. The projection is the identity when
 * {@code heads = 1} and {@code dimHead = d}, as in the code.
 *
 * <p>Source: Yu et al., "White-Box Transformers via Sparse Rate Reduction" (NeurIPS 2023), the
 * authors' {@code model/crate.py} class {@code Attention} (github.com/Ma-Lab-Berkeley/CRATE);
 * the paper's {@code MSSA(Z) = (p/(Nε²)) [U_1…U_K][SSA(Z|U_1); …]} with
 * {@code SSA(Z|U_k) = (U_kᵀZ) softmax((U_kᵀZ)ᵀ(U_kᵀZ))} is this with the √p scale and the learned
 * projection of the code. Dropout (0 in every CRATE configuration) is left out.
 *
 * <pre>{@code
 * import io.vecgrad.nn.crate.SubspaceAttention;
 * import io.vecgrad.tensor.DType;
 *
 * SubspaceAttention mssa = new SubspaceAttention(64, 4, 16, DType.FLOAT32);   // [B, N, 64] → same
 * }</pre>
 */
public final class SubspaceAttention extends Module {
    private final int d, heads, dimHead;
    private final boolean projectOut;

    public SubspaceAttention(int d, int heads, int dimHead, DType dtype) {
        if (d <= 0 || heads <= 0 || dimHead <= 0) {
            throw new IllegalArgumentException("SubspaceAttention: d, heads and dimHead must be positive, got " + d + ", " + heads + ", " + dimHead);
        }
        this.d = d;
        this.heads = heads;
        this.dimHead = dimHead;
        this.projectOut = !(heads == 1 && dimHead == d);
        child("qkv", new Linear(d, heads * dimHead, false, dtype));
        if (projectOut) child("to_out", new Linear(heads * dimHead, d, true, dtype));
    }

    /** The subspace projections {@code U_kᵀ z} of every token, {@code [B, heads, N, dimHead]}. */
    public Variable project(Variable x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != d) throw shapeError("[B,N," + d + "]", s);
        return children().get("qkv").forward(x).reshape(s[0], s[1], heads, dimHead).permute(0, 2, 1, 3);
    }

    @Override
    public Variable forward(Variable x) {
        Variable w = project(x);
        int b = x.shape()[0], n = x.shape()[1];
        Variable attn = w.matmul(w.mT()).mul(1 / Math.sqrt(dimHead)).softmax(-1);
        Variable out = attn.matmul(w).permute(0, 2, 1, 3).reshape(b, n, heads * dimHead);
        return projectOut ? children().get("to_out").forward(out) : out;
    }

    public int heads() {
        return heads;
    }

    public int dimHead() {
        return dimHead;
    }

    @Override
    public String toString() {
        return "SubspaceAttention(d=" + d + ", heads=" + heads + ", dimHead=" + dimHead + ")";
    }
}

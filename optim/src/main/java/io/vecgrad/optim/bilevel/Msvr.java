package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;

/**
 * The blockwise MSVR estimator of BSVRB (P43): a per-block state u tracking a quantity h(w) that
 * is evaluated only when the block is sampled, with the same mini-batch at the current and the
 * previous iterate, {@code u ← (1 − α) u + (α + γ) h(w_t; B) − γ h(w_{t−1}; B)}. α = 1, γ = 0 is
 * the plain mini-batch estimate; with noise-free h at a fixed w, {@code u − h} shrinks by
 * {@code (1 − α)} per update. The paper's theoretical γ is about {@code (m − I)/(I(1 − α)) + (1 − α)}
 * [reconstructed]; the reference code uses α = 0.9, γ = 1 [verified: code].
 */
public final class Msvr {
    private Msvr() {}

    /** One MSVR update; {@code u == null} (never sampled) starts from the plain estimate {@code hNow}. */
    public static Tensor update(Tensor u, Tensor hNow, Tensor hPrev, double alpha, double gamma) {
        if (u == null) return hNow;
        return u.mul(1 - alpha).add(hNow.mul(alpha + gamma)).sub(hPrev.mul(gamma));
    }
}

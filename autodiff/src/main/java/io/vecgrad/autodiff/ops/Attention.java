package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedAttention;
import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * Scaled-dot-product attention as fused ops with their own VJP: one blocked kernel per head
 * forward ({@code softmax((q·scale)·kᵀ + mask)·v}) and one backward ({@link FusedAttention}).
 * While recording, the forward keeps the probabilities for the backward when there are at most
 * {@link FusedAttention#KEEP_LIMIT} of them (as graph-owned scratch); above that the backward
 * recomputes them block by block instead of keeping the {@code [T, T]} matrices. The composed forms ({@link #scaledDotProductAttentionComposed},
 * {@link #selfAttentionComposed}: mul, matmul, add, softmax, matmul) are the test oracle and the
 * create-graph path: when the backward itself is recorded (second order), the rule
 * differentiates the composed form, so higher derivatives are exact.
 *
 * <pre>{@code
 * Variable o = Attention.scaledDotProductAttention(q, k, v, null, true, 1 / Math.sqrt(32));  // q, k, v [B, H, T, 32], causal
 * Variable y = Attention.selfAttention(qkv, 4, false);                                      // qkv [B, T, 3E] → [B, T, E]
 * }</pre>
 */
public final class Attention {
    private Attention() {}

    /** Op names, for {@link OpRegistry}. */
    public static final List<String> OPS = List.of("scaledDotProductAttention", "selfAttention");

    /**
     * {@code softmax((q·scale)·kᵀ + mask)·v} over the last two axes of {@code q [B, H, Tq, d]},
     * {@code k [B, H, Tk, d]}, {@code v [B, H, Tk, dv]} (or all rank 3). {@code mask} is null or an
     * additive floating {@code [Tq, Tk]} constant; {@code causal} also adds {@code −∞} where key
     * {@code j >} query {@code i}.
     */
    public static Variable scaledDotProductAttention(Variable q, Variable k, Variable v, Tensor mask, boolean causal, double scale) {
        Variable[] ins = {q, k, v};
        Tensor[] r = Tape.isRecording(ins) ? FusedAttention.forwardKeeping(q.value(), k.value(), v.value(), mask, causal, scale)
                : new Tensor[] {FusedAttention.forward(q.value(), k.value(), v.value(), mask, causal, scale), null};
        Tensor kept = r[1];
        return record("scaledDotProductAttention", r[0], kept, (g, out, s) -> {
            if (Tape.isRecording(g) || Tape.isRecording(ins)) {
                FusedOps.composedVjp(in -> scaledDotProductAttentionComposed(in[0], in[1], in[2], mask, causal, scale), ins, g, s);
                return;
            }
            Tensor[] gr = FusedAttention.backward(q.value(), k.value(), v.value(), mask, causal, scale, g.value(), kept);
            for (int i = 0; i < 3; i++) if (s.needs(i)) s.put(i, Variable.constant(gr[i]));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1 | Tape.SAVE_IN2, ins);
    }

    /** Records the op; probabilities kept for the rule are graph-owned scratch (back to the pool after it). */
    private static Variable record(String op, Tensor y, Tensor kept, io.vecgrad.autodiff.VjpRule rule, int saved, Variable... ins) {
        return kept == null ? Tape.record(op, y, rule, saved, ins) : Tape.recordWithScratch(op, y, kept, rule, saved, ins);
    }

    /** The composed form of {@link #scaledDotProductAttention}. */
    public static Variable scaledDotProductAttentionComposed(Variable q, Variable k, Variable v, Tensor mask, boolean causal, double scale) {
        Variable scores = q.mul(scale).matmul(k.mT());
        if (mask != null) scores = scores.add(Variable.constant(mask.to(scores.dtype())));
        if (causal) scores = scores.add(Variable.constant(causalMask(q.size(-2), k.size(-2), scores.dtype())));
        return scores.softmax(-1).matmul(v);
    }

    /**
     * The attention core of a multi-head self-attention layer on its packed projection
     * {@code qkv [B, T, 3E]} (queries, keys, values side by side, each split into {@code heads}
     * heads of {@code d = E/heads}), scale {@code 1/√d}, optionally causal: {@code [B, T, E]}
     * with the heads side by side. Reads the heads in place and writes the output in the layout
     * the output projection wants, so no head is copied or permuted.
     */
    public static Variable selfAttention(Variable qkv, int heads, boolean causal) {
        Tensor[] r = Tape.isRecording(qkv) ? FusedAttention.packedForwardKeeping(qkv.value(), heads, causal)
                : new Tensor[] {FusedAttention.packedForward(qkv.value(), heads, causal), null};
        Tensor kept = r[1];
        return record("selfAttention", r[0], kept, (g, out, s) -> {
            if (Tape.isRecording(g, qkv)) {
                FusedOps.composedVjp(in -> selfAttentionComposed(in[0], heads, causal), new Variable[] {qkv}, g, s);
                return;
            }
            s.put(0, Variable.constant(FusedAttention.packedBackward(qkv.value(), heads, causal, g.value(), kept)));
        }, Tape.SAVE_IN0, qkv);
    }

    /** The composed form of {@link #selfAttention}: slice, reshape and permute the heads out, attend, permute back. */
    public static Variable selfAttentionComposed(Variable qkv, int heads, boolean causal) {
        int[] s = qkv.shape();
        if (s.length != 3 || s[2] % 3 != 0 || heads <= 0 || (s[2] / 3) % heads != 0) {
            throw new IllegalArgumentException("selfAttention: expected a packed projection [B, T, 3E] with E divisible by " + heads
                    + " heads, got " + java.util.Arrays.toString(s));
        }
        int b = s[0], t = s[1], e = s[2] / 3, d = e / heads;
        Variable[] qkvs = new Variable[3];
        for (int i = 0; i < 3; i++) qkvs[i] = qkv.slice(2, i * e, (i + 1) * e).reshape(b, t, heads, d).permute(0, 2, 1, 3);
        Variable o = scaledDotProductAttentionComposed(qkvs[0], qkvs[1], qkvs[2], null, causal, FusedAttention.defaultScale(d));
        return o.permute(0, 2, 1, 3).reshape(b, t, e);
    }

    /** The additive causal mask {@code [tq, tk]}: 0 where key {@code j ≤} query {@code i}, {@code −∞} above. */
    public static Tensor causalMask(int tq, int tk, DType dtype) {
        double[] m = new double[tq * tk];
        for (int i = 0; i < tq; i++) for (int j = i + 1; j < tk; j++) m[i * tk + j] = Double.NEGATIVE_INFINITY;
        return Tensor.of(m, tq, tk).to(dtype);
    }
}

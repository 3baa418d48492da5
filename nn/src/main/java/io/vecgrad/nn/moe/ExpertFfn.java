package io.vecgrad.nn.moe;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;

/**
 * One expert of a {@link MoeLayer}: the transformer feed-forward {@code linear2(act(linear1(x)))}
 * on {@code [..., d]} (parameter names as {@code TransformerEncoderBlock}'s FFN), so a one-expert
 * MoE equals the dense block's FFN with the same weights.
 *
 * <pre>{@code
 * import io.vecgrad.nn.layers.Activation;
 * import io.vecgrad.nn.moe.ExpertFfn;
 * import io.vecgrad.tensor.DType;
 *
 * ExpertFfn ffn = new ExpertFfn(32, 64, Activation.gelu(), DType.FLOAT32);   // [N, 32] → [N, 32]
 * }</pre>
 */
public final class ExpertFfn extends Module {
    private final int d, hidden;

    public ExpertFfn(int d, int hidden, Activation act, DType dtype) {
        this.d = d;
        this.hidden = hidden;
        child("linear1", new Linear(d, hidden, true, dtype));
        child("activation", act);
        child("linear2", new Linear(hidden, d, true, dtype));
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = children().get("activation").forward(children().get("linear1").forward(x));
        return children().get("linear2").forward(h);
    }

    @Override
    public String toString() {
        return "ExpertFfn(d=" + d + ", hidden=" + hidden + ")";
    }
}

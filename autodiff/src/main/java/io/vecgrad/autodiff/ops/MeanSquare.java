package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Squares;
import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * The mean of squares {@code Σ x²/n} as one node ({@link Squares#mean}): the forward allocates
 * a scalar instead of the squared tensor, which matters for a loss computed outside every
 * module (the step-transformer workload's {@code mean(y²)}). The VJP is the composed form's
 * arithmetic op for op, {@code ((g·(1/n))·x)·2}, so gradients equal
 * {@link #meanSquareComposed}'s bit for bit; the value agrees within the sum-order bound of
 * {@link Squares#mean}. Under a recorded backward (second order) the rule differentiates the
 * composed form.
 *
 * <pre>{@code
 * Variable loss = MeanSquare.meanSquare(out);   // = out.square().mean()
 * }</pre>
 */
public final class MeanSquare {
    private MeanSquare() {}

    /** Op names, for {@link OpRegistry}. */
    public static final List<String> OPS = List.of("meanSquare");

    /** {@code Σ x²/n} over all elements of a floating {@code x}, a scalar. */
    public static Variable meanSquare(Variable x) {
        return Tape.record("meanSquare", Squares.mean(x.value()), (g, out, s) -> {
            if (Tape.isRecording(g, x)) {
                FusedOps.composedVjp(in -> meanSquareComposed(in[0]), new Variable[] {x}, g, s);
                return;
            }
            Tensor gn = g.value().mul(1 / (double) Math.max(1, x.numel()));   // mean's VJP: g·(1/n)
            s.put(0, Variable.constant(x.value().mul(gn).mulInPlace(2)));   // square's VJP: (g'·x)·2
        }, Tape.SAVE_IN0, x);
    }

    /** The composed form of {@link #meanSquare}: square, then mean. */
    public static Variable meanSquareComposed(Variable x) {
        return x.square().mean();
    }
}

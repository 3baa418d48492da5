package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Squares;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The mean squared error {@code Σ (pred − target)²/n} as one node instead of the composed
 * form's three ({@code sub}, {@code square}, {@code mean}) and the five ops their rules run
 * backward: step-tiny's loss is a handful of elements, so per-op bookkeeping is its whole cost.
 *
 * <p>Bit for bit the composed form {@link #mseComposed}: the forward is
 * {@link Squares#meanSquaredError} (the composed order without the intermediates) and the VJP
 * repeats the composed rules' arithmetic op for op: {@code d = pred − target},
 * {@code ((g·(1/n))·d)·2} for the prediction and its negation for the target. The rule reads
 * both inputs (a later in-place change to either makes backward fail, as it recomputes
 * {@code d}) and keeps no forward intermediate. Under a recorded backward (second order) it
 * differentiates the composed form, so higher derivatives are exact.
 *
 * <pre>{@code
 * Variable loss = Mse.mse(pred, target);   // = pred.sub(target).square().mean()
 * }</pre>
 */
public final class Mse {
    private Mse() {}

    /** Op names, for {@link OpRegistry}. */
    public static final List<String> OPS = List.of("mse");

    /**
     * {@code Σ (pred − target)²/n} over all elements, a scalar. Inputs of one floating dtype take
     * the fused node; other dtype combinations take the composed form (same value either way).
     *
     * @throws IllegalArgumentException if the shapes differ (message names both)
     */
    public static Variable mse(Variable pred, Variable target) {
        if (!sameShape(pred.value(), target.value())) {
            throw new IllegalArgumentException("mse: prediction shape " + Arrays.toString(pred.shape()) + " differs from target shape "
                    + Arrays.toString(target.shape()));
        }
        if (!pred.dtype().isFloating() || pred.dtype() != target.dtype()) return mseComposed(pred, target);
        return Tape.record("mse", Squares.meanSquaredError(pred.value(), target.value()), (g, out, s) -> {
            if (Tape.isRecording(g, pred, target) || g.dtype() != pred.dtype()) {
                FusedOps.composedVjp(in -> mseComposed(in[0], in[1]), new Variable[] {pred, target}, g, s);
                return;
            }
            // The composed rules in turn: sub's output d, mean's g·(1/n), square's (g'·d)·2, sub's ±.
            Tensor gn = g.value().mul(1 / (double) Math.max(1, pred.numel()));
            Tensor gd = pred.value().sub(target.value()).mulInPlace(gn).mulInPlace(2);
            if (s.needs(1)) s.put(1, Variable.constant(gd.neg()));
            if (s.needs(0)) s.put(0, Variable.constant(gd));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, pred, target);
    }

    /** Compared axis by axis: no copies of the two shapes per call. */
    private static boolean sameShape(Tensor a, Tensor b) {
        if (a.dim() != b.dim()) return false;
        for (int d = 0; d < a.dim(); d++) if (a.size(d) != b.size(d)) return false;
        return true;
    }

    /** The composed form of {@link #mse}: subtract, square, mean. */
    public static Variable mseComposed(Variable pred, Variable target) {
        return pred.sub(target).square().mean();
    }
}

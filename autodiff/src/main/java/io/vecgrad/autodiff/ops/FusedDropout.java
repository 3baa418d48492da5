package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.random.Dropouts;
import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * Inverted dropout as one node whose mask is generated inside the loop, forward and backward
 * ({@link Dropouts}): nothing but the stream {@code r} is kept between the passes, where the
 * composed form ({@link #dropoutComposed}) allocates a float64 draw buffer, a mask tensor and
 * keeps the mask for the backward. Forward and gradient equal the composed form's bit for bit
 * for the same stream; under a recorded backward (second order) the rule runs the composed form.
 *
 * <pre>{@code
 * Variable y = FusedDropout.dropout(x, rng.split(step), 0.1);
 * }</pre>
 */
public final class FusedDropout {
    private FusedDropout() {}

    /** Op names, for {@link OpRegistry}. */
    public static final List<String> OPS = List.of("dropout");

    /** {@code x} with each element zeroed with probability {@code p} (drawn from {@code r}, which is not advanced), the rest scaled by {@code 1/(1 − p)}. */
    public static Variable dropout(Variable x, Rng r, double p) {
        Rng stream = Rng.fromState(r.state());   // the rule draws from a copy the caller cannot advance
        return Tape.record("dropout", Dropouts.apply(x.value(), stream, p), (g, out, s) -> {
            if (Tape.isRecording(g, x)) {
                FusedOps.composedVjp(in -> dropoutComposed(in[0], Rng.fromState(stream.state()), p), new Variable[] {x}, g, s);
                return;
            }
            s.put(0, Variable.constant(Dropouts.apply(g.value(), stream, p)));
        }, 0, x);
    }

    /** The composed form: a Bernoulli(1 − p) mask tensor scaled by {@code 1/(1 − p)}, multiplied in. */
    public static Variable dropoutComposed(Variable x, Rng r, double p) {
        return x.mul(Variable.constant(r.bernoulli(x.dtype(), 1 - p, x.shape()).mulInPlace(1 / (1 - p))));
    }
}

package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * The gate bookkeeping {@link GatedLayer} and {@link GroupGate} share: the gate function, the
 * mode, the frozen gates and the per-forward noise stream ({@code rng.split(k)} for the k-th
 * call after {@code setRng}, as {@code Dropout} draws its masks).
 *
 * <pre>{@code
 * GateState s = new GateState(DiffPruneGate.standard());
 * Variable z = s.gates(logits, isTraining());
 * }</pre>
 */
final class GateState {
    final GateFunction fn;
    private GateMode mode;
    private Tensor frozen;
    private Rng rng = new Rng(0);
    private long calls;

    GateState(GateFunction fn) {
        this.fn = fn;
        this.mode = fn.defaultMode();
    }

    GateMode mode() {
        return mode;
    }

    /** Sets the mode; FROZEN stores the deterministic gates of {@code logits} and stops their gradient. */
    void setMode(GateMode m, Variable logits) {
        mode = m;
        frozen = m == GateMode.FROZEN ? fn.deterministic(logits.value()) : null;
        logits.requiresGrad(m != GateMode.FROZEN);
    }

    void setRng(Rng r) {
        rng = r;
        calls = 0;
    }

    /** The gates of this forward pass: frozen constants, noisy (training and STOCHASTIC) or deterministic. */
    Variable gates(Variable logits, boolean training) {
        if (mode == GateMode.FROZEN) return Variable.constant(frozen);
        if (training && mode == GateMode.STOCHASTIC) return fn.gate(logits, GateFunction.logisticNoise(rng.split(calls++), logits.dtype(), logits.shape()));
        return fn.gate(logits, null);
    }

    /** The deterministic gates as a plain tensor. */
    Tensor mask(Variable logits) {
        return mode == GateMode.FROZEN ? frozen : fn.deterministic(logits.value());
    }
}

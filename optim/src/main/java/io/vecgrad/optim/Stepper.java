package io.vecgrad.optim;

import java.util.Map;

/**
 * Something that updates live parameter tensors in place from a loss-and-gradient closure and
 * whose state can be saved and restored: {@link Optimizer} and {@link io.vecgrad.optim.linesearch.Lbfgs}.
 */
public interface Stepper {
    /** One optimizer step; returns the loss at the parameters before the step. */
    double step(LossAndGrad closure);

    /** The parameters being optimized (the live tensors). */
    Params params();

    /** A snapshot of the optimizer state (see {@link StateCodec}). */
    State state();

    /** Replaces the optimizer state with a saved one. */
    void loadState(State state);

    /** Current hyper-parameters for logging. */
    Map<String, Double> hyperParams();
}

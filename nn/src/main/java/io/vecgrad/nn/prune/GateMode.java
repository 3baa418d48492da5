package io.vecgrad.nn.prune;

/**
 * How a gated layer computes its gates in training mode. In eval mode gates are always
 * deterministic; {@link #FROZEN} fixes them for good (the pruning workflow's freeze step).
 *
 * <pre>{@code
 * Pruning.setMode(model, GateMode.STOCHASTIC);   // logistic noise on the gate logits while training
 * }</pre>
 */
public enum GateMode {
    /** the deterministic gate, also while training (DiffPrune's default) */
    DETERMINISTIC,
    /** logistic noise added to the logits while training (hard concrete's default) */
    STOCHASTIC,
    /** the deterministic gate as a constant: no gradient reaches the gate logits */
    FROZEN
}

package io.vecgrad.optim.bcd;

/** Why a coordinate-descent solve returned. */
public enum StopReason {
    /** The duality gap fell to the tolerance. */
    CONVERGED,
    /** The epoch budget ran out before the gap did. */
    MAX_EPOCHS
}

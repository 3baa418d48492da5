package io.vecgrad.tensor.kernel;

/**
 * Fused in-place updates {@code t ← f(t, x, y, s)} (see {@link FusedF64}): AXPY {@code t += s·x};
 * LERP {@code t += s·(x − t)}; ADDCMUL {@code t += s·x·y}; ADDCDIV {@code t += s·x/y}.
 */
public enum FusedOp { AXPY, LERP, ADDCMUL, ADDCDIV }

package io.vecgrad.tensor.kernel;

/** Elementwise binary operations with a vector path (see {@link BinaryF64}). */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MIN, MAX, POW,
    /** {@code b - a}: lets a scalar on the left use the vector path. */
    RSUB,
    /** {@code b / a}: lets a scalar on the left use the vector path. */
    RDIV
}

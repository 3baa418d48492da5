package io.vecgrad.tensor.kernel;

/** Elementwise unary operations (see {@link UnaryF64}). */
public enum UnaryOp {
    NEG, ABS, SIGN, SQRT, RSQRT, SQUARE, RECIPROCAL,
    EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH,
    SIGMOID, RELU, SOFTPLUS, ERF;

    /** Ops whose result on integer input is again an integer (the others compute in floating point). */
    public boolean keepsIntegers() {
        return this == NEG || this == ABS || this == SIGN || this == SQUARE || this == RELU;
    }
}

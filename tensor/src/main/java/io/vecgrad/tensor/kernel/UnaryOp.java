package io.vecgrad.tensor.kernel;

/** Elementwise unary operations (see {@link UnaryF64}). */
public enum UnaryOp {
    NEG, ABS, SIGN, SQRT, RSQRT, SQUARE, RECIPROCAL,
    EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH,
    SIGMOID, RELU, SOFTPLUS, ERF;

    /**
     * Ops made only of correctly rounded IEEE operations, so vector and scalar code give the
     * same bits; the others are computed by {@code Math} on every path.
     */
    public boolean isExact() {
        return this == NEG || this == ABS || this == SQRT || this == RSQRT || this == SQUARE
                || this == RECIPROCAL || this == RELU;
    }

    /** Ops whose result on integer input is again an integer (the others compute in floating point). */
    public boolean keepsIntegers() {
        return this == NEG || this == ABS || this == SIGN || this == SQUARE || this == RELU;
    }
}

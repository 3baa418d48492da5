package io.vecgrad.tensor;

/**
 * Element types. Floating types hold values; integer types hold indices and labels; BOOL holds
 * masks. Each type is stored in its natural Java array ({@code float[]}, {@code double[]},
 * {@code int[]}, {@code long[]}, {@code boolean[]}).
 */
public enum DType {
    FLOAT32(4, true),
    FLOAT64(8, true),
    INT32(4, false),
    INT64(8, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes one element occupies in serialized form. */
    public int byteSize() {
        return byteSize;
    }

    /** True for FLOAT32 and FLOAT64. */
    public boolean isFloating() {
        return floating;
    }

    /**
     * The type of a binary op's result, as NumPy/PyTorch promote: floating beats integer, the
     * wider float beats the narrower, BOOL is promoted to the other operand's type.
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        if (a == INT64 || b == INT64) return INT64;
        return INT32;
    }

    /** The floating type an op like {@code exp} computes in: FLOAT64 stays, everything else is FLOAT32. */
    public DType toFloating() {
        return this == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    Object allocate(int n) {
        switch (this) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            case INT32: return new int[n];
            case INT64: return new long[n];
            default: return new boolean[n];
        }
    }
}

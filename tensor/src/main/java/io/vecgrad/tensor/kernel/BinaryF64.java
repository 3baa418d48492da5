package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise binary kernels on strided double runs: {@code c[i*cs] = op(a[i*as], b[i*bs])}.
 *
 * <p>The vector path covers contiguous operands and a broadcast scalar (stride 0) on either
 * side; every other layout takes the scalar twin {@link #scalar}. Both paths give the same
 * bits. POW always runs through {@code Math.pow}: the Vector API's pow differs by an ulp
 * between interpreted and compiled code, which would make results depend on JIT timing. The float twin {@code BinaryF32} is generated from this file.
 */
public final class BinaryF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private BinaryF64() {}

    public static void apply(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                             double[] c, int co, int cs, int n) {
        int i = 0;
        if (Simd.ENABLED && cs == 1 && n > 0 && op != BinaryOp.POW) {
            if (as == 1 && bs == 1) i = vectorVector(op, a, ao, b, bo, c, co, n);
            else if (as == 1 && bs == 0) i = vectorScalar(op, a, ao, b[bo], c, co, n);
            else if (as == 0 && bs == 1 && op != BinaryOp.POW) i = vectorScalar(swap(op), b, bo, a[ao], c, co, n);
        }
        for (; i < n; i++) c[co + i * cs] = scalar(op, a[ao + i * as], b[bo + i * bs]);
    }

    /** The scalar definition of each op; the vector path must agree with it. */
    public static double scalar(BinaryOp op, double x, double y) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case DIV: return x / y;
            case MIN: return Math.min(x, y);
            case MAX: return Math.max(x, y);
            case POW: return (double) Math.pow(x, y);
            case RSUB: return y - x;
            default: return y / x;
        }
    }

    /** The op with its operands exchanged, so {@code op(s, v)} can run as {@code swap(op)(v, s)}. */
    static BinaryOp swap(BinaryOp op) {
        switch (op) {
            case SUB: return BinaryOp.RSUB;
            case DIV: return BinaryOp.RDIV;
            case RSUB: return BinaryOp.SUB;
            case RDIV: return BinaryOp.DIV;
            case POW: throw new IllegalStateException("pow has no swapped form");
            default: return op;
        }
    }

    private static int vectorVector(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector y = DoubleVector.fromArray(S, b, bo + i);
            vector(op, x, y).intoArray(c, co + i);
        }
        return i;
    }

    private static int vectorScalar(BinaryOp op, double[] a, int ao, double s, double[] c, int co, int n) {
        if (n < S.length()) return 0; // all scalar tail: no broadcast vector to box when C2 does not inline vector()
        int bound = S.loopBound(n);
        DoubleVector y = DoubleVector.broadcast(S, s);
        int i = 0;
        for (; i < bound; i += S.length()) {
            vector(op, DoubleVector.fromArray(S, a, ao + i), y).intoArray(c, co + i);
        }
        return i;
    }

    private static DoubleVector vector(BinaryOp op, DoubleVector x, DoubleVector y) {
        switch (op) {
            case ADD: return x.add(y);
            case SUB: return x.sub(y);
            case MUL: return x.mul(y);
            case DIV: return x.div(y);
            case MIN: return x.min(y);
            case MAX: return x.max(y);
            case RSUB: return y.sub(x);
            default: return y.div(x);
        }
    }
}

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

    // One loop per op, the op chosen once outside it: no vector crosses a method call. A vector
    // passed to a call C2 does not inline is boxed (one heap object per block of lanes), and
    // whether C2 inlines such a helper depended on JIT timing (32 MB per transformer step when
    // it did not).
    private static int vectorVector(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] c, int co, int n) {
        int bound = S.loopBound(n), l = S.length();
        switch (op) {
            case ADD:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).add(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case SUB:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case MUL:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case DIV:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).div(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case MIN:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).min(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case MAX:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).max(DoubleVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                break;
            case RSUB:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, b, bo + i).sub(DoubleVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
                break;
            case RDIV:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, b, bo + i).div(DoubleVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
                break;
            default:
                return 0; // POW: the scalar twin
        }
        return bound;
    }

    private static int vectorScalar(BinaryOp op, double[] a, int ao, double s, double[] c, int co, int n) {
        if (n < S.length()) return 0; // all scalar tail: no broadcast vector
        int bound = S.loopBound(n), l = S.length();
        DoubleVector y = DoubleVector.broadcast(S, s);
        switch (op) {
            case ADD:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).add(y).intoArray(c, co + i);
                break;
            case SUB:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).sub(y).intoArray(c, co + i);
                break;
            case MUL:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).mul(y).intoArray(c, co + i);
                break;
            case DIV:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).div(y).intoArray(c, co + i);
                break;
            case MIN:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).min(y).intoArray(c, co + i);
                break;
            case MAX:
                for (int i = 0; i < bound; i += l) DoubleVector.fromArray(S, a, ao + i).max(y).intoArray(c, co + i);
                break;
            case RSUB:
                for (int i = 0; i < bound; i += l) y.sub(DoubleVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
                break;
            case RDIV:
                for (int i = 0; i < bound; i += l) y.div(DoubleVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
                break;
            default:
                return 0; // POW: the scalar twin
        }
        return bound;
    }
}

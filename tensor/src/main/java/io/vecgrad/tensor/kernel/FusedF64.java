package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused in-place updates ({@link FusedOp}) on strided double runs, one pass over memory. The vector path (all strides 1) performs the same operations in
 * the same order as the scalar twin {@link #scalar}, so both agree bitwise.
 * The float twin is generated from this file.
 */
public final class FusedF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private FusedF64() {}

    public static void apply(FusedOp kind, double[] t, int to, int ts, double[] x, int xo, int xs,
                             double[] y, int yo, int ys, double s, int n) {
        int i = 0;
        if (Simd.ENABLED && ts == 1 && xs == 1 && ys == 1) {
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                DoubleVector tv = DoubleVector.fromArray(S, t, to + i);
                DoubleVector xv = DoubleVector.fromArray(S, x, xo + i);
                DoubleVector yv = DoubleVector.fromArray(S, y, yo + i);
                vector(kind, tv, xv, yv, s).intoArray(t, to + i);
            }
        }
        for (; i < n; i++) {
            int k = to + i * ts;
            t[k] = scalar(kind, t[k], x[xo + i * xs], y[yo + i * ys], s);
        }
    }

    /** The scalar definition of each update. */
    public static double scalar(FusedOp kind, double t, double x, double y, double s) {
        switch (kind) {
            case AXPY: return t + s * x;
            case LERP: return t + s * (x - t);
            case ADDCMUL: return t + s * x * y;
            default: return t + s * x / y;
        }
    }

    private static DoubleVector vector(FusedOp kind, DoubleVector t, DoubleVector x, DoubleVector y, double s) {
        switch (kind) {
            case AXPY: return t.add(x.mul(s));
            case LERP: return t.add(x.sub(t).mul(s));
            case ADDCMUL: return t.add(x.mul(s).mul(y));
            default: return t.add(x.mul(s).div(y));
        }
    }
}

package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise unary kernels on strided double runs: {@code c[i*cs] = op(a[i*as])}.
 *
 * <p>Contiguous runs of the IEEE-exact ops ({@link UnaryOp#isExact()}) take the vector path and
 * agree bitwise with the scalar twin {@link #scalar}. The transcendental ops always run through
 * {@code Math}: the Vector API's versions differ by an ulp between interpreted and compiled
 * code, which would make a training run depend on JIT timing, and {@code Math}'s intrinsics
 * are the same in both. The float twin {@code UnaryF32} is generated from this file.
 */
public final class UnaryF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private UnaryF64() {}

    public static void apply(UnaryOp op, double[] a, int ao, int as, double[] c, int co, int cs, int n) {
        int i = 0;
        if (Simd.ENABLED && as == 1 && cs == 1 && op.isExact()) {
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                vector(op, DoubleVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
            }
        }
        for (; i < n; i++) c[co + i * cs] = scalar(op, a[ao + i * as]);
    }

    /** The scalar definition of each op. */
    public static double scalar(UnaryOp op, double x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case SQRT: return (double) Math.sqrt(x);
            case RSQRT: return 1 / (double) Math.sqrt(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1 / x;
            case EXP: return (double) Math.exp(x);
            case LOG: return (double) Math.log(x);
            case LOG1P: return (double) Math.log1p(x);
            case EXPM1: return (double) Math.expm1(x);
            case SIN: return (double) Math.sin(x);
            case COS: return (double) Math.cos(x);
            case TANH: return (double) Math.tanh(x);
            case SIGMOID: return 1 / (1 + (double) Math.exp(-x));
            case RELU: return Math.max(x, 0); // NaN stays NaN, -0 becomes +0, as on the vector path
            case SOFTPLUS: return Math.max(x, 0) + (double) Math.log1p(Math.exp(-Math.abs(x)));
            default: return (double) Erf.erf(x);
        }
    }

    private static DoubleVector vector(UnaryOp op, DoubleVector x) {
        switch (op) {
            case NEG: return x.neg();
            case ABS: return x.abs();
            case SQRT: return x.sqrt();
            case RSQRT: return x.broadcast(1).div(x.sqrt());
            case SQUARE: return x.mul(x);
            case RECIPROCAL: return x.broadcast(1).div(x);
            case RELU: return x.max(0);
            default: throw new IllegalStateException(op + " has no vector form");
        }
    }
}

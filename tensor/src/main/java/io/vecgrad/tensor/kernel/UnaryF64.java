package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise unary kernels on strided double runs: {@code c[i*cs] = op(a[i*as])}.
 *
 * <p>Contiguous runs take the vector path except for SIGN and ERF, which have only the scalar
 * definition {@link #scalar}. NEG, ABS, SQRT, SQUARE, RELU agree bitwise with the scalar twin;
 * the transcendental ops use the Vector API's approximations, documented as within 1 ulp of
 * the exact result, and the composite ops (SIGMOID, SOFTPLUS, RSQRT, RECIPROCAL) round a few
 * times more. The float twin {@code UnaryF32} is generated from this file.
 */
public final class UnaryF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private UnaryF64() {}

    public static void apply(UnaryOp op, double[] a, int ao, int as, double[] c, int co, int cs, int n) {
        int i = 0;
        if (Simd.ENABLED && as == 1 && cs == 1 && op != UnaryOp.SIGN && op != UnaryOp.ERF) {
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
            case EXP: return x.lanewise(VectorOperators.EXP);
            case LOG: return x.lanewise(VectorOperators.LOG);
            case LOG1P: return x.lanewise(VectorOperators.LOG1P);
            case EXPM1: return x.lanewise(VectorOperators.EXPM1);
            case SIN: return x.lanewise(VectorOperators.SIN);
            case COS: return x.lanewise(VectorOperators.COS);
            case TANH: return x.lanewise(VectorOperators.TANH);
            case SIGMOID: return x.broadcast(1).div(x.neg().lanewise(VectorOperators.EXP).add(1));
            case RELU: return x.max(0);
            case SOFTPLUS: return softplus(x);
            default: throw new IllegalStateException(op + " has no vector form");
        }
    }

    private static DoubleVector softplus(DoubleVector x) {
        DoubleVector tail = x.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
        return x.max(0).add(tail);
    }
}

package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * BLAS level-1 kernels on contiguous runs of double arrays, for the dense factorizations of
 * {@code tensor.linalg} (Jacobi rotations, QL rotations, Householder and substitution updates):
 * {@link #dot}, {@link #axpy} and the plane rotation {@link #rotate}. Each has a scalar twin
 * used with {@code -Dvecgrad.simd=false}; tests compare the two.
 *
 * <pre>{@code
 * double d = Level1F64.dot(n, x, 0, y, 0);
 * Level1F64.axpy(n, -2.0, x, 0, y, 0);            // y −= 2·x
 * Level1F64.rotate(n, x, 0, y, 0, c, s);          // (x, y) ← (c·x − s·y, s·x + c·y)
 * }</pre>
 *
 * <p>Numerics: {@code dot} sums in vector lanes (two accumulators) and then across lanes, a
 * fixed order for a given vector width, so results are deterministic on one machine but may
 * differ in the last bits between AVX2 and AVX-512 machines (like GEMM's matrix·vector path).
 * axpy and rotate are elementwise with fused multiply-adds in the SIMD path.
 *
 * <p>The float twin {@code Level1F32} is generated from this file at build time.
 */
public final class Level1F64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();

    private Level1F64() {}

    /** Σ x[xo+i]·y[yo+i] for i &lt; n. */
    public static double dot(int n, double[] x, int xo, double[] y, int yo) {
        if (!Simd.ENABLED) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[xo + i] * y[yo + i];
            return s;
        }
        DoubleVector a0 = DoubleVector.zero(S), a1 = DoubleVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            a0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), a0);
            a1 = DoubleVector.fromArray(S, x, xo + i + L).fma(DoubleVector.fromArray(S, y, yo + i + L), a1);
        }
        for (; i + L <= n; i += L) {
            a0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), a0);
        }
        // fixed lane order: reduceLanes(ADD) may associate differently once C2 compiles the caller
        double s = LanesF64.sum(a0.add(a1));
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    /** y[yo+i] += alpha·x[xo+i] for i &lt; n. */
    public static void axpy(int n, double alpha, double[] x, int xo, double[] y, int yo) {
        int i = 0;
        if (Simd.ENABLED) {
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            for (; i + L <= n; i += L) {
                DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** The plane rotation {@code (x, y) ← (c·x − s·y, s·x + c·y)} of two runs of length n. */
    public static void rotate(int n, double[] x, int xo, double[] y, int yo, double c, double s) {
        int i = 0;
        if (Simd.ENABLED) {
            DoubleVector vc = DoubleVector.broadcast(S, c), vs = DoubleVector.broadcast(S, s);
            for (; i + L <= n; i += L) {
                DoubleVector vx = DoubleVector.fromArray(S, x, xo + i), vy = DoubleVector.fromArray(S, y, yo + i);
                vx.mul(vc).sub(vy.mul(vs)).intoArray(x, xo + i);
                vx.mul(vs).add(vy.mul(vc)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            double xv = x[xo + i], yv = y[yo + i];
            x[xo + i] = c * xv - s * yv;
            y[yo + i] = s * xv + c * yv;
        }
    }
}

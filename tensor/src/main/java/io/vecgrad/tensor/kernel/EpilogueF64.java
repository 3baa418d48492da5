package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The epilogue of a linear layer, run over the fresh GEMM output while it is still in cache:
 * {@code y = relu(z + bias)} (or {@code z + bias} alone) in place, row by row, and the ReLU's
 * backward {@code dz = g·[y > 0]}.
 *
 * <p>Each element gets exactly the operations of the composed form, in the same order — one
 * rounded add, then {@code max(·, 0)}; one multiply by 1 or 0 — so results are bitwise those of
 * the broadcast add, {@code relu} and {@code mul} kernels ({@code -0} becomes {@code +0}, NaN
 * stays NaN, {@code g·0} keeps the sign of g and turns ±Inf into NaN as the composed mask
 * product does). The vector path and the scalar twin agree bitwise. The float twin
 * {@code EpilogueF32} is generated from this file.
 *
 * <pre>{@code
 * // y [rows × n] row-major, bias [n]
 * EpilogueF64.biasRelu(y, 0, rows, n, bias, 0, true);
 * EpilogueF64.reluBackward(g, 0, y, 0, dz, 0, rows * n);
 * }</pre>
 */
public final class EpilogueF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();

    private EpilogueF64() {}

    /**
     * {@code y[yo + r*n + j] = max(y[...] + bias[bo + j], 0)} for {@code r < rows}, {@code j < n}
     * ({@code relu=false}: the add alone); {@code bias} may be null (then only the max).
     * Modifies only {@code y}.
     */
    public static void biasRelu(double[] y, int yo, int rows, int n, double[] bias, int bo, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int o = yo + r * n;
            int j = 0;
            if (Simd.ENABLED && n >= L) {
                int bound = S.loopBound(n);
                for (; j < bound; j += L) {
                    DoubleVector v = DoubleVector.fromArray(S, y, o + j);
                    if (bias != null) v = v.add(DoubleVector.fromArray(S, bias, bo + j));
                    if (relu) v = v.max(0);
                    v.intoArray(y, o + j);
                }
            }
            for (; j < n; j++) {
                double v = bias != null ? y[o + j] + bias[bo + j] : y[o + j];
                y[o + j] = relu ? Math.max(v, 0) : v;
            }
        }
    }

    /** {@code dz[zo + i] = g[go + i]·(y[yo + i] > 0 ? 1 : 0)} for {@code i < n}. Modifies only {@code dz}. */
    public static void reluBackward(double[] g, int go, double[] y, int yo, double[] dz, int zo, int n) {
        int i = 0;
        if (Simd.ENABLED && n >= L) {
            int bound = S.loopBound(n);
            DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1);
            for (; i < bound; i += L) {
                VectorMask<Double> positive = DoubleVector.fromArray(S, y, yo + i).compare(VectorOperators.GT, 0);
                DoubleVector.fromArray(S, g, go + i).mul(zero.blend(one, positive)).intoArray(dz, zo + i);
            }
        }
        for (; i < n; i++) dz[zo + i] = g[go + i] * (y[yo + i] > 0 ? 1 : 0);
    }
}

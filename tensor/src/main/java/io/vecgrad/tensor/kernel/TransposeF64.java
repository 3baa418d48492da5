package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes of 8×8 blocks in vector registers, for the GEMM's transposing copies
 * ({@link GemmBlockedF64}'s panel of a column-contiguous B, the write-out of Cᵀ on its
 * transposed route, and {@link #sixRows}: six rows of row-major A into a k-major sliver). The
 * float twin is generated from this file.
 *
 * <p>Three butterfly stages: at distance {@code h} = 4, 2, 1, rows {@code r} and {@code r + h}
 * (with {@code r & h == 0}) trade lane halves, row {@code r} keeping its lanes with
 * {@code i & h == 0} and taking row {@code r + h}'s lanes {@code i − h} for the others, so each
 * 2h×2h block {@code [[A, B], [C, D]]} becomes {@code [[A, C], [B, D]]}; after the three stages
 * element (r, i) sits at (i, r). Each trade is a lane rotation and a blend. A copy: the same
 * bits as the element walk it replaces.
 *
 * <p>Only where a vector holds 8 lanes (float under AVX2, double under AVX-512) and on JDK 25
 * or later ({@link #ENABLED}): on JDK 17 the rotations and blends made the step-mlp panel copy
 * slower than the scalar loop (20 against 18 µs; 13 against 21.5 µs on Temurin 25; float, one
 * thread, Zen 3, thread CPU time, best of 200). Elsewhere the callers keep their scalar loops,
 * which the tests compare against.
 *
 * <pre>{@code
 * // dst[d0 + i·ds + r] = src[s0 + r·ss + i] for r, i < 8
 * if (TransposeF64.ENABLED) TransposeF64.block(src, s0, ss, dst, d0, ds, null, 0, false);
 * }</pre>
 */
final class TransposeF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    /** Rows and lanes of a block. */
    static final int N = 8;
    /** Whether {@link #block} may be used: 8 lanes, JDK 25 or later. */
    static final boolean ENABLED = Simd.ENABLED && S.length() == N && Runtime.version().feature() >= 25;

    private static final VectorShuffle<Double> UP4 = rotation(-4), DOWN4 = rotation(4);
    private static final VectorShuffle<Double> UP2 = rotation(-2), DOWN2 = rotation(2);
    private static final VectorShuffle<Double> UP1 = rotation(-1), DOWN1 = rotation(1);
    private static final VectorMask<Double> HIGH4 = lanesWith(4), HIGH2 = lanesWith(2), HIGH1 = lanesWith(1);

    private TransposeF64() {}

    /** Lane i takes lane {@code i + by} (mod the lane count). */
    private static VectorShuffle<Double> rotation(int by) {
        return VectorShuffle.iota(S, by, 1, true);
    }

    /** Lanes whose index has bit {@code h} set. */
    private static VectorMask<Double> lanesWith(int h) {
        boolean[] set = new boolean[S.length()];
        for (int i = 0; i < set.length; i++) set[i] = (i & h) != 0;
        return VectorMask.fromArray(S, set, 0);
    }

    /**
     * {@code dst[d0 + i·ds + r] = src[s0 + r·ss + i]} for {@code r, i < 8}, then, as the scalar
     * epilogue does, plus {@code bias[bo + r]} (unless {@code bias} is null) and
     * {@code max(·, 0)} with {@code relu}. Only when {@link #ENABLED}.
     */
    static void block(double[] src, int s0, int ss, double[] dst, int d0, int ds, double[] bias, int bo, boolean relu) {
        DoubleVector r0 = DoubleVector.fromArray(S, src, s0), r1 = DoubleVector.fromArray(S, src, s0 + ss);
        DoubleVector r2 = DoubleVector.fromArray(S, src, s0 + 2 * ss), r3 = DoubleVector.fromArray(S, src, s0 + 3 * ss);
        DoubleVector r4 = DoubleVector.fromArray(S, src, s0 + 4 * ss), r5 = DoubleVector.fromArray(S, src, s0 + 5 * ss);
        DoubleVector r6 = DoubleVector.fromArray(S, src, s0 + 6 * ss), r7 = DoubleVector.fromArray(S, src, s0 + 7 * ss);
        DoubleVector t0 = r0.blend(r4.rearrange(UP4), HIGH4), t4 = r0.rearrange(DOWN4).blend(r4, HIGH4);
        DoubleVector t1 = r1.blend(r5.rearrange(UP4), HIGH4), t5 = r1.rearrange(DOWN4).blend(r5, HIGH4);
        DoubleVector t2 = r2.blend(r6.rearrange(UP4), HIGH4), t6 = r2.rearrange(DOWN4).blend(r6, HIGH4);
        DoubleVector t3 = r3.blend(r7.rearrange(UP4), HIGH4), t7 = r3.rearrange(DOWN4).blend(r7, HIGH4);
        r0 = t0.blend(t2.rearrange(UP2), HIGH2);
        r2 = t0.rearrange(DOWN2).blend(t2, HIGH2);
        r1 = t1.blend(t3.rearrange(UP2), HIGH2);
        r3 = t1.rearrange(DOWN2).blend(t3, HIGH2);
        r4 = t4.blend(t6.rearrange(UP2), HIGH2);
        r6 = t4.rearrange(DOWN2).blend(t6, HIGH2);
        r5 = t5.blend(t7.rearrange(UP2), HIGH2);
        r7 = t5.rearrange(DOWN2).blend(t7, HIGH2);
        t0 = r0.blend(r1.rearrange(UP1), HIGH1);
        t1 = r0.rearrange(DOWN1).blend(r1, HIGH1);
        t2 = r2.blend(r3.rearrange(UP1), HIGH1);
        t3 = r2.rearrange(DOWN1).blend(r3, HIGH1);
        t4 = r4.blend(r5.rearrange(UP1), HIGH1);
        t5 = r4.rearrange(DOWN1).blend(r5, HIGH1);
        t6 = r6.blend(r7.rearrange(UP1), HIGH1);
        t7 = r6.rearrange(DOWN1).blend(r7, HIGH1);
        if (bias != null) {
            DoubleVector b = DoubleVector.fromArray(S, bias, bo);
            t0 = t0.add(b);
            t1 = t1.add(b);
            t2 = t2.add(b);
            t3 = t3.add(b);
            t4 = t4.add(b);
            t5 = t5.add(b);
            t6 = t6.add(b);
            t7 = t7.add(b);
        }
        if (relu) {
            t0 = t0.max(0);
            t1 = t1.max(0);
            t2 = t2.max(0);
            t3 = t3.max(0);
            t4 = t4.max(0);
            t5 = t5.max(0);
            t6 = t6.max(0);
            t7 = t7.max(0);
        }
        t0.intoArray(dst, d0);
        t1.intoArray(dst, d0 + ds);
        t2.intoArray(dst, d0 + 2 * ds);
        t3.intoArray(dst, d0 + 3 * ds);
        t4.intoArray(dst, d0 + 4 * ds);
        t5.intoArray(dst, d0 + 5 * ds);
        t6.intoArray(dst, d0 + 6 * ds);
        t7.intoArray(dst, d0 + 7 * ds);
    }

    /**
     * {@code dst[d0 + i·6 + r] = src[s0 + r·ss + i]} for {@code r < 6}, {@code i < 8}: eight
     * columns of six rows into a k-major 6-row sliver ({@link GemmBlockedF64}'s row-major A under
     * its 5-row tile), the butterfly of {@link #block} with rows 6 and 7 zero. Each column is
     * stored as a whole vector whose two extra lanes (zeros) land in the next column's slot, which
     * the next store overwrites, and after the last column in {@code dst[d0 + 48]} and
     * {@code dst[d0 + 49]}, which must exist. Only when {@link #ENABLED}.
     */
    static void sixRows(double[] src, int s0, int ss, double[] dst, int d0) {
        DoubleVector r0 = DoubleVector.fromArray(S, src, s0), r1 = DoubleVector.fromArray(S, src, s0 + ss);
        DoubleVector r2 = DoubleVector.fromArray(S, src, s0 + 2 * ss), r3 = DoubleVector.fromArray(S, src, s0 + 3 * ss);
        DoubleVector r4 = DoubleVector.fromArray(S, src, s0 + 4 * ss), r5 = DoubleVector.fromArray(S, src, s0 + 5 * ss);
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector t0 = r0.blend(r4.rearrange(UP4), HIGH4), t4 = r0.rearrange(DOWN4).blend(r4, HIGH4);
        DoubleVector t1 = r1.blend(r5.rearrange(UP4), HIGH4), t5 = r1.rearrange(DOWN4).blend(r5, HIGH4);
        DoubleVector t2 = r2.blend(z, HIGH4), t6 = r2.rearrange(DOWN4).blend(z, HIGH4);
        DoubleVector t3 = r3.blend(z, HIGH4), t7 = r3.rearrange(DOWN4).blend(z, HIGH4);
        r0 = t0.blend(t2.rearrange(UP2), HIGH2);
        r2 = t0.rearrange(DOWN2).blend(t2, HIGH2);
        r1 = t1.blend(t3.rearrange(UP2), HIGH2);
        r3 = t1.rearrange(DOWN2).blend(t3, HIGH2);
        r4 = t4.blend(t6.rearrange(UP2), HIGH2);
        DoubleVector r6 = t4.rearrange(DOWN2).blend(t6, HIGH2);
        r5 = t5.blend(t7.rearrange(UP2), HIGH2);
        DoubleVector r7 = t5.rearrange(DOWN2).blend(t7, HIGH2);
        r0.blend(r1.rearrange(UP1), HIGH1).intoArray(dst, d0);
        r0.rearrange(DOWN1).blend(r1, HIGH1).intoArray(dst, d0 + 6);
        r2.blend(r3.rearrange(UP1), HIGH1).intoArray(dst, d0 + 12);
        r2.rearrange(DOWN1).blend(r3, HIGH1).intoArray(dst, d0 + 18);
        r4.blend(r5.rearrange(UP1), HIGH1).intoArray(dst, d0 + 24);
        r4.rearrange(DOWN1).blend(r5, HIGH1).intoArray(dst, d0 + 30);
        r6.blend(r7.rearrange(UP1), HIGH1).intoArray(dst, d0 + 36);
        r6.rearrange(DOWN1).blend(r7, HIGH1).intoArray(dst, d0 + 42);
    }
}

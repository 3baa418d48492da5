package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unpacked small-matrix path of {@link GemmF64}: every dimension at most {@link #MAX_DIM}
 * B row-contiguous ({@code bCs == 1}) and n a multiple of the vector length, as in the
 * layers of a tiny MLP.
 *
 * <p>Why: for, say, 32×64×20 the blocked path spends about as long packing B into panels and A
 * into slivers as it spends multiplying. Here a 4-row × 2-vector register tile reads B's rows
 * straight from the caller's array and broadcasts A's elements through their strides; edge
 * rows are clamped (computed twice, stored once), a last odd vector of columns takes a
 * one-vector tile. Measured under load (AVX-512, float, JDK 17 / 25): 32×64×20 in 0.83 / 0.77 µs
 * against 1.32 / 1.03 µs blocked, 32×64×64 2.5 / 2.3 against 4.1 / 2.9 µs; with n = 20 the scalar
 * column tail made it 2.5–3× slower than blocked, hence {@code n % L == 0}. (The scalar column
 * loop stays for callers that bypass {@link #applies}.)
 *
 * <p>Numerics: each C(i,j) is the fused multiply-add chain over {@code p = 0..k-1} from zero,
 * then added to C when accumulating — exactly what {@link GemmBlockedF64} computes when
 * {@code k ≤ KC}, so both paths give the same bits (tested) and the choice between them never
 * changes a result. Single-threaded: these shapes are far below {@link Parallel#MIN_PARALLEL_FLOPS}.
 */
final class GemmSmallF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /** Largest m, n and k this path takes (also ≤ {@link GemmBlockedF64#KC}, see the class doc). */
    static final int MAX_DIM = 64;
    private static final int MR = 4;

    private GemmSmallF64() {}

    static boolean applies(int m, int n, int k, int bCs) {
        return bCs == 1 && m <= MAX_DIM && n <= MAX_DIM && k <= MAX_DIM && n % L == 0;
    }

    static void gemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i += MR) {
            int rows = Math.min(MR, m - i);
            int a0 = aOff + i * aRs;
            int a1 = aOff + (i + Math.min(1, rows - 1)) * aRs;
            int a2 = aOff + (i + Math.min(2, rows - 1)) * aRs;
            int a3 = aOff + (i + Math.min(3, rows - 1)) * aRs;
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j <= n - 2 * L; j += 2 * L) {
                tile2(k, a, a0, a1, a2, a3, aCs, b, bOff + j, bRs, c, ci + j, ldc, rows, accumulate);
            }
            for (; j <= n - L; j += L) {
                tile1(k, a, a0, a1, a2, a3, aCs, b, bOff + j, bRs, c, ci + j, ldc, rows, accumulate);
            }
            for (; j < n; j++) {
                for (int r = 0; r < rows; r++) {
                    int ar = aOff + (i + r) * aRs;
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ar + p * aCs], b[bOff + p * bRs + j], s);
                    }
                    int cij = ci + r * ldc + j;
                    c[cij] = accumulate ? s + c[cij] : s;
                }
            }
        }
    }

    private static void tile2(int k, double[] a, int a0, int a1, int a2, int a3, int aCs,
                              double[] b, int bj, int bRs, double[] c, int cij, int ldc, int rows, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00,
                c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * bRs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            int q = p * aCs;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        // Stores inline (no helper taking vectors: C2 would box them, see GemmBlockedF64).
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, c, cij));
            c01 = c01.add(DoubleVector.fromArray(S, c, cij + L));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + L);
        if (rows > 1) {
            int o = cij + ldc;
            if (add) {
                c10 = c10.add(DoubleVector.fromArray(S, c, o));
                c11 = c11.add(DoubleVector.fromArray(S, c, o + L));
            }
            c10.intoArray(c, o);
            c11.intoArray(c, o + L);
        }
        if (rows > 2) {
            int o = cij + 2 * ldc;
            if (add) {
                c20 = c20.add(DoubleVector.fromArray(S, c, o));
                c21 = c21.add(DoubleVector.fromArray(S, c, o + L));
            }
            c20.intoArray(c, o);
            c21.intoArray(c, o + L);
        }
        if (rows > 3) {
            int o = cij + 3 * ldc;
            if (add) {
                c30 = c30.add(DoubleVector.fromArray(S, c, o));
                c31 = c31.add(DoubleVector.fromArray(S, c, o + L));
            }
            c30.intoArray(c, o);
            c31.intoArray(c, o + L);
        }
    }

    private static void tile1(int k, double[] a, int a0, int a1, int a2, int a3, int aCs,
                              double[] b, int bj, int bRs, double[] c, int cij, int ldc, int rows, boolean add) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bj + p * bRs);
            int q = p * aCs;
            c0 = DoubleVector.broadcast(S, a[a0 + q]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[a1 + q]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[a2 + q]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[a3 + q]).fma(b0, c3);
        }
        if (add) {
            c0 = c0.add(DoubleVector.fromArray(S, c, cij));
        }
        c0.intoArray(c, cij);
        if (rows > 1) {
            if (add) {
                c1 = c1.add(DoubleVector.fromArray(S, c, cij + ldc));
            }
            c1.intoArray(c, cij + ldc);
        }
        if (rows > 2) {
            if (add) {
                c2 = c2.add(DoubleVector.fromArray(S, c, cij + 2 * ldc));
            }
            c2.intoArray(c, cij + 2 * ldc);
        }
        if (rows > 3) {
            if (add) {
                c3 = c3.add(DoubleVector.fromArray(S, c, cij + 3 * ldc));
            }
            c3.intoArray(c, cij + 3 * ldc);
        }
    }
}

package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unpacked small-matrix path of {@link GemmF64}: every dimension at most {@link #MAX_DIM},
 * as in the layers of a tiny MLP (step-tiny: 32×64×20 forward, 64×20×32 weight gradient).
 *
 * <p>Why: for, say, 32×64×20 the blocked path spends about as long packing B into panels and A
 * into slivers as it spends multiplying. Here a 4-row × 2-vector register tile (4 × 4 vectors at 512 bits, {@link #tile4}) reads B's rows
 * straight from the caller's array and broadcasts A's elements through their strides; edge
 * rows are clamped (computed twice, stored once). The last {@code n mod 2L} columns take an
 * 8-row × 1-vector tile (eight independent FMA chains, where four left the FMA pipes waiting
 * on latency: step-tiny's weight gradient, n = 20 = L + 4): a last odd vector in place, the
 * {@code n mod L} tail through a per-thread scratch, its B columns and C elements copied in and
 * the results copied out, so no vector access is masked (JDK 17 runs masked stores through a
 * boxing Java fallback; the Vector API checks masked accesses near an array's end lane by lane)
 * and no column is computed by a scalar loop. When A's columns are contiguous ({@code aRs == 1}:
 * the {@code gᵀ} of a weight gradient {@code gᵀ·x}) that tail runs transposed instead
 * ({@link #tailTransposed}): vectors over C's rows, B's elements broadcast, so no lane is
 * wasted (step-tiny's 4-column tail used 4 of 16). A B
 * that is not row-contiguous ({@code bCs != 1}: the transposed weight of a linear layer's
 * forward {@code x·Wᵀ}) is first copied, k×n elements, into a per-thread row-major scratch; A is
 * never copied. Measured under load (AVX-512, float, JDK 17 / 25) before the column tail:
 * 32×64×20 in 0.83 / 0.77 µs against 1.32 / 1.03 µs blocked, 32×64×64 2.5 / 2.3 against
 * 4.1 / 2.9 µs; a scalar column tail made n = 20 2.5–3× slower than blocked.
 *
 * <p>Numerics: each C(i,j) is the fused multiply-add chain over {@code p = 0..k-1} from zero,
 * then added to C when accumulating — exactly what {@link GemmBlockedF64} computes when
 * {@code k ≤ KC}, so both paths give the same bits (tested) and the choice between them never
 * changes a result; tail lanes past n are computed from stale scratch values and never stored. The scratch copy
 * moves values without arithmetic. Single-threaded: these shapes are far below
 * {@link Parallel#MIN_PARALLEL_FLOPS}.
 */
final class GemmSmallF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /** Largest m, n and k this path takes (also ≤ {@link GemmBlockedF64#KC}, see the class doc). */
    static final int MAX_DIM = 64;
    private static final int MR = 4;
    /** Rows of the one-vector tiles over the last {@code n mod 2L} columns ({@link #tile8}). */
    private static final int MR8 = 8;
    /** 512-bit vectors (32 registers on x86): the 4-row × 4-vector tile ({@link #tile4}) fits without spills. */
    private static final boolean WIDE = S.vectorBitSize() >= 512;

    private GemmSmallF64() {}

    /** Where in the scratch the last {@code n mod L} columns of B are staged ({@link #stageB}): k·L elements. */
    private static final int TAIL_B = MAX_DIM * MAX_DIM;
    /** Where in the scratch a tile of C's last rows is staged ({@link #tail}): MR8·L elements. */
    private static final int TAIL_C = TAIL_B + MAX_DIM * L;

    /**
     * Per thread: a row-major copy of a B that is not row-contiguous (k·n ≤ MAX_DIM² elements),
     * then the two stages of the column tail ({@link #stageB}, {@link #tail}).
     */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[TAIL_C + MR8 * L]);

    static boolean applies(int m, int n, int k, int bCs) {
        return m <= MAX_DIM && n <= MAX_DIM && k <= MAX_DIM;
    }

    /** {@code C (+)= A·B} for any strides of B: a B with {@code bCs != 1} is copied row-major first. */
    static void gemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, int bCs, double[] c, int cOff, int ldc, boolean accumulate) {
        if (bCs == 1) {
            gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, accumulate);
            return;
        }
        double[] t = SCRATCH.get();
        copyRowMajor(n, k, b, bOff, bRs, bCs, t);
        gemm(m, n, k, a, aOff, aRs, aCs, t, 0, n, c, cOff, ldc, accumulate);
    }

    /**
     * B (k×n, any strides) copied row-major into {@code t}; its own method, so that the entry
     * point that C2 inlines into {@link GemmF64#gemm} stays small.
     */
    private static void copyRowMajor(int n, int k, double[] b, int bOff, int bRs, int bCs, double[] t) {
        int j = 0;
        // Eight columns at a time: eight read streams, contiguous in p for a transposed view, and
        // eight neighbouring writes per row of the copy (four at a time were already twice as fast
        // as one; eight measured about 5-10 % faster again on step-tiny's forward, under load).
        for (; j <= n - 8; j += 8) {
            int s0 = bOff + j * bCs, s1 = s0 + bCs, s2 = s1 + bCs, s3 = s2 + bCs;
            int s4 = s3 + bCs, s5 = s4 + bCs, s6 = s5 + bCs, s7 = s6 + bCs;
            for (int p = 0, d = j; p < k; p++, d += n) {
                int q = p * bRs;
                t[d] = b[s0 + q];
                t[d + 1] = b[s1 + q];
                t[d + 2] = b[s2 + q];
                t[d + 3] = b[s3 + q];
                t[d + 4] = b[s4 + q];
                t[d + 5] = b[s5 + q];
                t[d + 6] = b[s6 + q];
                t[d + 7] = b[s7 + q];
            }
        }
        for (; j < n; j++) {
            int src = bOff + j * bCs;
            for (int p = 0; p < k; p++) t[p * n + j] = b[src + p * bRs];
        }
    }

    static void gemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, double[] c, int cOff, int ldc, boolean accumulate) {
        int cols = n % L, jt = n - cols;
        int j2 = n - n % (2 * L);
        for (int i = 0; i < m; i += MR) {
            int rows = Math.min(MR, m - i);
            int a0 = aOff + i * aRs;
            int a1 = aOff + (i + Math.min(1, rows - 1)) * aRs;
            int a2 = aOff + (i + Math.min(2, rows - 1)) * aRs;
            int a3 = aOff + (i + Math.min(3, rows - 1)) * aRs;
            int ci = cOff + i * ldc;
            int j = 0;
            if (WIDE) {
                for (; j <= j2 - 4 * L; j += 4 * L) {
                    tile4(k, a, a0, a1, a2, a3, aCs, b, bOff + j, bRs, c, ci + j, ldc, rows, accumulate);
                }
            }
            for (; j < j2; j += 2 * L) {
                tile2(k, a, a0, a1, a2, a3, aCs, b, bOff + j, bRs, c, ci + j, ldc, rows, accumulate);
            }
        }
        if (j2 == n) return;
        // The last n − j2 < 2L columns, in 8-row tiles (eight independent FMA chains keep both FMA
        // pipes busy; four left them waiting on latency): a full vector from B and C in place, the
        // n mod L tail through the scratch (see stageB).
        // With column-contiguous A (aRs == 1: the gᵀ of a weight gradient gᵀ·x) the tail's first
        // mt rows run transposed (tailTransposed): vectors over rows, no lane wasted.
        int mt = aRs == 1 && cols > 0 ? m - m % L : 0;
        double[] t = cols > 0 ? SCRATCH.get() : null;
        if (jt > j2) {
            for (int i = 0; i < m; i += MR8) {
                tile8(k, a, aOff + i * aRs, aRs, aCs, b, bOff + j2, bRs, c, cOff + i * ldc + j2, ldc,
                        Math.min(MR8, m - i), accumulate);
            }
        }
        if (mt > 0) tailTransposed(mt, k, cols, a, aOff, aCs, b, bOff + jt, bRs, c, cOff + jt, ldc, accumulate, t);
        if (cols == 0 || mt == m) return;
        stageB(k, cols, b, bOff + jt, bRs, t);
        for (int i = mt; i < m; i += MR8) {
            tail(k, a, aOff + i * aRs, aRs, aCs, c, cOff + i * ldc + jt, ldc, Math.min(MR8, m - i), cols, accumulate, t);
        }
    }

    /**
     * The last {@code cols < L} columns of C's first {@code mt} rows (a multiple of L) when A's
     * columns are contiguous ({@code aRs == 1}): computed as {@code Cᵀ = Bᵀ·Aᵀ}, vectors over L
     * rows of C, B's elements broadcast. Tiles of 4 columns × 2 row vectors (columns past
     * {@code cols} and a row vector past mt clamped: computed, not stored), eight independent FMA
     * chains. Step-tiny's weight gradient (64×20×32) spends 512 FMAs here where the 8-row tiles
     * over a 4-column tail spent 2,048 on vectors of which 12 of 16 lanes were discarded. Each
     * C(i,j) is still the FMA chain over p from zero, then {@code + C(i,j)} when accumulating:
     * the same bits. The results go out through the scratch ({@link #TAIL_C}), one element per
     * row.
     */
    private static void tailTransposed(int mt, int k, int cols, double[] a, int aOff, int aCs,
                                       double[] b, int bj, int bRs, double[] c, int cj, int ldc,
                                       boolean add, double[] t) {
        int lastCol = cols - 1;
        for (int j = 0; j < cols; j += 4) {
            int q1 = Math.min(j + 1, lastCol), q2 = Math.min(j + 2, lastCol), q3 = Math.min(j + 3, lastCol);
            for (int i = 0; i < mt; i += 2 * L) {
                int i1 = Math.min(i + L, mt - L);   // mt is a multiple of L: i + L, or i for a last single vector
                DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00,
                        c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                for (int p = 0; p < k; p++) {
                    int ap = aOff + p * aCs, bp = bj + p * bRs;
                    DoubleVector x0 = DoubleVector.fromArray(S, a, ap + i);
                    DoubleVector x1 = DoubleVector.fromArray(S, a, ap + i1);
                    DoubleVector y = DoubleVector.broadcast(S, b[bp + j]);
                    c00 = x0.fma(y, c00);
                    c01 = x1.fma(y, c01);
                    y = DoubleVector.broadcast(S, b[bp + q1]);
                    c10 = x0.fma(y, c10);
                    c11 = x1.fma(y, c11);
                    y = DoubleVector.broadcast(S, b[bp + q2]);
                    c20 = x0.fma(y, c20);
                    c21 = x1.fma(y, c21);
                    y = DoubleVector.broadcast(S, b[bp + q3]);
                    c30 = x0.fma(y, c30);
                    c31 = x1.fma(y, c31);
                }
                // Stores inline (no helper taking vectors: C2 would box them, see GemmBlockedF64).
                c00.intoArray(t, TAIL_C);
                c10.intoArray(t, TAIL_C + L);
                c20.intoArray(t, TAIL_C + 2 * L);
                c30.intoArray(t, TAIL_C + 3 * L);
                c01.intoArray(t, TAIL_C + 4 * L);
                c11.intoArray(t, TAIL_C + 5 * L);
                c21.intoArray(t, TAIL_C + 6 * L);
                c31.intoArray(t, TAIL_C + 7 * L);
                int nc = Math.min(4, cols - j);
                scatterColumns(t, TAIL_C, nc, c, cj + i * ldc + j, ldc, add);
                if (i1 > i) scatterColumns(t, TAIL_C + 4 * L, nc, c, cj + i1 * ldc + j, ldc, add);
            }
        }
    }

    /**
     * Writes {@code nc} columns of L rows of C from the scratch, column q's L results at
     * {@code t[off + q·L ...]}: C(l, q) = result, or result + C(l, q) when accumulating (the
     * vector tiles' order of operands).
     */
    private static void scatterColumns(double[] t, int off, int nc, double[] c, int cij, int ldc, boolean add) {
        for (int q = 0; q < nc; q++) {
            for (int l = 0, src = off + q * L, dst = cij + q; l < L; l++, dst += ldc) {
                c[dst] = add ? t[src + l] + c[dst] : t[src + l];
            }
        }
    }

    /**
     * Copies B's last {@code cols < L} columns, k rows from {@code b[bj + p·bRs]}, to the
     * scratch's {@link #TAIL_B} with row stride L, so the tail runs as full vectors without a
     * mask: the Vector API checks a masked access that would run past the end of its array lane
     * by lane (the last row of a tight B or C; 10 % of a step-tiny step on JDK 25), and JDK 17 runs
     * every masked store through its Java fallback (a boxed vector per store: 60 KB and about
     * half the time of a step-tiny step). Lanes past {@code cols} keep stale values of earlier calls: they
     * are computed and never stored.
     */
    private static void stageB(int k, int cols, double[] b, int bj, int bRs, double[] t) {
        for (int p = 0; p < k; p++) {   // element loops: System.arraycopy costs more for a few elements
            for (int q = 0, src = bj + p * bRs, dst = TAIL_B + p * L; q < cols; q++) t[dst + q] = b[src + q];
        }
    }

    /**
     * The last {@code cols < L} columns of rows {@code rows} of C, through the scratch: C's
     * elements copied to {@link #TAIL_C} (when accumulating), {@link #tile8} on the staged B and
     * that copy, the {@code cols} results copied back. Moves values only: same bits.
     */
    private static void tail(int k, double[] a, int a0, int aRs, int aCs, double[] c, int cij, int ldc,
                             int rows, int cols, boolean add, double[] t) {
        if (add) {
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) t[TAIL_C + r * L + q] = c[cij + r * ldc + q];
            }
        }
        tile8(k, a, a0, aRs, aCs, t, TAIL_B, L, t, TAIL_C, L, rows, add);
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) c[cij + r * ldc + q] = t[TAIL_C + r * L + q];
        }
    }

    /**
     * C(i..i+4, j..j+4L) (+)= A·B, 4 rows × 4 vectors, for 32 registers (512-bit vectors,
     * {@link #WIDE}): 16 accumulators, one broadcast of A per row and p for four vectors of B
     * where {@link #tile2} needs one per two. Rows past {@code rows} clamped by the caller.
     */
    private static void tile4(int k, double[] a, int a0, int a1, int a2, int a3, int aCs,
                              double[] b, int bj, int bRs, double[] c, int cij, int ldc, int rows, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
                c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * bRs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            int q = p * aCs;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(S, a[a1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = DoubleVector.broadcast(S, a[a2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = DoubleVector.broadcast(S, a[a3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        // Stores inline (no helper taking vectors: C2 would box them, see GemmBlockedF64).
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, c, cij));
            c01 = c01.add(DoubleVector.fromArray(S, c, cij + L));
            c02 = c02.add(DoubleVector.fromArray(S, c, cij + 2 * L));
            c03 = c03.add(DoubleVector.fromArray(S, c, cij + 3 * L));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + L);
        c02.intoArray(c, cij + 2 * L);
        c03.intoArray(c, cij + 3 * L);
        if (rows > 1) {
            int o = cij + ldc;
            if (add) {
                c10 = c10.add(DoubleVector.fromArray(S, c, o));
                c11 = c11.add(DoubleVector.fromArray(S, c, o + L));
                c12 = c12.add(DoubleVector.fromArray(S, c, o + 2 * L));
                c13 = c13.add(DoubleVector.fromArray(S, c, o + 3 * L));
            }
            c10.intoArray(c, o);
            c11.intoArray(c, o + L);
            c12.intoArray(c, o + 2 * L);
            c13.intoArray(c, o + 3 * L);
        }
        if (rows > 2) {
            int o = cij + 2 * ldc;
            if (add) {
                c20 = c20.add(DoubleVector.fromArray(S, c, o));
                c21 = c21.add(DoubleVector.fromArray(S, c, o + L));
                c22 = c22.add(DoubleVector.fromArray(S, c, o + 2 * L));
                c23 = c23.add(DoubleVector.fromArray(S, c, o + 3 * L));
            }
            c20.intoArray(c, o);
            c21.intoArray(c, o + L);
            c22.intoArray(c, o + 2 * L);
            c23.intoArray(c, o + 3 * L);
        }
        if (rows > 3) {
            int o = cij + 3 * ldc;
            if (add) {
                c30 = c30.add(DoubleVector.fromArray(S, c, o));
                c31 = c31.add(DoubleVector.fromArray(S, c, o + L));
                c32 = c32.add(DoubleVector.fromArray(S, c, o + 2 * L));
                c33 = c33.add(DoubleVector.fromArray(S, c, o + 3 * L));
            }
            c30.intoArray(c, o);
            c31.intoArray(c, o + L);
            c32.intoArray(c, o + 2 * L);
            c33.intoArray(c, o + 3 * L);
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

    /**
     * C(i..i+rows, j..j+L) (+)= A·B: 8 rows × 1 vector, rows past {@code rows} clamped to the last
     * (computed, never stored). Eight independent FMA chains; four left the FMA pipes waiting on
     * latency.
     */
    private static void tile8(int k, double[] a, int a0, int aRs, int aCs, double[] b, int bj, int bRs,
                              double[] c, int cij, int ldc, int rows, boolean add) {
        int last = rows - 1;
        int a1 = a0 + Math.min(1, last) * aRs, a2 = a0 + Math.min(2, last) * aRs, a3 = a0 + Math.min(3, last) * aRs;
        int a4 = a0 + Math.min(4, last) * aRs, a5 = a0 + Math.min(5, last) * aRs, a6 = a0 + Math.min(6, last) * aRs;
        int a7 = a0 + Math.min(7, last) * aRs;
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < k; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bj + p * bRs);
            int q = p * aCs;
            c0 = DoubleVector.broadcast(S, a[a0 + q]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[a1 + q]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[a2 + q]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[a3 + q]).fma(b0, c3);
            c4 = DoubleVector.broadcast(S, a[a4 + q]).fma(b0, c4);
            c5 = DoubleVector.broadcast(S, a[a5 + q]).fma(b0, c5);
            c6 = DoubleVector.broadcast(S, a[a6 + q]).fma(b0, c6);
            c7 = DoubleVector.broadcast(S, a[a7 + q]).fma(b0, c7);
        }
        // Stores inline (no helper taking vectors: C2 would box them, see GemmBlockedF64).
        if (add) {
            c0 = c0.add(DoubleVector.fromArray(S, c, cij));
        }
        c0.intoArray(c, cij);
        if (rows > 1) {
            int o = cij + ldc;
            if (add) {
                c1 = c1.add(DoubleVector.fromArray(S, c, o));
            }
            c1.intoArray(c, o);
        }
        if (rows > 2) {
            int o = cij + 2 * ldc;
            if (add) {
                c2 = c2.add(DoubleVector.fromArray(S, c, o));
            }
            c2.intoArray(c, o);
        }
        if (rows > 3) {
            int o = cij + 3 * ldc;
            if (add) {
                c3 = c3.add(DoubleVector.fromArray(S, c, o));
            }
            c3.intoArray(c, o);
        }
        if (rows > 4) {
            int o = cij + 4 * ldc;
            if (add) {
                c4 = c4.add(DoubleVector.fromArray(S, c, o));
            }
            c4.intoArray(c, o);
        }
        if (rows > 5) {
            int o = cij + 5 * ldc;
            if (add) {
                c5 = c5.add(DoubleVector.fromArray(S, c, o));
            }
            c5.intoArray(c, o);
        }
        if (rows > 6) {
            int o = cij + 6 * ldc;
            if (add) {
                c6 = c6.add(DoubleVector.fromArray(S, c, o));
            }
            c6.intoArray(c, o);
        }
        if (rows > 7) {
            int o = cij + 7 * ldc;
            if (add) {
                c7 = c7.add(DoubleVector.fromArray(S, c, o));
            }
            c7.intoArray(c, o);
        }
    }
}

package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cache-blocked, register-blocked vector path of {@link GemmF64}.
 *
 * <p>Loop nest (BLIS style, A left in place): for each block of {@link #NC} columns and
 * {@link #KC} rows of B, pack that block of B into contiguous panels {@link #NR} columns wide
 * (zero-padded on the right), then for every {@link #MR} rows of A and every panel run the
 * micro-kernel, which keeps an MR×NR tile of C in 12 vector registers, broadcasts A from
 * its strided positions and streams the panel once. The packed block (KC·NC elements,
 * 512 KiB for both dtypes) is sized for the 512 KiB L2 per core of the machines we measured.
 *
 * <p>Determinism: every element C(i,j) is summed in the same order (KC blocks in increasing
 * {@code p}, one fused multiply-add per {@code p} within a block, the block sum then added to
 * C) whatever tile, row block or panel lane it lands in, so the result does not depend on
 * how the work is split between threads.
 */
final class GemmBlockedF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /** Rows of the micro-tile. 6×2 vectors = 12 accumulators fits AVX2's 16 registers. */
    static final int MR = 6;
    /** Columns of the micro-tile and width of a packed panel. */
    static final int NR = 2 * L;
    /** Depth of a packed block of B. */
    static final int KC = 256;
    /** Width of a packed block of B; a multiple of NR. */
    static final int NC = 64 * L;
    /**
     * Elements skipped at the start of the packing buffer so that panels start on a 64-byte
     * boundary when the array's data happens to sit at 16 mod 64 (see GemmF64's Javadoc).
     */
    static final int PACK_BASE = Integer.getInteger("vecgrad.gemm.packBase", 0);

    /** Per-thread buffers, reused so that a steady-state call allocates nothing. */
    private static final class Scratch {
        final double[] packed = new double[PACK_BASE + KC * NC];
        final double[] edge = new double[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmBlockedF64() {}

    static void gemm(int m, int n, int k,
                     double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, int bCs,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        if (!Parallel.worthSplitting(2.0 * m * n * k)) {
            tile(0, m, 0, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        // One tile per thread: whole NC column blocks first (no B block is packed twice),
        // then rows in multiples of MR. Splitting does not change any result (see class doc).
        int threads = Parallel.threads();
        int cols = roundUp(ceilDiv(n, Math.min(ceilDiv(n, NC), threads)), NR);
        int colTiles = ceilDiv(n, cols);
        int rowTiles = Math.max(1, Math.min(ceilDiv(threads, colTiles), ceilDiv(m, MR)));
        int rows = roundUp(ceilDiv(m, rowTiles), MR);
        Parallel.parallelFor(ceilDiv(m, rows) * colTiles, t -> {
            int r0 = (t / colTiles) * rows;
            int c0 = (t % colTiles) * cols;
            tile(r0, Math.min(m, r0 + rows), c0, Math.min(n, c0 + cols), k,
                    a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        });
    }

    /** Computes rows [r0,r1) × columns [c0,c1) of C on the calling thread. */
    private static void tile(int r0, int r1, int c0, int c1, int k,
                             double[] a, int aOff, int aRs, int aCs,
                             double[] b, int bOff, int bRs, int bCs,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        Scratch s = SCRATCH.get();
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                pack(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, s.packed);
                boolean add = accumulate || pc > 0;
                block(r0, r1, kc, nc, a, aOff + r0 * aRs + pc * aCs, aRs, aCs, s, c, cOff + r0 * ldc + jc, ldc, add);
            }
        }
    }

    /** Multiplies rows [r0,r1) of A's current column block with the packed block of B. */
    private static void block(int r0, int r1, int kc, int nc, double[] a, int ai, int aRs, int aCs,
                              Scratch s, double[] c, int ci, int ldc, boolean add) {
        double[] bp = s.packed;
        for (int i = 0; i < r1 - r0; i += MR) {
            int mr = Math.min(MR, r1 - r0 - i);
            for (int j = 0, bi = PACK_BASE; j < nc; j += NR, bi += kc * NR) {
                int nr = Math.min(NR, nc - j);
                int cij = ci + i * ldc + j;
                if (mr == MR) {
                    kernel6(kc, a, ai + i * aRs, aRs, aCs, bp, bi, c, cij, ldc, nr, add, s.edge);
                } else {
                    for (int r = 0; r < mr; r++) {
                        kernel1(kc, a, ai + (i + r) * aRs, aCs, bp, bi, c, cij + r * ldc, nr, add, s.edge);
                    }
                }
            }
        }
    }

    /** C[6×nr] (+)= A[6×kc] · panel[kc×NR]; one k-step per iteration, accumulators in registers. */
    private static void kernel6(int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                                double[] c, int ci, int ldc, int nr, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a0 = ai, a1 = ai + aRs, a2 = a1 + aRs, a3 = a2 + aRs, a4 = a3 + aRs, a5 = a4 + aRs;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + p * NR + L);
            int ap = p * aCs;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (nr == NR) {
            store(c00, c01, c, ci, add);
            store(c10, c11, c, ci + ldc, add);
            store(c20, c21, c, ci + 2 * ldc, add);
            store(c30, c31, c, ci + 3 * ldc, add);
            store(c40, c41, c, ci + 4 * ldc, add);
            store(c50, c51, c, ci + 5 * ldc, add);
        } else {
            storeEdge(c00, c01, edge, c, ci, nr, add);
            storeEdge(c10, c11, edge, c, ci + ldc, nr, add);
            storeEdge(c20, c21, edge, c, ci + 2 * ldc, nr, add);
            storeEdge(c30, c31, edge, c, ci + 3 * ldc, nr, add);
            storeEdge(c40, c41, edge, c, ci + 4 * ldc, nr, add);
            storeEdge(c50, c51, edge, c, ci + 5 * ldc, nr, add);
        }
    }

    /** One row of kernel6, for the last m mod 6 rows; same arithmetic per element. */
    private static void kernel1(int kc, double[] a, int ai, int aCs, double[] bp, int bi,
                                double[] c, int ci, int nr, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai + p * aCs]);
            c00 = x.fma(DoubleVector.fromArray(S, bp, bi + p * NR), c00);
            c01 = x.fma(DoubleVector.fromArray(S, bp, bi + p * NR + L), c01);
        }
        if (nr == NR) {
            store(c00, c01, c, ci, add);
        } else {
            storeEdge(c00, c01, edge, c, ci, nr, add);
        }
    }

    private static void store(DoubleVector v0, DoubleVector v1, double[] c, int ci, boolean add) {
        if (add) {
            v0 = v0.add(DoubleVector.fromArray(S, c, ci));
            v1 = v1.add(DoubleVector.fromArray(S, c, ci + L));
        }
        v0.intoArray(c, ci);
        v1.intoArray(c, ci + L);
    }

    /** Stores the first nr &lt; NR lanes of a row through a scratch array (no masked stores). */
    private static void storeEdge(DoubleVector v0, DoubleVector v1, double[] edge, double[] c, int ci, int nr,
                                  boolean add) {
        v0.intoArray(edge, 0);
        v1.intoArray(edge, L);
        for (int j = 0; j < nr; j++) {
            c[ci + j] = add ? edge[j] + c[ci + j] : edge[j];
        }
    }

    /**
     * Packs B[kc×nc] (element (p,j) at {@code b[bi + p*bRs + j*bCs]}) into panels of NR
     * columns: panel q holds (p, q*NR + jj) at {@code PACK_BASE + q*kc*NR + p*NR + jj}.
     */
    static void pack(int kc, int nc, double[] b, int bi, int bRs, int bCs, double[] dst) {
        for (int j = 0, d = PACK_BASE; j < nc; j += NR, d += kc * NR) {
            int nr = Math.min(NR, nc - j);
            int src = bi + j * bCs;
            if (bCs == 1 && nr == NR) {
                packRows(kc, b, src, bRs, dst, d);
            } else if (bRs == 1 && bCs != 0) {
                packColumns(kc, nr, b, src, bCs, dst, d);
            } else {
                packAny(kc, nr, b, src, bRs, bCs, dst, d);
            }
        }
    }

    /** Full panel from row-contiguous B: two vector copies per row. */
    private static void packRows(int kc, double[] b, int src, int bRs, double[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            DoubleVector.fromArray(S, b, src + p * bRs).intoArray(dst, d + p * NR);
            DoubleVector.fromArray(S, b, src + p * bRs + L).intoArray(dst, d + p * NR + L);
        }
    }

    /** Panel from column-contiguous (transposed) B: read down each column. */
    private static void packColumns(int kc, int nr, double[] b, int src, int bCs, double[] dst, int d) {
        for (int jj = 0; jj < nr; jj++) {
            int s = src + jj * bCs;
            for (int p = 0; p < kc; p++) {
                dst[d + p * NR + jj] = b[s + p];
            }
        }
        zeroPad(kc, nr, dst, d);
    }

    private static void packAny(int kc, int nr, double[] b, int src, int bRs, int bCs, double[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            for (int jj = 0; jj < nr; jj++) {
                dst[d + p * NR + jj] = b[src + p * bRs + jj * bCs];
            }
        }
        zeroPad(kc, nr, dst, d);
    }

    private static void zeroPad(int kc, int nr, double[] dst, int d) {
        if (nr < NR) {
            for (int p = 0; p < kc; p++) {
                for (int jj = nr; jj < NR; jj++) {
                    dst[d + p * NR + jj] = 0;
                }
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}

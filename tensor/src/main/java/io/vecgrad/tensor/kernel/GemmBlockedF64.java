package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cache-blocked, register-blocked vector path of {@link GemmF64}.
 *
 * <p>Loop nest (BLIS style): for each block of {@link #NC} columns and {@link #KC} rows of B,
 * pack that block into contiguous panels {@link #NR} columns wide (zero-padded on the right);
 * then for every {@link #MR} rows of A, copy those rows into a small k-major sliver (at most
 * 12 KiB for floats, stays in L1; five rows of row-major A go in blocks of L columns instead,
 * {@link #packRowsBlocked}) and run the micro-kernel over every panel. The micro-kernel
 * keeps an MR×NR tile of C in 24 (MR = 12), 12 (6) or 10 (5) vector registers, broadcasts the
 * sliver and streams the panel once.
 * The packed block (KC·NC elements, 512 KiB for both dtypes) is sized for the 512 KiB L2 per
 * core of the machine we measured.
 *
 * <p>Shape: measured in isolation on AVX2 (16 vector registers, JDK 25, float), 6 rows × 2
 * vectors ran at 97% of the FMA peak; 5×2 the same; 8×2, 3×4 and 4×3 reached 50–70%; 6×4
 * (24 accumulators) spills and reached 35%. With 32 registers (AVX-512) the 12×2 tile (24
 * accumulators) wins, see below.
 *
 * <p>Register tile by width, chosen once at class initialisation ({@link #MR}): 12 rows
 * ({@link #kernel12}) for 512-bit vectors, 5 rows ({@link #kernel5}) below on JDK 25, 6 rows
 * ({@link #kernel}) below on earlier JDKs. Measured on a real AVX2 machine (Zen 3, float, one
 * thread, best of 20 calls' thread CPU time, n = 512 / 1024): Temurin 25 runs the 5-row tile at
 * 83–87 / 81–84 GFLOP/s and spilled the 6-row one (37–41) until its loop ran on the sliver offset
 * (twenty-first session, {@link #kernel}: no spill, and A that is not row-major now takes 6-row
 * tiles there, {@link #sliverHeight}); JDK 17 compiles the 6-row tile without
 * a spill, 85–89 / 85–88, and the 5-row one to 72–75 / 70–72. An FMA-only loop peaks at 103.
 * A 4-row tile (8 accumulators, spill-free whatever C2 hoists) ran at 82–84 / 77–79 on
 * Temurin 25: eight chains barely cover the FMA latency. Panel-outer order over 120 packed rows
 * (B's panel held in L1, as BLIS does) and other KC/NC (128–384 / 256–1024 columns) changed
 * nothing beyond the noise there. Under the 12-row
 * tile the 6-row {@link #kernel} takes a remainder of at most 6 rows and every block shallower
 * than KC. With 32 zmm registers the 12×2 tile holds 24 accumulators, 2 panel vectors and the
 * broadcasts without a spill (hsdis, Temurin 25 and JDK 17; JDK 17 leaves two range checks on
 * the sliver in the loop), and each panel line read from L2 feeds 24 FMAs instead of 12: float
 * n = 1024 went from 127–159 to 156–183 GFLOP/s, n = 512 from 134–176 to 171–186 (one thread,
 * best of 60–150 calls' thread CPU time, interleaved with main, measured under load). Shallow
 * blocks stay on 6 rows because C1 cannot compile {@code kernel12} at tier 3 ("out of virtual
 * registers"), so it reaches C2 only through long loops: with a 64-deep product (step-mlp's
 * weight gradient) it ran for seconds in the interpreter and C1's boxed code (0.5–40 ms instead
 * of 0.15 ms per call). Its full-tile stores are written out: with {@link #store} calls
 * instead (half the bytecode, and C1 then compiles it) the square GEMM fell to 16 GFLOP/s on
 * Temurin 25. Tried and not kept (float, one thread, best of 30–150 calls' thread CPU time,
 * alternating JVMs, measured under load): one store sequence shared by full and edge tiles (an
 * edge tile written as a full one into the edge buffer, rows NR apart) takes it to 1,893
 * bytecodes and C1 then compiles it, Temurin 25's C2 loop stays spill-free (n = 512 / 1024:
 * 169–185 / 173–177 against 167–182 / 166–174 GFLOP/s), but JDK 17's C2 then keeps one
 * accumulator on the stack (a load and a store per k-step): 179–181 / 173–176 against
 * 185–186 / 181–187; and with it, 12-row shallow blocks warmed
 * up within a second but ran no faster (64-deep weight gradient 126–142 against 130–141 µs).
 * A 4×4 in-register transposing copy of row-major A into the sliver (single-source rearranges
 * and blends; the two-source {@code rearrange} is 25 times slower on JDK 17) copied in 0.18
 * against 0.24–0.31 ns per element in isolation, but with it square GEMMs ran at 4–10 GFLOP/s
 * for their first 5–10 s or longer: on Temurin 25 81 % of the samples were in a C2-compiled
 * {@code kernel12} that allocated (boxed vectors); on JDK 17 the copy itself reached C2 only after
 * 4–6 s ({@link #packA} runs once per 12 rows and block). Not diagnosed further. Temurin 25's C2, with
 * 16 ymm registers (AVX2; emulated with {@code -XX:UseAVX=2} on an AVX-512 Zen 5), keeps three
 * broadcasts live beside the 12 accumulators and 2 panel vectors and spills one accumulator:
 * every k-step then loads, multiplies-adds and stores it on the stack, and the kernel ran at
 * 43–48 GFLOP/s, about half the 256-bit peak (JDK 17 did not spill: 94). The 5-row kernel
 * compiles without a spill on both JDKs (89–96 GFLOP/s; float, n = 512 and 1024, one thread,
 * thread CPU time, measured under load). Every element is the same FMA chain whatever the
 * tile, so both kernels, and both widths, give the same bits.
 *
 * <p>Determinism: every element C(i,j) is summed in the same order (KC blocks in increasing
 * {@code p}, one fused multiply-add per {@code p} within a block, the block sum then added to
 * C) whatever tile, row block or panel lane it lands in, so the result does not depend on
 * how the work is split between threads.
 *
 * <p>Transposed route: when B is column-contiguous (a transposed matrix, {@code bRs == 1}) and A
 * has few rows, packing B means a scalar transposing copy of all of B, one element per cycle at
 * best: for step-mlp's {@code x[64×784]·W1ᵀ} about a third of the GEMM. {@link #transposes} then
 * picks {@code Cᵀ = Bᵀ·Aᵀ}: Bᵀ's rows are broadcast in place by {@link #kernelDirect}, only Aᵀ
 * (the small operand) is packed, and the rows×cols result is transposed into C (measured under
 * load, AVX-512, float: 64×784·784×256 from 256 to 184 µs, 64×256·256×10 from 15 to 8 µs).
 *
 * <p>Direct route (twentieth session): with row-major A and at most {@link #DIRECT_PANELS}
 * panels of columns, {@link #readsAInPlace} skips A's slivers altogether and
 * {@link #kernelDirect} broadcasts A's rows in place against the packed B. The same FMA chain
 * per element, so the same bits. Not on JDK 17 with 16 registers ({@link #DIRECT_ROUTE}).
 *
 * <p>Transposed route on AVX2, Temurin 25, tried and not kept (branch mlp-step, float
 * 64×784·W1ᵀ with bias + ReLU, one thread, median thread CPU time, under load): {@link #kernelDirect}'s
 * loop is about 42 instructions for 12 FMAs (one {@code lea} per broadcast row, and the panel and
 * its offset reloaded from the stack: six row offsets leave too few general registers), so it
 * looked dispatch-bound. (1) Five rows copied side by side into scratch (row r at {@code r·KC},
 * one index register, rows outer and panels inner): C2 hoisted all five broadcasts above the
 * FMAs and spilled an accumulator, 775–823 against 336–342 µs. (2) The same with four rows (8
 * accumulators, no spill): 338–346 µs, no faster. (3) {@code kernelDirect} with five rows (one
 * register freed, one stack reload left): 346–357 µs, no faster. The kernel's slope is that of
 * {@link #kernel5} on the K = 64 weight gradient (about 84 GFLOP/s on this shared machine, from
 * K = 64 / 128 / 256 at 318 / 630 / 1,235 µs: about 10 µs of the 318 outside the k loop), so neither
 * kernel has much left to give here; the route's copies are {@link #packColumns} (xᵀ, 16.5 µs)
 * and {@link #transposeOut}. Sixteenth session: both copies go through 8×8 transposes in
 * registers ({@link TransposeF64}) where a vector holds 8 lanes on JDK 25+: JFR had put 4.7 %
 * of the step-mlp samples in {@code packColumns} and 2.3 % in the write-out; the step went
 * 0.787 → 0.774 and 0.786 → 0.766 ms (in-process A/B, both orders, median of rounds' best of
 * 20 steps; float, one thread, Temurin 25, Zen 3).
 *
 * <p>Threads, tried and not kept (twelfth session, branch lead-gemm-t2, float, 2-core Zen 3,
 * Temurin 25): packing B once for both threads (half the panels each) and handing out four row
 * tasks per thread from the shared counter, so that a thread the OS or the JIT holds up leaves its
 * share to the other. Same bits. The CPU-time census of the transformer step improved (the GEMM
 * regions' two-thread speed-up 1.82–1.86 → 1.94–1.97), but on the quiet machine the
 * transformer's twelve GEMM shapes at two threads took 8.2 ms against 7.6–8.6 ms (median of 30
 * calls, alternated JVMs), most shapes 2–8 % slower and the 128×128×1024 weight gradient 232 →
 * 306 µs: half of the shared B is read from the other core's cache, and the packing is a second
 * parallel region. Thirteenth session (branch lead-rows): each thread packed all of B once (every
 * KC block side by side, up to two KC·NC blocks) and the rows went in four chunks per thread,
 * claimed as the threads got to them, each chunk running every KC block in order (same bits; a
 * jqwik property checked it against one thread, and a second call with new values in the same B).
 * On the quiet machine the twelve shapes took 7.73–8.57 ms against 7.57–7.59 (wall time, median of
 * 30 calls, three alternated JVMs each): the static split was already balanced there (for example
 * 602 against 1,200 µs at one thread for the QKV forward), and the weight gradients (k = 1024)
 * lost 5–15 % (234 → 268 µs for 128×128×1024), their whole packed B (512 KiB) no longer fitting
 * L2 beside the rest. Not merged.
 *
 * <p>Also measured in the thirteenth session and not kept (float, one thread, Temurin 25, Zen 3):
 * {@link #kernel5} with its offsets carried as loop variables ({@code q += 5}, {@code b += NR})
 * compiles to 23 instead of 29 instructions per k-step (hsdis; two range checks on the panel stay)
 * and runs no faster: in the transformer step the kernel already runs at about 93 GFLOP/s
 * (65 % of the step's samples, 1.21 GFLOP per step), against 94–95 for a loop of FMAs alone with
 * ten chains, so it is not bound by instruction dispatch. The row-major 5-row {@link #packA} with
 * the sliver index as the loop variable ran 0.38 against 0.55 ns per element in isolation, but in
 * the GEMM C2 kept five range checks and stack reloads in it and it took 8.6 against 6.8 % of the
 * samples; row by row (strided stores) it took 5.9 %. KC 192–384 with NC 32·L or 64·L changed
 * the transformer's twelve shapes and the square products by no more than the noise (44.2–46.1 ms
 * for all fifteen, thread CPU time).
 *
 * <p>Epilogue: {@link #gemm(int, int, int, double[], int, int, int, double[], int, int, int, double[], int, int, double[], int, boolean)}
 * also adds a bias per column and applies {@code max(·, 0)} to each tile of the final K block
 * right after the micro-kernel stores it, while the tile is still in L1: {@code relu(C + bias)}
 * with C the finished dot product, so each element gets the add and the max in the same
 * order as a separate pass over C ({@link EpilogueF64#biasRelu}) and the same bits.
 */
final class GemmBlockedF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /**
     * Rows of the micro-tile: 12 (24 accumulators, {@link #kernel12}; remainders of at most 6 rows
     * take the 6-row {@link #kernel}) with 32 vector registers (512-bit vectors), 5 (10
     * accumulators, {@link #kernel5}) with 16 (256 bits and less; x86 AVX2) on JDK 25 and 6 on
     * earlier JDKs, whose C2 compiles the 6-row kernel without a spill (see the class doc). With 16 registers C2 (JDK 25) compiled the 6-row kernel with one accumulator spilled
     * to the stack while its loop ran on {@code p}: it kept three broadcasts in flight, 12 + 2 + 3 =
     * 17 registers, and the spilled chain (load, FMA, store each k-step) halved the kernel's speed
     * (see the class doc). Its loop now runs on the sliver offset and compiles without a spill
     * ({@link #kernel}), so under the 5-row tile A that is not row-major takes mostly 6-row tiles
     * ({@link #sliverHeight}); row-major A keeps {@link #kernel5Blocked}, whose blocked sliver the
     * 6-row k-major copy did not match with few panels (1024×128 · 128×128: 0.90× with a scalar
     * copy, 0.95× with {@link TransposeF64#sixRows}), and takes 6-row tiles from
     * {@link #SIX_ROW_PANELS} panels on.
     */
    static final int MR = S.vectorBitSize() >= 512 ? 12 : Runtime.version().feature() >= 25 ? 5 : 6;
    /**
     * Whether {@link #tile} takes the transposed route where {@link #transposes} favours it. Not
     * with 16 vector registers before JDK 25: JDK 17's C2 hoists all six broadcasts of
     * {@link #kernelDirect} to the top of the loop and keeps five accumulators and the row offsets
     * on the stack (hsdis, Zen 3), and the route ran at 36–39 GFLOP/s against 55–57 for the plain
     * route (float 64×784·784×256, one thread, thread CPU time). Temurin 25 compiles it without
     * a spill (76–79).
     */
    static final boolean DIRECT_ROUTE = S.vectorBitSize() >= 512 || Runtime.version().feature() >= 25;
    /** Rows of A that {@link #kernelDirect} broadcasts per step, for every width. */
    static final int MR_DIRECT = 6;
    /** Most panels of columns for which {@link #readsAInPlace} holds. */
    static final int DIRECT_PANELS = 4;
    /**
     * Fewest panels of columns for which row-major A takes 6-row tiles under the 5-row tile
     * ({@link #sliverHeight}), its slivers copied k-major by {@link TransposeF64#sixRows}. The
     * copy costs more than the blocked 5-row one, and each sliver feeds one micro-kernel call per
     * panel. Float, one thread, Temurin 25, Zen 3, in-process A/B of the tensor jars (per-round
     * ratio medians, both orders, same bits): 1024³ 1.04× / 1.05×, 512³ 1.10×,
     * 1024×256·256×256 1.08× / 1.08×, 1024×128·128×512 1.03× / 1.11×, 1024×128·128×384 1.05× /
     * 1.03×, gemm-mlp's 64×784·784×256 0.99× / 0.99×; with 8 panels 1024×128·128×128 lost
     * (0.96× / 0.95×), as the scalar k-major copy had lost more (0.90×, twenty-first session).
     */
    static final int SIX_ROW_PANELS = 16;
    /** Columns of the micro-tile and width of a packed panel. */
    static final int NR = 2 * L;
    /** Depth of a packed block of B. */
    static final int KC = 256;
    /** Width of a packed block of B; a multiple of NR. */
    static final int NC = 64 * L;
    /** Largest tile (rows·columns of C) the transposed route takes: its Cᵀ scratch, 256 KiB of floats. */
    static final int TRANSPOSED_MAX = 64 * 1024;
    /**
     * Fewest floating point operations split between threads: 2^20, a quarter of {@link Parallel#MIN_PARALLEL_FLOPS}.
     * LeNet's linear layer (64×1568 by 1568×10, forward and both gradients, 2 MFLOP each) ran
     * unsplit at two threads: about 1.7 % of the step's samples (JFR), all of it serial.
     */
    static final long MIN_SPLIT_FLOPS = 1L << 20;
    /** Rows of C per pass of {@link #transposeOut}: one 64-byte line of floats of Cᵀ's column. */
    private static final int TRANSPOSE_BLOCK = 16;

    /** Per-thread buffers, reused so that a steady-state call allocates nothing. */
    private static final class Scratch {
        final double[] packed = new double[KC * NC];
        final double[] edge = new double[Math.max(MR, MR_DIRECT) * NR];
        final double[] sliver = new double[KC * Math.max(MR, 6) + L]; // L spare: packA's vector copies run past the last p
        /** Cᵀ of a tile on the transposed route; made on the first such call of this thread. */
        double[] transposed;

        double[] transposed() {
            if (transposed == null) transposed = new double[TRANSPOSED_MAX];
            return transposed;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmBlockedF64() {}

    static void gemm(int m, int n, int k,
                     double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, int bCs,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, null, 0, false);
    }

    /**
     * {@code C = relu(A·B + bias)} ({@code relu=false}: the add alone; {@code bias} null: no add),
     * the epilogue applied as the final K block's tiles are stored; with {@code accumulate} the
     * product is first added to C, as in the plain call. Bias element j at {@code bias[bo + j]}.
     */
    static void gemm(int m, int n, int k,
                     double[] a, int aOff, int aRs, int aCs,
                     double[] b, int bOff, int bRs, int bCs,
                     double[] c, int cOff, int ldc, boolean accumulate,
                     double[] bias, int bo, boolean relu) {
        if (!Parallel.worthSplitting(2.0 * m * n * k, MIN_SPLIT_FLOPS)) {
            tile(0, m, 0, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, bias, bo, relu);
            return;
        }
        // One tile per thread: whole NC column blocks first (no B block is packed twice),
        // then rows in multiples of MR. Splitting does not change any result (see class doc).
        int threads = Parallel.threads();
        int blockCols = roundUp(ceilDiv(n, Math.min(ceilDiv(n, blockWidth(k)), threads)), NR);
        int cols = splitsColumns(m, n, bRs, threads, blockCols) ? roundUp(ceilDiv(n, threads), NR) : blockCols;
        int colTiles = ceilDiv(n, cols);
        int rowTiles = Math.max(1, Math.min(ceilDiv(threads, colTiles), ceilDiv(m, MR)));
        int rows = roundUp(ceilDiv(m, rowTiles), MR);
        Parallel.parallelFor(ceilDiv(m, rows) * colTiles, t -> {
            int r0 = (t / colTiles) * rows;
            int c0 = (t % colTiles) * cols;
            tile(r0, Math.min(m, r0 + rows), c0, Math.min(n, c0 + cols), k,
                    a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, bias, bo, relu);
        });
    }

    /**
     * Whether a product that fits one NC column block is split between threads by columns rather
     * than by rows. Every row tile packs all of B (k·n elements) and every column tile packs all of
     * A's slivers (m·k), so the split that copies less is the one along the longer side: columns
     * when m < n. A transformer's FF2 weight gradient (m 128, n 512, k 1024) packed 524,288
     * elements of B per thread on the row split, against 131,072 of A on the column split. Not
     * for a column-contiguous B ({@code bRs == 1}): the transposed route ({@link #transposes})
     * reads B in place and packs A, which a row split divides and a column split would repeat.
     */
    static boolean splitsColumns(int m, int n, int bRs, int threads, int cols) {
        return threads > 1 && bRs != 1 && cols >= n && m < n && n >= threads * NR;
    }

    /** Computes rows [r0,r1) × columns [c0,c1) of C on the calling thread. */
    private static void tile(int r0, int r1, int c0, int c1, int k,
                             double[] a, int aOff, int aRs, int aCs,
                             double[] b, int bOff, int bRs, int bCs,
                             double[] c, int cOff, int ldc, boolean accumulate,
                             double[] bias, int bo, boolean relu) {
        int route = route(r1 - r0, c1 - c0, k, aCs, bRs, bCs, accumulate);
        if (route == TRANSPOSED) {
            tileTransposed(r0, r1, c0, c1, k, a, aOff, aRs, aCs, b, bOff, bCs, c, cOff, ldc, accumulate, bias, bo, relu);
            return;
        }
        Scratch s = SCRATCH.get();
        boolean epilogue = bias != null || relu;
        int width = blockWidth(k);
        for (int jc = c0; jc < c1; jc += width) {
            int nc = Math.min(width, c1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                pack(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, s.packed);
                boolean add = accumulate || pc > 0;
                boolean last = epilogue && pc + KC >= k;
                int ai = aOff + r0 * aRs + pc * aCs, ci = cOff + r0 * ldc + jc;
                if (route == DIRECT) {
                    blockDirect(r1 - r0, kc, nc, a, ai, aRs, s, c, ci, ldc, add, last ? bias : null, bo + jc, last && relu);
                } else {
                    block(r0, r1, kc, nc, a, ai, aRs, aCs, s, c, ci, ldc, add, last ? bias : null, bo + jc, last && relu);
                }
            }
        }
    }

    /** The routes of {@link #tile}: B and A packed; {@code Cᵀ = Bᵀ·Aᵀ}; A read in place. */
    static final int PLAIN = 0, TRANSPOSED = 1, DIRECT = 2;

    /**
     * The route for a rows×cols tile: {@link #DIRECT} where {@link #readsAInPlace}, else
     * {@link #TRANSPOSED} where {@link #transposes}, else {@link #PLAIN}; only PLAIN without
     * {@link #DIRECT_ROUTE}. Every route gives the same bits.
     */
    static int route(int rows, int cols, int k, int aCs, int bRs, int bCs, boolean accumulate) {
        if (!DIRECT_ROUTE) return PLAIN;
        if (readsAInPlace(cols, aCs)) return DIRECT;
        return transposes(rows, cols, k, bRs, bCs, accumulate) ? TRANSPOSED : PLAIN;
    }

    /**
     * Whether a tile with row-major A ({@code aCs == 1}) and at most {@link #DIRECT_PANELS} panels of
     * columns reads A's rows in place ({@link #kernelDirect}) instead of packing them into slivers.
     * Each sliver feeds one micro-kernel call per panel, so with few panels the copy is not
     * paid back: float, one thread, Temurin 25, Zen 3, in-process A/B against the other routes
     * (median of 15–20 rounds' per-round ratios, thread CPU time): step-mlp's second layer
     * {@code 64×256·(10×256)ᵀ} 1.19× and LeNet's linear layer {@code 64×1568·(10×1568)ᵀ} 1.33× (both
     * from the transposed route), {@code 256×256·256×32} 1.09×, {@code 64×256·256×64} 1.10×; with
     * more panels the plain route's own kernel wins ({@code 64×256·256×128} 0.97×, gemm-mlp's
     * {@code 64×784·784×256} 0.98×).
     */
    static boolean readsAInPlace(int cols, int aCs) {
        return aCs == 1 && ceilDiv(cols, NR) <= DIRECT_PANELS;
    }

    /**
     * Whether a rows×cols tile of C with column-contiguous B ({@code bRs == 1}: a transposed
     * matrix such as a linear layer's {@code Wᵀ}) is cheaper as {@code Cᵀ = Bᵀ·Aᵀ}. The plain
     * route packs B by a scalar transposing copy of k·cols elements (one element per cycle at
     * best, about as long as half the multiply when rows = 64) and packs A's slivers; the
     * transposed route reads Bᵀ's rows in place ({@link #kernelDirect}), packs only Aᵀ (k·rows)
     * and transposes the rows·cols result out. The estimate counts moved elements plus six per
     * micro-kernel step (12 FMAs).
     */
    static boolean transposes(int rows, int cols, int k, int bRs, int bCs, boolean accumulate) {
        if (bRs != 1 || bCs <= 1 || rows > NC || (long) rows * cols > TRANSPOSED_MAX) return false;
        // Both routes' multiply work is counted in 6-row steps, whatever the width's MR: the
        // FMAs are the same number, and the choice stays the same on every machine.
        long plain = (long) k * cols + (long) k * rows * ceilDiv(cols, NC) + 6L * k * ceilDiv(rows, MR_DIRECT) * ceilDiv(cols, NR);
        long swapped = (long) k * rows + (long) rows * cols * (accumulate ? 2 : 1) + 6L * k * ceilDiv(cols, MR_DIRECT) * ceilDiv(rows, NR);
        return swapped < plain;
    }

    /**
     * Rows [r0,r1) × columns [c0,c1) of C computed as Cᵀ = Bᵀ·Aᵀ into scratch, then transposed
     * into C with the epilogue. Same bits as {@link #tile}'s plain route: every element is the
     * same FMA chain over the same KC blocks ({@code fma(a, b, s) == fma(b, a, s)}), the block sums
     * are added to C in the same order, and the epilogue follows the final sum as in
     * {@link #storeEdge}.
     */
    private static void tileTransposed(int r0, int r1, int c0, int c1, int k,
                                       double[] a, int aOff, int aRs, int aCs,
                                       double[] b, int bOff, int bCs,
                                       double[] c, int cOff, int ldc, boolean accumulate,
                                       double[] bias, int bo, boolean relu) {
        Scratch s = SCRATCH.get();
        double[] ct = s.transposed();
        int mt = r1 - r0, nt = c1 - c0;
        if (accumulate) {
            for (int i0 = 0; i0 < mt; i0 += TRANSPOSE_BLOCK) {   // as transposeOut, the other way
                int ib = Math.min(TRANSPOSE_BLOCK, mt - i0);
                for (int j = 0; j < nt; j++) {
                    int dst = j * mt + i0, src = cOff + (r0 + i0) * ldc + c0 + j;
                    for (int i = 0; i < ib; i++, src += ldc) ct[dst + i] = c[src];
                }
            }
        }
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            // Bᵀ·Aᵀ: Aᵀ(p, i) = A(r0 + i, pc + p) is this product's packed right operand.
            pack(kc, mt, a, aOff + r0 * aRs + pc * aCs, aCs, aRs, s.packed);
            blockDirect(nt, kc, mt, b, bOff + c0 * bCs + pc, bCs, s, ct, 0, mt, accumulate || pc > 0, null, 0, false);
        }
        transposeOut(ct, mt, nt, c, cOff + r0 * ldc + c0, ldc, bias, bo + c0, relu);
    }

    /**
     * Writes the rows×cols tile {@code ct} (element (i, j) at {@code ct[j*rows + i]}) into C at
     * {@code ci} with the epilogue: whole 8×8 blocks by {@link TransposeF64#block} where it is
     * enabled, the rest element by element. Sixteen rows at a time: each column's sixteen
     * elements are one cache line of {@code ct}, read once, and the sixteen rows of C take them
     * side by side.
     * Reading {@code ct} down a whole column per row of C (stride rows, a new line per element)
     * missed L1 on every element once {@code ct} outgrew it (step-mlp's 64×256 Cᵀ, 64 KiB).
     */
    private static void transposeOut(double[] ct, int rows, int cols, double[] c, int ci, int ldc,
                                     double[] bias, int bo, boolean relu) {
        int i8 = 0, j8 = 0;
        if (TransposeF64.ENABLED) {
            // 8×8 blocks in registers, two row blocks per pass: one line of each of Cᵀ's eight
            // columns, and sixteen rows of C that stay in L1 while the columns go by.
            int n = TransposeF64.N;
            i8 = rows - rows % n;
            j8 = cols - cols % n;
            for (int i0 = 0; i0 < i8; i0 += 2 * n) {
                boolean two = i0 + 2 * n <= i8;
                for (int j0 = 0; j0 < j8; j0 += n) {
                    TransposeF64.block(ct, j0 * rows + i0, rows, c, ci + i0 * ldc + j0, ldc, bias, bo + j0, relu);
                    if (two) TransposeF64.block(ct, j0 * rows + i0 + n, rows, c, ci + (i0 + n) * ldc + j0, ldc, bias, bo + j0, relu);
                }
            }
        }
        transposeOut(ct, rows, 0, i8, j8, cols, c, ci, ldc, bias, bo, relu);
        transposeOut(ct, rows, i8, rows, 0, cols, c, ci, ldc, bias, bo, relu);
    }

    /** Rows {@code [r0, r1)} × columns {@code [c0, c1)} of {@link #transposeOut}, element by element. */
    private static void transposeOut(double[] ct, int rows, int r0, int r1, int c0, int c1, double[] c, int ci, int ldc,
                                     double[] bias, int bo, boolean relu) {
        for (int i0 = r0; i0 < r1; i0 += TRANSPOSE_BLOCK) {
            int ib = Math.min(TRANSPOSE_BLOCK, r1 - i0);
            for (int j = c0; j < c1; j++) {
                int src = j * rows + i0, dst = ci + i0 * ldc + j;
                for (int i = 0; i < ib; i++, dst += ldc) {
                    double v = ct[src + i];
                    if (bias != null) v = v + bias[bo + j];
                    c[dst] = relu ? Math.max(v, 0) : v;
                }
            }
        }
    }

    /**
     * {@link #block} with A read in place from rows {@code ai + r*aRs} of unit column stride (no
     * sliver). The inner loop reads its operand once per step of the outer one, so it gets the
     * smaller: with fewer packed columns than rows of A the panels go inside (all of them, kc·nc
     * elements, stay in L2 while each group of A's rows is read once into L1), else A's rows (one
     * panel stays in L1 while they stream past). Step-mlp's forward (A: W1's 256 rows, 64 packed
     * columns) took 297–304 against 311–322 µs with its panels inside (float, one thread,
     * Temurin 25, Zen 3, in-process A/B, median of 30 rounds' best of 30 calls' thread CPU time).
     * C's tile starts at {@code ci}; the epilogue (bias, ReLU) is applied as {@link #block} does.
     * Used by both the transposed route (A = Bᵀ, C = the Cᵀ scratch) and the direct one.
     */
    private static void blockDirect(int m, int kc, int nc, double[] a, int ai, int aRs,
                                    Scratch s, double[] c, int ci, int ldc, boolean add,
                                    double[] bias, int bo, boolean relu) {
        if (nc <= m) {
            for (int i = 0; i < m; i += MR_DIRECT) {
                for (int j = 0; j < nc; j += NR) directTile(i, j, m, kc, nc, a, ai, aRs, s, c, ci, ldc, add, bias, bo, relu);
            }
        } else {
            for (int j = 0; j < nc; j += NR) {
                for (int i = 0; i < m; i += MR_DIRECT) directTile(i, j, m, kc, nc, a, ai, aRs, s, c, ci, ldc, add, bias, bo, relu);
            }
        }
    }

    /** The tile of {@link #blockDirect} at rows {@code i} of A and packed columns {@code j}. */
    private static void directTile(int i, int j, int m, int kc, int nc, double[] a, int ai, int aRs,
                                   Scratch s, double[] c, int ci, int ldc, boolean add,
                                   double[] bias, int bo, boolean relu) {
        int nr = Math.min(NR, nc - j), mr = Math.min(MR_DIRECT, m - i);
        int a0 = ai + i * aRs, last = a0 + (mr - 1) * aRs;
        // Rows past the edge repeat the last row: computed, never stored.
        int a1 = Math.min(a0 + aRs, last), a2 = Math.min(a0 + 2 * aRs, last);
        int a3 = Math.min(a0 + 3 * aRs, last), a4 = Math.min(a0 + 4 * aRs, last), a5 = Math.min(a0 + 5 * aRs, last);
        boolean full = mr == MR_DIRECT && nr == NR;
        int cij = ci + i * ldc + j;
        kernelDirect(kc, a, a0, a1, a2, a3, a4, a5, s.packed, j * kc, c, cij, ldc, full, add, s.edge);
        finishTile(s.edge, c, cij, ldc, full, MR_DIRECT, mr, nr, add, bias, bo + j, relu);
    }

    /**
     * Multiplies rows [r0,r1) of A's current column block with the packed block of B. With 512-bit
     * vectors the rows go in 12-row tiles ({@link #kernel12}); a remainder of at most 6 rows takes
     * the 6-row {@link #kernel} (its own 6-wide sliver), so a short last tile wastes at most 5 rows.
     */
    private static void block(int r0, int r1, int kc, int nc, double[] a, int ai, int aRs, int aCs,
                              Scratch s, double[] c, int ci, int ldc, boolean add,
                              double[] bias, int bo, boolean relu) {
        int panels = ceilDiv(nc, NR);
        for (int i = 0, ms; i < r1 - r0; i += ms) {
            ms = sliverHeight(r1 - r0 - i, kc, aCs, panels);
            int mr = Math.min(ms, r1 - r0 - i);
            boolean blocked = packA(kc, mr, ms, a, ai + i * aRs, aRs, aCs, s.sliver);
            for (int j = 0, bi = 0; j < nc; j += NR, bi += kc * NR) {
                int nr = Math.min(NR, nc - j);
                boolean full = mr == ms && nr == NR;
                if (ms == 12) {
                    kernel12(kc, s.sliver, s.packed, bi, c, ci + i * ldc + j, ldc, full, add, s.edge);
                } else if (ms == 6) {
                    kernel(kc, s.sliver, s.packed, bi, c, ci + i * ldc + j, ldc, full, add, s.edge);
                } else if (blocked) {
                    kernel5Blocked(kc, s.sliver, s.packed, bi, c, ci + i * ldc + j, ldc, full, add, s.edge);
                } else {
                    kernel5(kc, s.sliver, s.packed, bi, c, ci + i * ldc + j, ldc, full, add, s.edge);
                }
                finishTile(s.edge, c, ci + i * ldc + j, ldc, full, ms, mr, nr, add, bias, bo + j, relu);
            }
        }
    }

    /**
     * Rows of the next sliver of {@link #block}, with {@code rowsLeft} rows of A left in the block.
     * Under the 12-row tile: 6 for a remainder of at most 6 rows and for blocks shallower than KC
     * (see the class doc). Under the 5-row tile, for A that is not row-major, and for row-major A
     * against at least {@link #SIX_ROW_PANELS} panels where {@link TransposeF64#sixRows} copies
     * its slivers: 6-row tiles ({@link #kernel}), with as many 5-row ones first as make the rest a
     * multiple of 6 (every row count from 20 on splits exactly, 5 ≡ −1 mod 6), so no row is padded
     * where 5-row tiles alone would not pad either. Other row-major A keeps 5 rows
     * ({@link #kernel5Blocked}). {@code panels}: the block's panels of columns, {@code ⌈nc/NR⌉}.
     */
    static int sliverHeight(int rowsLeft, int kc, int aCs, int panels) {
        if (MR == 12) return kc < KC || rowsLeft <= 6 ? 6 : 12;
        boolean six = aCs != 1 || panels >= SIX_ROW_PANELS && TransposeF64.ENABLED;
        if (MR == 5 && six) return rowsLeft % 6 == 0 ? 6 : 5;
        return MR;
    }

    /**
     * Copies A[mr×kc] into a k-major sliver {@code ms} rows high, (r,p) at {@code p*ms + r}, zero
     * rows past mr; a full 5-row sliver of row-major A goes to {@link #packRowsBlocked} instead.
     * Returns true where the sliver is blocked ({@link #kernel5Blocked} reads it), else false.
     * Packing A too (not only B) costs one pass over A per block of B but gives the kernel
     * unit-stride, range-check-free reads for every layout of A and avoids the L1 set
     * conflicts of broadcasting from six rows 4 KiB apart (N = 1024 floats).
     */
    private static boolean packA(int kc, int mr, int ms, double[] a, int ai, int aRs, int aCs, double[] dst) {
        if (aCs == 1 && mr == ms && ms == 5) {
            return packRowsBlocked(kc, a, ai, aRs, dst);
        }
        if (aRs == 1 && mr == ms && ms == 12) {
            // Column-contiguous A, 12 rows: the 12 elements of one p are one contiguous run.
            for (int p = 0; p < kc; p++) {
                System.arraycopy(a, ai + p * aCs, dst, p * 12, 12);
            }
            return false;
        }
        if (aRs == 1 && mr == ms) {
            // Column-contiguous A (a transposed matrix: gᵀ in a weight gradient gᵀ·x): the ms
            // elements of one p sit side by side, so copy them together, one source line per p.
            int p = 0;
            if (MR != 12 && L >= ms) {
                // One vector per p where a whole vector fits in A (floats under 256 bits): its
                // L - ms extra elements land in the next p's slot, which the next p overwrites,
                // or in the sliver's spare L at the end. Five scalar copies per p were 4 % of a
                // transformer step on AVX2 (JFR, Zen 3). Not under the 12-row tile: there a
                // vector copy of A made C2 box kernel12's accumulators (see the class doc).
                for (; p < kc && ai + p * aCs + L <= a.length; p++) {
                    DoubleVector.fromArray(S, a, ai + p * aCs).intoArray(dst, p * ms);
                }
            }
            for (; p < kc; p++) {
                int src = ai + p * aCs, d = p * ms;
                dst[d] = a[src];
                dst[d + 1] = a[src + 1];
                dst[d + 2] = a[src + 2];
                dst[d + 3] = a[src + 3];
                dst[d + 4] = a[src + 4];
                if (ms == 6) dst[d + 5] = a[src + 5];
            }
            return false;
        }
        if (aCs == 1 && mr == ms && ms <= 6) {
            // Row-major A, a full sliver of 6 rows (5 take packRowsBlocked): eight columns at a time
            // through an 8×8 register transpose where it runs (float, 256 bits, JDK 25), else the
            // rows read side by side and each p's elements written together, so that every index
            // is the loop counter plus a constant. The
            // general loop below (stride ms unknown to C2) took 10 % of a 1024² float GEMM on AVX2
            // (Zen 3, JFR); this one about 4 %, and the GEMM ran 2–5 % faster.
            int s0 = ai, s1 = ai + aRs, s2 = ai + 2 * aRs, s3 = ai + 3 * aRs, s4 = ai + 4 * aRs;
            int s5 = ms == 6 ? ai + 5 * aRs : s4;
            int p = 0;
            if (ms == 6 && TransposeF64.ENABLED) {
                for (; p + TransposeF64.N <= kc; p += TransposeF64.N) TransposeF64.sixRows(a, ai + p, aRs, dst, p * 6);
            }
            for (; p < kc; p++) {
                int d = p * ms;
                dst[d] = a[s0 + p];
                dst[d + 1] = a[s1 + p];
                dst[d + 2] = a[s2 + p];
                dst[d + 3] = a[s3 + p];
                dst[d + 4] = a[s4 + p];
                if (ms == 6) dst[d + 5] = a[s5 + p];
            }
            return false;
        }
        if (aCs == 1 && ms == 12) {
            // Row-major A under the 12-row tile: the constant strides let C2 drop the range checks
            // and unroll the transposing copy.
            for (int r = 0; r < mr; r++) {
                int src = ai + r * aRs;
                for (int p = 0; p < kc; p++) {
                    dst[p * 12 + r] = a[src + p];
                }
            }
        } else {
            for (int r = 0; r < mr; r++) {
                int src = ai + r * aRs;
                for (int p = 0; p < kc; p++) {
                    dst[p * ms + r] = a[src + p * aCs];
                }
            }
        }
        for (int r = mr; r < ms; r++) {
            for (int p = 0; p < kc; p++) {
                dst[p * ms + r] = 0;
            }
        }
        return false;
    }

    /**
     * Copies five rows of row-major A into the 5-row sliver, blocked: per block of L columns
     * starting at p0, element (r, p) at {@code p0·5 + r·L + (p − p0)} (the last block may be
     * shorter), so each row's part of a whole block is one vector copy. Returns true:
     * {@link #kernel5Blocked} reads it. The transposing copy into the k-major sliver
     * ({@code p·5 + r}, one element at a time) was 6.7 % of a transformer step's samples on AVX2
     * (perf, Zen 3, Temurin 25): most of its products have 128 columns, so each copied element
     * feeds only 8 register tiles.
     */
    private static boolean packRowsBlocked(int kc, double[] a, int ai, int aRs, double[] dst) {
        int s1 = ai + aRs, s2 = ai + 2 * aRs, s3 = ai + 3 * aRs, s4 = ai + 4 * aRs;
        int lb = kc - kc % L;
        for (int p0 = 0; p0 < lb; p0 += L) {
            int d = p0 * 5;
            DoubleVector.fromArray(S, a, ai + p0).intoArray(dst, d);
            DoubleVector.fromArray(S, a, s1 + p0).intoArray(dst, d + L);
            DoubleVector.fromArray(S, a, s2 + p0).intoArray(dst, d + 2 * L);
            DoubleVector.fromArray(S, a, s3 + p0).intoArray(dst, d + 3 * L);
            DoubleVector.fromArray(S, a, s4 + p0).intoArray(dst, d + 4 * L);
        }
        for (int p = lb, d = lb * 5; p < kc; p++, d++) {
            dst[d] = a[ai + p];
            dst[d + L] = a[s1 + p];
            dst[d + 2 * L] = a[s2 + p];
            dst[d + 3 * L] = a[s3 + p];
            dst[d + 4 * L] = a[s4 + p];
        }
        return true;
    }

    /**
     * C[6×NR] (+)= sliver[kc×6] · panel[kc×NR], or into {@code edge} when the tile is not full
     * (the epilogue then follows in {@link #epilogueTile} or {@link #storeEdge}). One k-step per iteration
     * with the 12 accumulators as plain locals (hand-unrolling made C2 spill registers).
     *
     * <p>The loop runs on the sliver offset ({@code q += 6}) with the panel offset carried beside
     * it, as {@link WinogradF64}'s kernels do. With {@code p} as the loop variable and both offsets
     * computed from it, Temurin 25's C2 kept three broadcasts live and spilled an accumulator (the
     * reason the 5-row tile exists); on the offsets it keeps two and spills nothing (27
     * instructions per k-step: 12 FMAs, 2 panel loads, 6 broadcasts, 2 range checks on the panel).
     * Measured alone over a packed 256×512 block (float, one thread, Zen 3, best of 10 rounds,
     * alternated JVMs): 96–98 GFLOP/s against 39–42 before and 91–94 for {@link #kernel5}; JDK 17
     * 93–95 against 93–96. In the GEMM (in-process A/B of the tensor jars, per-round ratio medians,
     * both orders, same bits) the 6-row tiles this enables for A that is not row-major
     * ({@link #sliverHeight}) ran step-mlp's first weight gradient (256×64 · 64×784, gᵀ·x) 1.12–1.26×
     * and a transformer weight gradient (128×1024 · 1024×128) 1.08–1.10× faster on Temurin 25; on
     * JDK 17, whose only change is this loop, the weight gradient ran 1.26× faster and 1024³ and
     * 1024×128 · 128×128 within ±5 %.
     */
    private static void kernel(int kc, double[] ap, double[] bp, int bi,
                               double[] c, int ci, int ldc, boolean full, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int q = 0, end = 6 * kc, b = bi; q < end; q += 6, b += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (full) {
            store(c00, c01, c, ci, add);
            store(c10, c11, c, ci + ldc, add);
            store(c20, c21, c, ci + 2 * ldc, add);
            store(c30, c31, c, ci + 3 * ldc, add);
            store(c40, c41, c, ci + 4 * ldc, add);
            store(c50, c51, c, ci + 5 * ldc, add);
        } else {
            // Edge tile: park the whole tile in scratch; the caller copies the valid part.
            // (Passing vectors to a non-inlined method here made C2 box them in the loop.)
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR);
            c51.intoArray(edge, 5 * NR + L);
        }
    }

    /**
     * {@link #kernel} with twelve rows, for 32 vector registers (512-bit vectors): C[12×NR] (+)=
     * sliver[kc×12] · panel[kc×NR] in 24 accumulators, with 2 panel vectors and the broadcasts in
     * the remaining 6 registers. Per k-step 24 FMAs for 2 panel loads and 12 broadcasts, so each
     * panel line read from L2 feeds twice the FMAs of the 6-row tile. The same FMA per element in
     * the same order, so the same bits. Its own written-out body and stores, as {@link #kernel5}.
     */
    private static void kernel12(int kc, double[] ap, double[] bp, int bi,
                                 double[] c, int ci, int ldc, boolean full, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        DoubleVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + p * NR + L);
            int q = p * 12;
            DoubleVector x = DoubleVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, ap[q + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, ap[q + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = DoubleVector.broadcast(S, ap[q + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = DoubleVector.broadcast(S, ap[q + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = DoubleVector.broadcast(S, ap[q + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = DoubleVector.broadcast(S, ap[q + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        if (full && add) {
            c00.add(DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.add(DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c10.add(DoubleVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
            c11.add(DoubleVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
            c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
            c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
            c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
            c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
            c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
            c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
            c50.add(DoubleVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
            c51.add(DoubleVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
            c60.add(DoubleVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
            c61.add(DoubleVector.fromArray(S, c, ci + 6 * ldc + L)).intoArray(c, ci + 6 * ldc + L);
            c70.add(DoubleVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
            c71.add(DoubleVector.fromArray(S, c, ci + 7 * ldc + L)).intoArray(c, ci + 7 * ldc + L);
            c80.add(DoubleVector.fromArray(S, c, ci + 8 * ldc)).intoArray(c, ci + 8 * ldc);
            c81.add(DoubleVector.fromArray(S, c, ci + 8 * ldc + L)).intoArray(c, ci + 8 * ldc + L);
            c90.add(DoubleVector.fromArray(S, c, ci + 9 * ldc)).intoArray(c, ci + 9 * ldc);
            c91.add(DoubleVector.fromArray(S, c, ci + 9 * ldc + L)).intoArray(c, ci + 9 * ldc + L);
            ca0.add(DoubleVector.fromArray(S, c, ci + 10 * ldc)).intoArray(c, ci + 10 * ldc);
            ca1.add(DoubleVector.fromArray(S, c, ci + 10 * ldc + L)).intoArray(c, ci + 10 * ldc + L);
            cb0.add(DoubleVector.fromArray(S, c, ci + 11 * ldc)).intoArray(c, ci + 11 * ldc);
            cb1.add(DoubleVector.fromArray(S, c, ci + 11 * ldc + L)).intoArray(c, ci + 11 * ldc + L);
        } else if (full) {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
            c50.intoArray(c, ci + 5 * ldc);
            c51.intoArray(c, ci + 5 * ldc + L);
            c60.intoArray(c, ci + 6 * ldc);
            c61.intoArray(c, ci + 6 * ldc + L);
            c70.intoArray(c, ci + 7 * ldc);
            c71.intoArray(c, ci + 7 * ldc + L);
            c80.intoArray(c, ci + 8 * ldc);
            c81.intoArray(c, ci + 8 * ldc + L);
            c90.intoArray(c, ci + 9 * ldc);
            c91.intoArray(c, ci + 9 * ldc + L);
            ca0.intoArray(c, ci + 10 * ldc);
            ca1.intoArray(c, ci + 10 * ldc + L);
            cb0.intoArray(c, ci + 11 * ldc);
            cb1.intoArray(c, ci + 11 * ldc + L);
        } else {
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR);
            c51.intoArray(edge, 5 * NR + L);
            c60.intoArray(edge, 6 * NR);
            c61.intoArray(edge, 6 * NR + L);
            c70.intoArray(edge, 7 * NR);
            c71.intoArray(edge, 7 * NR + L);
            c80.intoArray(edge, 8 * NR);
            c81.intoArray(edge, 8 * NR + L);
            c90.intoArray(edge, 9 * NR);
            c91.intoArray(edge, 9 * NR + L);
            ca0.intoArray(edge, 10 * NR);
            ca1.intoArray(edge, 10 * NR + L);
            cb0.intoArray(edge, 11 * NR);
            cb1.intoArray(edge, 11 * NR + L);
        }
    }

    /**
     * {@link #kernel} with five rows: C[5×NR] (+)= sliver[kc×5] · panel[kc×NR], for 16 vector
     * registers (10 accumulators, 2 panel vectors and up to 4 broadcasts in flight). The same FMA
     * per element in the same order as the 6-row kernel, so the same bits. A separate method with
     * its own written-out body: a shared helper taking accumulators would box them (see
     * {@link #kernelDirect}), and {@link #kernel} stays exactly as C2 compiles it well.
     */
    private static void kernel5(int kc, double[] ap, double[] bp, int bi,
                                double[] c, int ci, int ldc, boolean full, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + p * NR + L);
            int q = p * 5;
            DoubleVector x = DoubleVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        // Stores written out, one statement per vector, as in kernelDirect (no boxing on JDK 17).
        if (full && add) {
            c00.add(DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.add(DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c10.add(DoubleVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
            c11.add(DoubleVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
            c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
            c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
            c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
            c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
            c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
            c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
        } else if (full) {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
        } else {
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
        }
    }

    /**
     * {@link #kernel5} over a blocked sliver ({@link #packRowsBlocked}: per block of L columns, row
     * r at {@code r·L}), so each broadcast is the inner counter plus a compile-time constant. The same
     * FMAs in the same order as {@link #kernel5}, so the same bits. Float 1024×128·128×128 (row-major
     * A, one thread, Zen 3, Temurin 25): 0.433 → 0.385 ms (77.5 → 87.2 GFLOP/s), the transformer
     * step 19.05 → 18.45 ms (in-process A/B, median of rounds' best). Tried: its own method
     * because, with both sliver layouts as two loops of one kernel, C2 spilled the loop it had
     * profiled less (column-contiguous A then ran at 33 instead of 73 GFLOP/s); the five rows
     * {@code KC} apart (plain row copies, broadcasts at {@code p + r·KC}) made C2 hoist all five
     * broadcasts and keep an accumulator on the stack (36 GFLOP/s); one nested loop whose last
     * block is shorter ({@code min(L, kc − p0)} steps) kept the range checks and reloaded its loop
     * variables from the stack once per block (80 GFLOP/s). The same blocking for JDK 17's 6-row
     * tile (its own copy and kernel) ran slower there: 79.6 → 71.0 GFLOP/s on 1024×128·128×128,
     * 81 → 28 with a short last block (k = 130), 86 → 30 on 1024² (JDK 17's C2), so JDK 17 keeps
     * the k-major sliver.
     */
    private static void kernel5Blocked(int kc, double[] ap, double[] bp, int bi,
                                       double[] c, int ci, int ldc, boolean full, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        int lb = kc - kc % L;
        for (int p0 = 0; p0 < lb; p0 += L) {
            int b = bi + p0 * NR, q0 = p0 * 5;
            for (int j = 0; j < L; j++) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, b + j * NR);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, b + j * NR + L);
                int q = q0 + j;
                DoubleVector x = DoubleVector.broadcast(S, ap[q]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, ap[q + L]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, ap[q + 2 * L]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, ap[q + 3 * L]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, ap[q + 4 * L]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
            }
        }
        // The last kc % L columns: a shorter block, rows still L apart.
        for (int j = 0, b = bi + lb * NR, q0 = lb * 5; j < kc - lb; j++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b + j * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + j * NR + L);
            int q = q0 + j;
            DoubleVector x = DoubleVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[q + L]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[q + 2 * L]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[q + 3 * L]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[q + 4 * L]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        // Stores written out, one statement per vector, as in kernelDirect (no boxing on JDK 17).
        if (full && add) {
            c00.add(DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.add(DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c10.add(DoubleVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
            c11.add(DoubleVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
            c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
            c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
            c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
            c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
            c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
            c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
        } else if (full) {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
        } else {
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
        }
    }

    /**
     * {@link #kernel} with the six rows of A broadcast straight from their arrays ({@code a[aR + p]})
     * instead of a packed sliver: the same FMAs in the same order, and the same sums stored
     * ({@code acc + C} when adding). A separate method, so that {@link #kernel} stays exactly as
     * C2 compiles it well; its stores are written out (see below), not shared.
     */
    private static void kernelDirect(int kc, double[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                     double[] bp, int bi, double[] c, int ci, int ldc, boolean full, boolean add, double[] edge) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // The stores are written out, not calls to store(): on JDK 17, C2 sometimes judged those
        // calls cold ("too big" to inline, after an OSR compile had shaped the profile), passed
        // the accumulators boxed and ran store() as C1 code: 3–4 ms instead of 0.17 ms per GEMM.
        // One statement per vector and no vector merged at a branch, so nothing is boxed.
        if (full && add) {
            c00.add(DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.add(DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c10.add(DoubleVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
            c11.add(DoubleVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
            c20.add(DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
            c21.add(DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
            c30.add(DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
            c31.add(DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
            c40.add(DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
            c41.add(DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
            c50.add(DoubleVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
            c51.add(DoubleVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
        } else if (full) {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
            c50.intoArray(c, ci + 5 * ldc);
            c51.intoArray(c, ci + 5 * ldc + L);
        } else {
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR);
            c51.intoArray(edge, 5 * NR + L);
        }
    }

    /**
     * After a micro-kernel call: an edge tile (not {@code full}) goes from scratch into C by
     * {@link #storeEdge}; a full tile of {@code rows} rows, already in C, gets the epilogue, if any.
     */
    private static void finishTile(double[] edge, double[] c, int ci, int ldc, boolean full, int rows, int mr, int nr,
                                   boolean add, double[] bias, int bj, boolean relu) {
        if (!full) {
            storeEdge(edge, c, ci, ldc, mr, nr, add, bias, bj, relu);
        } else if (bias != null || relu) {
            epilogueTile(c, ci, ldc, rows, bias, bj, relu);
        }
    }

    /** Copies the valid mr×nr corner of an edge tile from scratch into C, with the epilogue when one is given. */
    private static void storeEdge(double[] edge, double[] c, int ci, int ldc, int mr, int nr, boolean add,
                                  double[] bias, int bj, boolean relu) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                int cij = ci + r * ldc + j;
                double v = add ? edge[r * NR + j] + c[cij] : edge[r * NR + j];
                if (bias != null) v = v + bias[bj + j];
                c[cij] = relu ? Math.max(v, 0) : v;
            }
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

    /**
     * {@code + bias} and {@code max(·, 0)} over the full rows×NR tile the kernel has just stored,
     * while it is still in L1: the operations of the separate epilogue pass, in its order. Kept
     * out of {@link #kernel}: with the epilogue inside it, C2 stopped intrinsifying the kernel's
     * vector operations (step-mlp went from 1 ms to 80 ms per step).
     */
    private static void epilogueTile(double[] c, int ci, int ldc, int rows, double[] bias, int bj, boolean relu) {
        DoubleVector b0 = DoubleVector.zero(S), b1 = b0;
        if (bias != null) {
            b0 = DoubleVector.fromArray(S, bias, bj);
            b1 = DoubleVector.fromArray(S, bias, bj + L);
        }
        for (int r = 0; r < rows; r++, ci += ldc) {
            DoubleVector v0 = DoubleVector.fromArray(S, c, ci), v1 = DoubleVector.fromArray(S, c, ci + L);
            if (bias != null) {
                v0 = v0.add(b0);
                v1 = v1.add(b1);
            }
            if (relu) {
                v0 = v0.max(0);
                v1 = v1.max(0);
            }
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
        }
    }

    /**
     * Packs B[kc×nc] (element (p,j) at {@code b[bi + p*bRs + j*bCs]}) into panels of NR
     * columns: panel q holds (p, q*NR + jj) at {@code q*kc*NR + p*NR + jj}.
     */
    static void pack(int kc, int nc, double[] b, int bi, int bRs, int bCs, double[] dst) {
        for (int j = 0, d = 0; j < nc; j += NR, d += kc * NR) {
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

    /**
     * Panel from column-contiguous (transposed) B: a full panel by 8×8 register transposes where
     * {@link TransposeF64#ENABLED}; otherwise read down four columns side by side, so the
     * four elements of one p land next to each other in the panel, then down each remaining
     * column. Four at a time took the transposing copy from 18.0 to 16.5 µs for step-mlp's xᵀ
     * (Temurin 25) and from 83–97 to 76 µs for W1ᵀ (JDK 17, whose forward packs it), one column
     * at a time being the old loop; eight at a time ran twice as slow as one (float, one
     * thread, median thread CPU time, Zen 3). A copy: the same bits.
     */
    private static void packColumns(int kc, int nr, double[] b, int src, int bCs, double[] dst, int d) {
        if (TransposeF64.ENABLED && nr == NR) {
            packColumnsInRegisters(kc, b, src, bCs, dst, d);
            return;
        }
        int jj = 0;
        for (; jj + 4 <= nr; jj += 4) {
            int s0 = src + jj * bCs, s1 = s0 + bCs, s2 = s1 + bCs, s3 = s2 + bCs;
            for (int p = 0; p < kc; p++) {
                int q = d + p * NR + jj;
                dst[q] = b[s0 + p];
                dst[q + 1] = b[s1 + p];
                dst[q + 2] = b[s2 + p];
                dst[q + 3] = b[s3 + p];
            }
        }
        for (; jj < nr; jj++) {
            int s = src + jj * bCs;
            for (int p = 0; p < kc; p++) {
                dst[d + p * NR + jj] = b[s + p];
            }
        }
        zeroPad(kc, nr, dst, d);
    }

    /**
     * A full panel of {@link #packColumns} by 8×8 blocks in registers (13 against 21.5 µs for
     * step-mlp's xᵀ on Temurin 25), then the last {@code kc mod 8} values of p one at a time.
     */
    private static void packColumnsInRegisters(int kc, double[] b, int src, int bCs, double[] dst, int d) {
        int n = TransposeF64.N, p8 = kc - kc % n;
        for (int p0 = 0; p0 < p8; p0 += n) {
            for (int j0 = 0; j0 < NR; j0 += n) {
                TransposeF64.block(b, src + j0 * bCs + p0, bCs, dst, d + p0 * NR + j0, NR, null, 0, false);
            }
        }
        for (int p = p8; p < kc; p++) {
            for (int j = 0; j < NR; j++) dst[d + p * NR + j] = b[src + j * bCs + p];
        }
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

    /**
     * Columns of B packed per block for a product of depth k: {@link #NC}, or more for a depth
     * under {@link #KC}, as many whole panels as fill the same KC·NC elements. Every column
     * block packs A's slivers again, and a shallow block of NC columns is a small fraction of L2:
     * step-mlp's first weight gradient ({@code 256×64·64×784}) packed all of A twice.
     */
    static int blockWidth(int k) {
        return k >= KC ? NC : KC * NC / k / NR * NR;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}

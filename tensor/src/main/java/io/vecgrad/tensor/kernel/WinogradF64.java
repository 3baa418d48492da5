package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd F(2×2, 5×5) forward convolution: stride 1, dilation 1, one group, 5×5 kernels,
 * padding at most 2, any height, width and channel counts. Each 2×2 block of output pixels
 * (a <em>tile</em>) of one output channel costs 36 multiplies per input channel instead of 100.
 * The input gradient of such a convolution with padding 2 to 4 runs through the same code
 * ({@link #backwardInput}: the forward of dy with the flipped, transposed weights).
 *
 * <h2>The algorithm and its matrices</h2>
 *
 * <p>1-D: the correlation {@code y_i = Σ_j w_j d_{i+j}} ({@code i = 0, 1}, {@code j = 0..4},
 * six inputs {@code d}) is the transpose of the linear convolution {@code s = g * h} of a
 * 5-coefficient polynomial {@code g} with a 2-coefficient one {@code h}: {@code s = T_g h} with
 * {@code T_g} the 6×2 Toeplitz matrix of {@code g}, and {@code y = T_g^T d}. Toom–Cook evaluates
 * {@code s} at five finite points {@code p_k} and at infinity (the leading coefficient):
 * {@code s = V^-1 ((E_g g) ⊙ (E_h h))}, with {@code V} the 6×6 evaluation (Vandermonde) matrix,
 * rows {@code (1, p, …, p^5)} and {@code (0, …, 0, 1)} for infinity, {@code E_g} its first five
 * columns with the infinity row {@code (0,0,0,0,1)}, {@code E_h} its first two with {@code (0,1)}.
 * Transposing, {@code y = E_h^T ((E_g w) ⊙ (V^-T d))}: {@code A^T = E_h^T}, {@code G = E_g},
 * {@code B^T = V^-T}. Following Barabasz, Anderson, Soodhalter and Gregg ("Error analysis and
 * improving the accuracy of Winograd convolution for deep neural networks", ACM TOMS 2020) the
 * points are {@code 0, 1, -1, 1/2, -1/2, ∞} rather than {@code ±2}; row {@code k} of {@code B^T}
 * is scaled to the smallest integers and row {@code k} of {@code G} divided by the same factor
 * (the product is unchanged). Exact rational arithmetic gives:
 *
 * <pre>
 *        [ 1  0 -5  0  4  0 ]        [  1    0    0    0    0   ]
 *        [ 0 -1 -1  4  4  0 ]        [ 1/6  1/6  1/6  1/6  1/6  ]        [ 1  1  1   1    1   0 ]
 * B^T =  [ 0  1 -1 -4  4  0 ]   G =  [ 1/6 -1/6  1/6 -1/6  1/6  ]  A^T = [ 0  1 -1  1/2 -1/2 1 ]
 *        [ 0  1  2 -1 -2  0 ]        [ 4/3  2/3  1/3  1/6  1/12 ]
 *        [ 0 -1  2  1 -2  0 ]        [ 4/3 -2/3  1/3 -1/6  1/12 ]
 *        [ 0  1  0 -5  0  4 ]        [  0    0    0    0   1/4  ]
 * </pre>
 *
 * <p>{@code WinogradTest.oneDimensionalAlgorithmIsExact} checks {@code A^T((Gw)⊙(B^T d)) = T_w^T d}
 * exactly on small integers (the 1-D F(2,5) algorithm), and the 2-D nesting
 * {@code Y = A^T[(G w G^T) ⊙ (B^T d B)]A} on one channel in double. {@code B^T} and {@code A^T}
 * are dyadic, so they are exact in float; five entries of {@code G} are not (one rounding each).
 *
 * <h2>Structure</h2>
 * <ol>
 * <li>Weights, once per call: {@code U[pos][Cout][Cin] = (G w G^T)[pos]}, 36 positions, output
 *     channels grouped in fours ({@code U[pos][quad][ci][4]}) for the GEMM's broadcasts.</li>
 * <li>Tiles go in blocks of whole tile rows (across images), sized from {@link #BLOCK_BYTES} (measured:
 *     16 tile rows for LeNet-2, whose {@code V} fits L2 and {@code M} about does not) and at most
 *     {@link #TS} tiles; a block's rows of V and M have {@code ts} tile slots, the power of two
 *     that holds them. Input transform {@code V[ci/group][pos][ci%group][ts]} (channel groups of
 *     {@code 32·TS/ts}), the vectors running along the tiles of one tile row: the padded image is
 *     first split into its even and odd columns ({@code eo}, one segment per tile vector of a
 *     tile row), so the input of tap column {@code j} of tile {@code tw} is
 *     {@code even/odd[tw + j/2]}, contiguous in {@code tw}. A tile row shorter than a vector
 *     writes a whole vector; the lanes past its end are overwritten by the next tile row.</li>
 * <li>36 small GEMMs {@code M[co][pos][t] = Σ_ci U[pos][co][ci] V[ci/group][pos][ci%group][t]},
 *     6 or 4 output channels × 2 vectors of tiles in registers across the whole sum (fused
 *     multiply-adds in increasing {@code ci}).</li>
 * <li>Output transform {@code A^T M A}, then the bias, then scattered into {@code y} (NCHW).</li>
 * </ol>
 * Every vector stage has a scalar twin ({@code vector == false}) doing the same operations in the
 * same order per tile; the tests compare them bit for bit. Threads take whole blocks; every
 * output is computed by the same operations whichever block or thread holds its tile, so the bits
 * do not depend on the thread count (nor on the block size).
 *
 * <p><b>Constant strides.</b> The distances the transforms step by per tile vector are
 * compile-time constants: positions {@link #PG} apart in V (whatever {@code ts}: a group holds
 * {@code 32·TS/ts} channels), the output transform's scratch rows {@link #TS} apart, the split's
 * rows {@code 2·}{@link #KS} apart and its odd columns {@link #KS} after the even ones. The JIT
 * then sees the 36 loads or stores of one tile vector as one base plus constants and checks their
 * bounds once instead of once each; with geometry-dependent strides those checks, their address
 * arithmetic and the stack reloads of the strides made up about a third of the input transform
 * (measured with the Vector API's checks switched off: 0.56 → 0.45 ms per LeNet-2 call). M's
 * position stride {@code ts} varies: its first output pass is a loop over tile vectors, whose
 * checks C2 hoists. The price is scratch sized by the constants (V takes
 * {@code ⌈Cin/group⌉·36·PG} elements, whatever the block's tile count) and a limit on the width:
 * a tile row must fit {@link #TS} ({@link #eligible}).
 *
 * <h2>Accuracy (the bits differ from the direct kernels; this is the contract)</h2>
 *
 * <p>The 1-D transforms are computed as (with shared subexpressions)
 * {@code B^T d}: {@code v0 = fma(4,d4,fma(-5,d2,d0))}, {@code p = fma(4,d3,-d1)},
 * {@code q = fma(4,d4,-d2)}, {@code v1 = q+p}, {@code v2 = q-p}, {@code c = d1-d3},
 * {@code e = d2-d4}, {@code v3 = fma(2,e,c)}, {@code v4 = fma(2,e,-c)},
 * {@code v5 = fma(4,d5,fma(-5,d3,d1))}: every input term passes through at most 2 roundings;
 * {@code A^T m}: {@code o0 = (m0+(m1+m2))+(m3+m4)}, {@code o1 = fma(1/2, m3-m4, m1-m2) + m5}: at
 * most 3; {@code G w} (rows 1–4 as {@code (1/6)·sum}, {@code (1/12)·Horner} with the rounded
 * constant): at most 6 including the constant's own rounding; rows 0 and 5 are exact. Each
 * 2-D transform is two 1-D passes; the GEMM's fused multiply-add chain over {@code Cin} terms
 * gives each term at most {@code Cin} roundings; the bias add one more. A computed sum whose
 * terms each carry at most {@code k} roundings differs from the exact one by at most
 * {@code γ_k = k·u/(1-k·u)} times the sum of the terms' magnitudes (Higham, Accuracy and
 * Stability, §3.1 and Lemma 3.1), and the perturbations of the stages multiply, so for each output
 * {@code (r, c)} of a tile with input window {@code d} (the 6×6 padded input under the tile):
 *
 * <pre>
 * |y_wino - y_exact| <= γ_N · ( Σ_ci Σ_{j,l} P_r(j1,l1) P_c(j2,l2) |w_ci[j1][j2]| |d_ci[l1][l2]| + |bias| )
 * N = 2·6 + 2·2 + Cin + 2·3 + 1 = Cin + 23,   P_i(j,l) = Σ_k |A^T[i][k]| |G[k][j]| |B^T[k][l]|
 * </pre>
 *
 * with {@code u} the unit roundoff (2^-24 in float, 2^-53 in double), underflow ignored. The
 * largest {@code P_i(j,l)} is 32/3, so a coarser form is
 * {@code γ_N·((32/3)²·Σ_ci ‖w_ci‖₁‖d_ci‖₁ + |bias|)}. The weighted sum runs over the tile's whole
 * 6×6 window, not only the output's 5×5 receptive field: the transforms mix inputs whose
 * contributions to this output cancel exactly in real arithmetic but not in rounded arithmetic
 * (with {@code w = δ_00} and one large {@code d} outside the receptive field of output (0,0),
 * the exact output is 0 but the computed one carries that value's rounding error), so no bound
 * of the form {@code c·u·Σ_rf|x||w|} holds for Winograd. {@code WinogradTest} checks this bound on
 * generated shapes against a float64 reference. Non-finite inputs make the outputs whose
 * receptive field holds them non-finite, possibly NaN where the direct sum gives ±∞.
 *
 * <h2>When it is used</h2>
 *
 * <p>{@link Conv2dF64#forward} calls it for {@link #applies} geometries: on by default only in
 * float ({@code Conv2dF32}; float64 stays on the direct kernels so that central-difference
 * gradient checks keep their accuracy), with the vector path on, and only where it measured faster:
 * at least {@link #MIN_IN_CHANNELS} input and {@link #MIN_OUT_CHANNELS} output channels and outputs at
 * least {@link #MIN_OUT_SIZE} pixels each way. {@code -Dvecgrad.conv.winograd=false}
 * turns it off (read once); tests use {@link #OVERRIDE}.
 *
 * <h2>Measured (branch conv-wino)</h2>
 *
 * <p>conv-lenet2 (x [64,16,14,14], w [32,16,5,5], padding 2), float, one thread, 2-core Zen 3
 * (AVX2), thread CPU time of {@code Conv2dF32.forward}, main's jar and the branch's alternated
 * (best of 12 rounds per JVM, range over 3 resp. 2 alternations): Temurin 25 4.02–4.25 → 3.13–3.42 ms,
 * JDK 17 4.99–5.01 → 4.24–4.38 ms; LeNet-2's input gradient 4.04–4.12 → 3.65–3.70 ms (JDK 17:
 * 5.14 → 4.58–4.59); step-lenet 17.9–18.3 → 16.1–16.6 ms (JDK 17: 21.6–21.7 → 20.6). JMH
 * convLenet2 (Temurin 25) 4.34 / 4.11 → 3.28 / 3.23 ms; the quiet PyTorch reference is 3.20 ms. Where the time goes (Temurin 25,
 * per call): weight transform 0.06 ms, input transform about 0.9 ms (0.2 of it the even/odd split),
 * GEMM about 1.7 ms (4.3 FMA/ns of a 6.4 peak), output transform about 0.8 ms. Steady state
 * allocates 120 bytes per call, as main does (the argument checks' shape arrays).
 *
 * <p>Tried and dropped (same A/B): the GEMM tile loop outside the kernel call, one call per 2-vector
 * tile (3.0 FMA/ns: per-call overhead on a 16-term sum); a GEMM loop bounded only by {@code cin}
 * (with the counter loop of that time C2 strip-mined it and spilled an accumulator every
 * iteration, see {@link #GROUP_SLOTS}); 4×2 register
 * tiles only (2.45 ms of GEMM, the same as 6×2 + 4×2 at that stage; 6×2 kept, fewer loads per FMA); 8 tile rows per block
 * (V and M in 387 KB, an odd tile vector per block) and 32 rows (see {@link #BLOCK_BYTES}); the GEMM
 * and the output transform fused per sliver of output channels so that M stays in L2 (3.41–3.55
 * against 3.27–3.47 ms); the channel loop unrolled by two (3.34–3.42 against 3.18–3.28 ms); one
 * output-transform pass reading all 36 positions per tile vector and scattering lane by lane (no
 * faster than the two passes with interleaved row stores, which also avoid the per-tile tables).
 * Positions 4 KB or 8 KB apart in V and M ran the transforms about 3× slower (hence the extra
 * cache line in {@link #PG} and in M's channel stride).
 *
 * <h2>Measured (branch lead-wts: constant strides)</h2>
 *
 * <p>LeNet-2's forward by stage, float, one thread, Zen 3 (AVX2), thread CPU time; main's jar and the
 * branch's each in its own class loader in one JVM, alternated in rounds of 20 calls for 45 s
 * (median of the rounds' best calls). Temurin 25: 3.31 → 2.97 ms (input transform with the split
 * 0.888 → 0.607, GEMM 1.607 → 1.630, output transform 0.792 → 0.719; an earlier form with 128
 * slots in every block read 3.18 → 2.93 ms); JDK 17: 4.21 → 3.81 ms (0.865 → 0.620,
 * 2.352 → 2.194, 0.969 → 0.974). Same bits as before: the operations and their
 * order per output are unchanged (a hash of the forward outputs and input gradients of LeNet-2 and
 * of [2,17,30,30]→16 matched main's). Other geometries (Temurin 25, median ms, main → branch):
 * [64,32,14,14]→16 3.48 → 3.13, [64,16,28,28]→16 7.96 → 7.40, [16,32,28,28]→32 5.46 → 5.50,
 * [64,12,14,14]→32 2.66 → 2.60, [2,16,112,112]→16 3.34 → 3.24, [8,128,14,14]→128 10.51 → 10.29,
 * [16,64,28,28]→64 17.14 → 17.10, [4,256,14,14]→256 36.2 → 32.3.
 *
 * <p>Tried on the way: one fixed slot count of 128 for every block made wide-channel layers slower
 * ([8,128,14,14]→128 10.6 → 14.4 ms, [16,64,28,28]→64 17.6 → 21.0: blocks of 21–42 tiles in rows
 * of 128 slots); groups of {@code 16·TS/ts} channels instead of {@code 32·TS/ts} cost the 64-channel
 * layer a second partial sum per output (GEMM 12.2 → 14.4 ms); one run of V per input channel
 * ({@code V[ci][pos][t]}) made LeNet-2's GEMM about 5 % slower; the input transform's two passes
 * unrolled by hand were slower (0.53 against 0.46 ms). Whole-vector row ends instead of masked
 * ones (see {@link #outputTransform}): a first form that passed a flag down to the store read
 * 0.74 → 0.81 ms twice; the merged one, which only rounds the row length up, 0.701 → 0.649 and
 * 0.730 → 0.699 ms (the A/B's own spread between class loaders is about ±5 % per stage).
 */
final class WinogradF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /** Input tile side (2 + 5 - 1) and positions per tile. */
    static final int A = 6, POS = 36;
    /**
     * Output channels per GEMM register tile: slivers of 6 (12 accumulators, 2 tile vectors and a
     * broadcast: 15 of AVX2's 16 registers) while at least 6 remain and not exactly 8, else 4; the
     * last sliver is padded with zero weights. 32 channels: 6+6+6+6+4+4.
     */
    static int sliverWidth(int remaining) {
        return remaining >= 6 && remaining != 8 ? 6 : 4;
    }
    /**
     * Target bytes of one block's V and M. On the Zen 3 machine (512 KB L2 per core) LeNet-2 ran best
     * with 16 tile rows per block (112 tiles, 7 register tiles of 2 vectors, V 258 KB, M 516 KB):
     * GEMM 1.67–1.68 ms against 1.97–2.06 ms with 8 rows (56 tiles, V and M 387 KB, an odd tile
     * vector per block) and 1.81 ms with 32 rows; the input and output transforms did not change.
     */
    static final int BLOCK_BYTES = 768 * 1024;
    /**
     * The most tile slots a block has (its {@code ts}, a power of two, is at most this): the widest
     * tile row must fit ({@link #eligible}). Also the row length of the output transform's scratch.
     */
    static final int TS = Math.max(128, 8 * L);
    /**
     * V is {@code V[ci / group][pos][ci % group][ts]} with {@code group·ts = 32·TS}: whatever a
     * block's slot count {@code ts}, the 36 positions of one tile vector lie {@link #PG} apart, a
     * constant, so that the JIT sees the input transform's 36 stores as one base plus constants and
     * checks their bounds once instead of 36 times (see the class Javadoc). One group's channels of
     * one position are one contiguous run for the GEMM. Sums over more than one group continue from
     * the stored partial sums, the same chain of fused multiply-adds; the short channel loop also
     * keeps C2 from strip-mining it (strip-mined, the counter form once sent one of
     * {@link #kernel6x2}'s twelve accumulators through the stack every iteration, about 3 FMA/ns).
     */
    static final int GROUP_SLOTS = 32 * TS;
    /** Distance between positions in V: one group plus a cache line (4 KB multiples would share L1 sets). */
    static final int PG = GROUP_SLOTS + 64 / (S.elementSize() / 8);
    /** Distance between channel groups in V. */
    static final int VG = POS * PG;
    /**
     * Even/odd split, per column segment of one tile vector: each padded row holds {@code KS} even
     * then {@code KS} odd columns, the {@code L + 2} that the segment's tiles read. Constant for the
     * same reason as {@link #TS}: the input transform's 36 loads per tile vector sit at offsets the
     * JIT knows.
     */
    static final int KS = L + 2;
    /**
     * The default dispatch's gate, measured on the Zen 3 AVX2 machine (float, Temurin 25, one thread,
     * thread CPU time, best of 8 alternated rounds, 5×5, padding 2; direct → Winograd):
     * [64,16,14,14]→32 (LeNet-2) 4.32 → 3.20 ms; [64,12,14,14]→32 5.28 → 4.33; [64,32,14,14]→16 7.26 → 5.96;
     * [64,16,28,28]→16 10.8 → 8.23; [16,32,28,28]→32 9.83 → 5.92; [64,16,14,14]→16 2.12 → 2.01;
     * slower: [64,16,14,14]→8 2.34 → 2.12 (kept off: few output channels), [64,8,14,14]→16 1.14 → 1.22,
     * [64,8,14,14]→8 0.70 → 0.81, [64,4,14,14]→16 0.54 → 0.86, [64,1,28,28]→16 (LeNet-1) 0.67 → 2.40,
     * [64,16,7,7]→32 1.27 → 1.36 (a 7×7 output wastes a quarter of its 4×4 tiles' outputs).
     */
    static final int MIN_IN_CHANNELS = 12, MIN_OUT_CHANNELS = 16, MIN_OUT_SIZE = 8;
    /** {@code -Dvecgrad.conv.winograd=false} turns the default dispatch off; read once. */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("vecgrad.conv.winograd", "true"));
    /** On by default only in float (the F32 twin): float64 stays exact-as-before for gradient checks. */
    static final boolean DEFAULT_ON = S.elementSize() == 32;
    /** Tests only: on the calling thread, true forces Winograd on every eligible geometry, false forces it off. */
    static final ThreadLocal<Boolean> OVERRIDE = new ThreadLocal<>();

    private static final double C6 = (double) 1 / 6;
    private static final double C12 = (double) 1 / 12;
    private static final double C4 = (double) 1 / 4;
    private static final double HALF = (double) 1 / 2;

    /** Interleaving two vectors (columns 0 and 1 of a tile row) into two output-row vectors. */
    private static final VectorShuffle<Double> ZIP_LO = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Double> ZIP_HI = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    private static final VectorMask<Double> ODD = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);
    /**
     * Masked vector stores are intrinsified from JDK 18 on; on JDK 17 a partial output row goes
     * through scratch and {@link System#arraycopy} instead.
     */
    private static final boolean MASKED_STORES = Runtime.version().feature() >= 18;
    /**
     * Whether the interleave uses {@code rearrange} and {@code blend}: from JDK 25 on. JDK 17 does not
     * intrinsify that masked blend (JFR: about 0.9 MB of boxed vectors per LeNet-2 call), so there
     * the two columns are interleaved by a scalar loop. JDKs 18–24 were not measured and take the loop.
     */
    private static final boolean VECTOR_ZIP = Runtime.version().feature() >= 25;
    /** Numbers the calls, so a thread's scratch knows whether the even/odd split it holds is this call's. */
    private static final AtomicLong CALLS = new AtomicLong();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<PlanCache<Plan>> PLANS = ThreadLocal.withInitial(() -> new PlanCache<>(4));
    /** Per thread: the transformed weights of the current call, and the 6×5 intermediate of one kernel. */
    private static final ThreadLocal<double[][]> UBUF = ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[A * 5 + 25]});

    private WinogradF64() {}

    /** True when the algorithm can run {@code g}: stride 1, dilation 1, one group, 5×5 kernel, padding at most 2. */
    static boolean eligible(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1 && g.groups() == 1
                && g.kernelHeight() == 5 && g.kernelWidth() == 5 && g.padH() <= 2 && g.padW() <= 2
                && tileColumnsUp(g) <= TS;
    }

    /** Tiles along one tile row, rounded up to whole vectors (what one tile row writes). */
    static int tileColumnsUp(Conv2dGeometry g) {
        return ((g.outWidth() + 1) / 2 + L - 1) / L * L;
    }

    /** True when {@link Conv2dF64#forward} takes this path for {@code g} (see the class Javadoc). */
    static boolean applies(Conv2dGeometry g) {
        Boolean o = OVERRIDE.get();
        if (o != null) {
            return o && eligible(g);
        }
        return ENABLED && DEFAULT_ON && Simd.ENABLED && eligible(g)
                && g.inChannels() >= MIN_IN_CHANNELS && g.outChannels() >= MIN_OUT_CHANNELS
                && g.outHeight() >= MIN_OUT_SIZE && g.outWidth() >= MIN_OUT_SIZE;
    }

    /** Geometry-derived sizes, cached per thread. */
    static final class Plan {
        final Conv2dGeometry g;
        /** Tile rows and columns per image; tile rows per block; blocks. */
        final int th, tw, rows, blocks;
        /** Output channels rounded up to whole slivers. */
        final int coutP;
        /** The first output channel of each sliver. */
        final int[] slivers;
        /**
         * Tile slots per row of V and M (a power of two, at least the block's extent), input channels
         * per group of V ({@code 32·TS / ts}) and the distance between output channels in M
         * ({@code M[co][pos][ts]}: 36 rows plus a cache line).
         */
        final int ts, group, cs;
        /**
         * Even/odd split: padded rows, column segments (one per tile vector of a tile row), the size
         * of one segment ({@code rs} rows of {@code 2·KS}) and of one channel's.
         */
        final int rs, segs, segPlane, eoPlane;
        /** Even/odd splits held per thread: the most images one block touches. */
        final int slots;

        Plan(Conv2dGeometry g) {
            this.g = g;
            th = (g.outHeight() + 1) / 2;
            tw = (g.outWidth() + 1) / 2;
            int cout = g.outChannels();
            slivers = IntStream.iterate(0, c -> c < cout, c -> c + sliverWidth(cout - c)).toArray();
            coutP = slivers.length == 0 ? 0 : slivers[slivers.length - 1] + sliverWidth(cout - slivers[slivers.length - 1]);
            int twUp = tileColumnsUp(g);
            int esize = S.elementSize() / 8;
            int target = Math.max(1, BLOCK_BYTES / ((g.inChannels() + coutP) * POS * esize));
            int total = g.batch() * th;
            // At most TS tile slots: the last row of a block writes up to twUp slots past its start.
            int r = Math.max(1, Math.min(Math.min(total, target / tw), (TS - twUp) / tw + 1));
            // Among r/2..r rows, the one that wastes the fewest lanes of whole register tiles (2 vectors; ties: more rows).
            int best = r;
            long bestWaste = Long.MAX_VALUE;
            for (int c = r; c >= Math.max(1, r / 2); c--) {
                long n = (long) c * tw;
                long waste = ((n + 2 * L - 1) / (2 * L) * (2 * L) - n) * 1000 / n;
                if (waste < bestWaste) {
                    bestWaste = waste;
                    best = c;
                }
            }
            rows = best;
            blocks = (total + rows - 1) / rows;
            int extent = (rows - 1) * tw + twUp;
            int span = L;
            while (span < extent) {
                span *= 2;
            }
            ts = span;
            group = GROUP_SLOTS / ts;
            cs = POS * ts + 64 / esize;
            rs = 2 * th + 4;
            segs = twUp / L;
            segPlane = rs * 2 * KS;
            eoPlane = segs * segPlane;
            slots = (rows + th - 1) / th + 1;
        }
    }

    static Plan plan(Conv2dGeometry g) {
        return PLANS.get().get(g, Plan::new);
    }

    /** Per-thread buffers of one block. */
    static final class Scratch {
        /** Even/odd column planes of one image, all channels; only the interior is ever written. */
        double[] eo = new double[0];
        Plan eoPlan;
        /** Per slot of {@link #eo} (image n in slot n % slots): which call and image it holds, so a block that starts inside an image reuses its split. */
        long[] splitCall = new long[0];
        int[] splitN = new int[0];
        double[] v = new double[0];
        double[] m = new double[0];
        final double[] t = new double[POS * L];
        final double[] out = new double[4 * L];
        final double[] row = new double[L];
        /** The output transform's first pass for one output channel: 12 rows of {@link #TS} tiles. */
        double[] q = new double[0];
        int[] yTile = new int[0];
        byte[] edge = new byte[0];

        void fit(Plan p) {
            Conv2dGeometry g = p.g;
            int eoSize = p.slots * g.inChannels() * p.eoPlane;
            if (eoPlan != p) {
                if (eo.length < eoSize) {
                    eo = new double[eoSize];
                } else {
                    Arrays.fill(eo, 0, eoSize, 0);
                }
                eoPlan = p;
                splitCall = new long[p.slots];
                splitN = new int[p.slots];
                Arrays.fill(splitCall, -1);
            }
            int vSize = (g.inChannels() + p.group - 1) / p.group * VG;
            if (v.length < vSize) {
                v = new double[vSize];
            }
            int mSize = p.coutP * p.cs;
            if (m.length < mSize) {
                m = new double[mSize];
            }
            if (q.length < 2 * A * TS) {
                q = new double[2 * A * TS];
            }
            if (yTile.length < TS) {
                yTile = new int[TS];
                edge = new byte[TS];
            }
        }
    }

    /** {@code y = conv2d(x, w) + bias} for {@link #eligible} geometries; overwrites y. */
    static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                        double[] bias, int biasOff, double[] y, int yOff) {
        forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff, true);
    }

    /** {@link #forward} with the vector stages ({@code vector}) or their scalar twins. */
    static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                        double[] bias, int biasOff, double[] y, int yOff, boolean vector) {
        forward(g, x, xOff, w, wOff, false, bias, biasOff, y, yOff, vector);
    }

    /**
     * True when {@link Conv2dF64#backwardInput} takes this path: stride 1, dilation 1, one group, 5×5,
     * padding 2 to 4 each way, and {@link #applies} holds for the transposed problem (see {@link #backwardInput}).
     */
    static boolean appliesBackwardInput(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1 && g.groups() == 1
                && g.kernelHeight() == 5 && g.kernelWidth() == 5 && g.padH() >= 2 && g.padH() <= 4
                && g.padW() >= 2 && g.padW() <= 4 && applies(transposed(g));
    }

    /** The input gradient as a forward convolution: dy [N, Cout, OH, OW] with weights [Cin, Cout, 5, 5], padding 4 - p. */
    static Conv2dGeometry transposed(Conv2dGeometry g) {
        return Conv2dGeometry.of(g.outputShape(), new int[] {g.inChannels(), g.outChannels(), 5, 5},
                1, 1, 4 - g.padH(), 4 - g.padW(), 1, 1, 1);
    }

    /**
     * {@code dx = conv_transpose(dy, w)} for {@link #appliesBackwardInput} geometries, overwriting dx:
     * for stride 1 it is the forward convolution of dy with the spatially flipped, channel-transposed
     * weights ({@code w'[ci][co][i][j] = w[co][ci][4-i][4-j]}) and padding {@code 4 - p}, run here
     * with the flip folded into the weight transform. The bound of the class Javadoc holds with the
     * transposed problem's channels ({@code N = Cout + 23}).
     */
    static void backwardInput(Conv2dGeometry g, double[] dy, int dyOff, double[] w, int wOff, double[] dx, int dxOff,
                              boolean vector) {
        forward(transposed(g), dy, dyOff, w, wOff, true, null, 0, dx, dxOff, vector);
    }

    private static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff, boolean flip,
                                double[] bias, int biasOff, double[] y, int yOff, boolean vector) {
        Plan p = plan(g);
        double[][] ub = UBUF.get();
        int uSize = POS * p.coutP * g.inChannels();
        if (ub[0].length < uSize) {
            ub[0] = new double[uSize];
        }
        double[] u = ub[0];
        long flops = 2L * g.outputSize() * g.patchSize();
        boolean split = Parallel.worthSplitting(flops) && p.blocks > 1;
        if (split) {
            // The weights' transform is the same per sliver whoever computes it; run serially it was
            // about 1 % of LeNet's step, all of it serial at two threads.
            Parallel.parallelFor(p.slivers.length,
                    i -> transformSliver(g, w, wOff, flip, p.coutP, u, UBUF.get()[1], p.slivers[i]));
        } else {
            transformWeights(g, w, wOff, flip, p.coutP, u, ub[1]);
        }
        long call = CALLS.incrementAndGet();
        if (split) {
            Parallel.parallelFor(p.blocks, b -> block(p, b, call, x, xOff, u, bias, biasOff, y, yOff, vector, SCRATCH.get()));
        } else {
            Scratch s = SCRATCH.get();
            for (int b = 0; b < p.blocks; b++) {
                block(p, b, call, x, xOff, u, bias, biasOff, y, yOff, vector, s);
            }
        }
    }

    // ---------------------------------------------------------------- weights

    /**
     * {@code u[pos·coutP·Cin + c0·Cin + ci·sw + r] = (G w[c0 + r][ci] G^T)[pos]} for the sliver of
     * width {@code sw} starting at output channel {@code c0}; padded channels are zero. With
     * {@code flip}, {@code w[co][ci]} is read as {@code w[ci][co]} rotated by 180° (the input gradient's
     * weights). {@code t} holds at least 55 elements.
     */
    static void transformWeights(Conv2dGeometry g, double[] w, int wOff, boolean flip, int coutP, double[] u, double[] t) {
        for (int c0 = 0; c0 < g.outChannels(); c0 += sliverWidth(g.outChannels() - c0)) {
            transformSliver(g, w, wOff, flip, coutP, u, t, c0);
        }
    }

    /** {@link #transformWeights} for the one sliver that starts at output channel {@code c0}. */
    static void transformSliver(Conv2dGeometry g, double[] w, int wOff, boolean flip, int coutP, double[] u, double[] t, int c0) {
        int cin = g.inChannels();
        int cout = g.outChannels();
        int stride = coutP * cin;
        int sw = sliverWidth(cout - c0);
        for (int r = 0; r < sw; r++) {
            int co = c0 + r;
            for (int ci = 0; ci < cin; ci++) {
                int base = c0 * cin + ci * sw + r;
                if (co >= cout) {
                    for (int pos = 0; pos < POS; pos++) {
                        u[pos * stride + base] = 0;
                    }
                    continue;
                }
                int k = A * 5;
                if (flip) {
                    int wb = wOff + (ci * cout + co) * 25 + 24;
                    for (int i = 0; i < 25; i++) {
                        t[k + i] = w[wb - i];
                    }
                } else {
                    System.arraycopy(w, wOff + (co * cin + ci) * 25, t, k, 25);
                }
                for (int j = 0; j < 5; j++) {
                    for (int a = 0; a < A; a++) {
                        t[a * 5 + j] = gRow(a, t[k + j], t[k + 5 + j], t[k + 10 + j], t[k + 15 + j], t[k + 20 + j]);
                    }
                }
                for (int a = 0; a < A; a++) {
                    for (int b = 0; b < A; b++) {
                        u[(a * A + b) * stride + base] = gRow(b, t[a * 5], t[a * 5 + 1], t[a * 5 + 2], t[a * 5 + 3], t[a * 5 + 4]);
                    }
                }
            }
        }
    }

    /** Row {@code a} of {@code G} applied to {@code (w0..w4)}, as stated in the class Javadoc. */
    static double gRow(int a, double w0, double w1, double w2, double w3, double w4) {
        switch (a) {
            case 0:
                return w0;
            case 1:
                return C6 * ((((w0 + w1) + w2) + w3) + w4);
            case 2:
                return C6 * ((((w0 - w1) + w2) - w3) + w4);
            case 3:
                return C12 * Math.fma(2, Math.fma(2, Math.fma(2, Math.fma(2, w0, w1), w2), w3), w4);
            case 4:
                return C12 * Math.fma(-2, Math.fma(-2, Math.fma(-2, Math.fma(-2, w0, w1), w2), w3), w4);
            default:
                return w4 * C4;
        }
    }

    // ---------------------------------------------------------------- one block

    static void block(Plan p, int b, long call, double[] x, int xOff, double[] u, double[] bias, int biasOff,
                      double[] y, int yOff, boolean vector, Scratch s) {
        s.fit(p);
        Conv2dGeometry g = p.g;
        int q0 = b * p.rows;
        int q1 = Math.min(g.batch() * p.th, q0 + p.rows);
        int nt = (q1 - q0) * p.tw;
        inputTransform(p, q0, q1, call, x, xOff, s, vector);
        gemm(p, nt, u, s, vector);
        if (!vector) {
            tileTables(p, q0, nt, s);
        }
        outputTransform(p, q0, q1, nt, bias, biasOff, y, yOff, s, vector);
    }

    /**
     * Splits image {@code n}'s padded channels into even and odd columns, one segment per tile vector
     * of a tile row: segment {@code sg}, padded row {@code r}, parity {@code par} holds padded columns
     * {@code 2(sg·L + c) + par} for {@code c < KS} at {@code sg·rs·2KS + r·2KS + par·KS + c} (a
     * segment repeats the first two columns of the next). Borders stay zero.
     */
    static void splitImage(Plan p, int n, double[] x, int xOff, double[] eo, int eoOff) {
        Conv2dGeometry g = p.g;
        int h = g.inHeight();
        int wd = g.inWidth();
        int pw = g.padW();
        for (int ci = 0; ci < g.inChannels(); ci++) {
            int src = xOff + (n * g.inChannels() + ci) * h * wd;
            for (int sg = 0; sg < p.segs; sg++) {
                // The segment's padded columns 2·sg·L + k, k < 2·KS, are x columns first + k.
                int first = 2 * sg * L - pw;
                int kLo = Math.max(0, first) - first;
                int kHi = Math.min(wd, first + 2 * KS) - first;
                int dst = eoOff + ci * p.eoPlane + sg * p.segPlane;
                for (int r = 0; r < h; r++) {
                    int row = dst + (r + g.padH()) * 2 * KS;
                    int xr = src + r * wd + first;
                    // Whole (even, odd) pairs, then a lone odd column at the start and a lone even one at the end.
                    for (int i = (kLo + 1) >> 1; i < kHi >> 1; i++) {
                        eo[row + i] = x[xr + 2 * i];
                        eo[row + KS + i] = x[xr + 2 * i + 1];
                    }
                    if ((kLo & 1) != 0 && kLo < kHi) {
                        eo[row + KS + (kLo >> 1)] = x[xr + kLo];
                    }
                    if ((kHi & 1) != 0 && kLo < kHi) {
                        eo[row + (kHi >> 1)] = x[xr + kHi - 1];
                    }
                }
            }
        }
    }

    /** V for tile rows q0..q1 of the flattened (image, tile row) sequence. */
    static void inputTransform(Plan p, int q0, int q1, long call, double[] x, int xOff, Scratch s, boolean vector) {
        Conv2dGeometry g = p.g;
        int cin = g.inChannels();
        int slotSize = cin * p.eoPlane;
        for (int n = q0 / p.th; n <= (q1 - 1) / p.th; n++) {
            int slot = n % p.slots;
            if (s.splitCall[slot] != call || s.splitN[slot] != n) {
                splitImage(p, n, x, xOff, s.eo, slot * slotSize);
                s.splitCall[slot] = call;
                s.splitN[slot] = n;
            }
        }
        // Channel outer, tile rows inner: consecutive rows write adjacent tiles of the same 36 rows of V.
        for (int ci = 0; ci < cin; ci++) {
            for (int q = q0; q < q1; q++) {
                int n = q / p.th;
                int th = q % p.th;
                int e = (n % p.slots) * slotSize + ci * p.eoPlane + 2 * th * 2 * KS;
                int vb = ci / p.group * VG + ci % p.group * p.ts + (q - q0) * p.tw;
                for (int tw0 = 0, sg = 0; tw0 < p.tw; tw0 += L, sg++) {
                    int es = e + sg * p.segPlane;
                    if (vector) {
                        inputVector(s.eo, es, s.t, s.v, vb + tw0);
                    } else {
                        for (int lane = 0; lane < Math.min(L, p.tw - tw0); lane++) {
                            inputScalar(s.eo, es + lane, s.v, vb + tw0 + lane);
                        }
                    }
                }
            }
        }
    }

    /**
     * One vector of tiles: d[i][j] = eo[e + (j odd ? KS : 0) + j/2 + i·2KS]; writes
     * {@code v[vb + pos·PG]} for the 36 positions.
     */
    static void inputVector(double[] eo, int e, double[] t, double[] v, int vb) {
        for (int j = 0; j < A; j++) {
            int src = e + ((j & 1) == 0 ? 0 : KS) + (j >> 1);
            DoubleVector d0 = DoubleVector.fromArray(S, eo, src);
            DoubleVector d1 = DoubleVector.fromArray(S, eo, src + 2 * KS);
            DoubleVector d2 = DoubleVector.fromArray(S, eo, src + 4 * KS);
            DoubleVector d3 = DoubleVector.fromArray(S, eo, src + 6 * KS);
            DoubleVector d4 = DoubleVector.fromArray(S, eo, src + 8 * KS);
            DoubleVector d5 = DoubleVector.fromArray(S, eo, src + 10 * KS);
            btVector(d0, d1, d2, d3, d4, d5, t, j * L, A * L);
        }
        for (int a = 0; a < A; a++) {
            int src = a * A * L;
            DoubleVector d0 = DoubleVector.fromArray(S, t, src);
            DoubleVector d1 = DoubleVector.fromArray(S, t, src + L);
            DoubleVector d2 = DoubleVector.fromArray(S, t, src + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, t, src + 3 * L);
            DoubleVector d4 = DoubleVector.fromArray(S, t, src + 4 * L);
            DoubleVector d5 = DoubleVector.fromArray(S, t, src + 5 * L);
            btVector(d0, d1, d2, d3, d4, d5, v, vb + a * A * PG, PG);
        }
    }

    /** {@code B^T d} on vectors; result k at {@code out[off + k·stride]}. */
    private static void btVector(DoubleVector d0, DoubleVector d1, DoubleVector d2, DoubleVector d3, DoubleVector d4,
                                 DoubleVector d5, double[] out, int off, int stride) {
        DoubleVector four = DoubleVector.broadcast(S, 4);
        DoubleVector m5 = DoubleVector.broadcast(S, -5);
        DoubleVector two = DoubleVector.broadcast(S, 2);
        d4.fma(four, d2.fma(m5, d0)).intoArray(out, off);
        DoubleVector p = d3.fma(four, d1.neg());
        DoubleVector q = d4.fma(four, d2.neg());
        q.add(p).intoArray(out, off + stride);
        q.sub(p).intoArray(out, off + 2 * stride);
        DoubleVector c = d1.sub(d3);
        DoubleVector e = d2.sub(d4);
        e.fma(two, c).intoArray(out, off + 3 * stride);
        e.fma(two, c.neg()).intoArray(out, off + 4 * stride);
        d5.fma(four, d3.fma(m5, d1)).intoArray(out, off + 5 * stride);
    }

    /** Scalar twin of {@link #inputVector} for one tile. */
    static void inputScalar(double[] eo, int e, double[] v, int vb) {
        double[] t = new double[POS];
        double[] r = new double[A];
        for (int j = 0; j < A; j++) {
            int src = e + ((j & 1) == 0 ? 0 : KS) + (j >> 1);
            bt(eo[src], eo[src + 2 * KS], eo[src + 4 * KS], eo[src + 6 * KS], eo[src + 8 * KS], eo[src + 10 * KS], r);
            for (int a = 0; a < A; a++) {
                t[a * A + j] = r[a];
            }
        }
        for (int a = 0; a < A; a++) {
            int k = a * A;
            bt(t[k], t[k + 1], t[k + 2], t[k + 3], t[k + 4], t[k + 5], r);
            for (int b = 0; b < A; b++) {
                v[vb + (k + b) * PG] = r[b];
            }
        }
    }

    /** {@code B^T d}, scalar, the same operations as {@link #btVector}. */
    static void bt(double d0, double d1, double d2, double d3, double d4, double d5, double[] r) {
        r[0] = Math.fma(4, d4, Math.fma(-5, d2, d0));
        double p = Math.fma(4, d3, -d1);
        double q = Math.fma(4, d4, -d2);
        r[1] = q + p;
        r[2] = q - p;
        double c = d1 - d3;
        double e = d2 - d4;
        r[3] = Math.fma(2, e, c);
        r[4] = Math.fma(2, e, -c);
        r[5] = Math.fma(4, d5, Math.fma(-5, d3, d1));
    }

    // ---------------------------------------------------------------- GEMM

    /** {@code M[pos][co][t] = Σ_ci U[pos][co][ci] V[pos][ci][t]} for the block's {@code nt} tiles. */
    static void gemm(Plan p, int nt, double[] u, Scratch s, boolean vector) {
        int cin = p.g.inChannels();
        int cout = p.g.outChannels();
        int nv = (nt + L - 1) / L;
        double[] v = s.v;
        double[] m = s.m;
        for (int pos = 0; pos < POS; pos++) {
            int vb = pos * PG;
            for (int c0 = 0; c0 < cout; c0 += sliverWidth(cout - c0)) {
                int sw = sliverWidth(cout - c0);
                int ub = pos * p.coutP * cin + c0 * cin;
                int mb = c0 * p.cs + pos * p.ts;
                if (!vector) {
                    gemmScalar(u, ub, sw, v, vb, p.ts, p.group, m, mb, p.cs, cin, nt);
                } else if (sw == 6) {
                    kernel6(u, ub, v, vb, p.ts, p.group, m, mb, p.cs, cin, nv);
                } else {
                    kernel4(u, ub, v, vb, p.ts, p.group, m, mb, p.cs, cin, nv);
                }
            }
        }
    }


    /** {@code R} output channels × {@code nv} tile vectors: register tiles of R×2 vectors, then one R×1. */
    static void kernel6(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin, int nv) {
        int pairs = nv / 2;
        kernel6x2(u, ub, v, vb, ts, group, m, mb, cs, cin, pairs);
        if (2 * pairs < nv) {
            kernel6x1(u, ub, v, vb + 2 * pairs * L, ts, group, m, mb + 2 * pairs * L, cs, cin);
        }
    }

    /** As {@link #kernel6} with 4 output channels. */
    static void kernel4(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin, int nv) {
        int pairs = nv / 2;
        kernel4x2(u, ub, v, vb, ts, group, m, mb, cs, cin, pairs);
        if (2 * pairs < nv) {
            kernel4x1(u, ub, v, vb + 2 * pairs * L, ts, group, m, mb + 2 * pairs * L, cs, cin);
        }
    }

    /**
     * 6 output channels × 2 tile vectors, for {@code pairs} consecutive pairs; each output summed over
     * {@code cin} in increasing order with fused multiply-adds.
     *
     * <p>The channel loop of this and the other three kernels runs on the weight offset
     * ({@code uo += 6} up to a precomputed end), with V's offset carried beside it. With a counter
     * {@code k} as the loop variable, Temurin 25's C2 recomputed {@code uo} as {@code 6·k} each
     * step, kept a range check on U and reloaded U's base from the stack (42 instructions per 12
     * FMAs, hsdis); on the offset it drops the check and the reload (31). LeNet-2's forward
     * 3.30–3.34 → 3.18–3.23 ms on Temurin 25 and 4.25–4.31 → 4.13–4.20 ms on JDK 17 (float, one
     * thread, median thread CPU time, alternated JVMs, Zen 3). Same FMAs in the same order.
     */
    static void kernel6x2(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin, int pairs) {
        for (int k0 = 0; k0 < cin; k0 += group) {
            boolean first = k0 == 0;
            int n = Math.min(cin - k0, group);
            for (int pr = 0; pr < pairs; pr++) {
                int mo = mb + pr * 2 * L;
                    DoubleVector a00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo);
                    DoubleVector a01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + L);
                    DoubleVector a10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs);
                    DoubleVector a11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs + L);
                    DoubleVector a20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs);
                    DoubleVector a21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs + L);
                    DoubleVector a30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs);
                    DoubleVector a31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs + L);
                    DoubleVector a40 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 4 * cs);
                    DoubleVector a41 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 4 * cs + L);
                    DoubleVector a50 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 5 * cs);
                    DoubleVector a51 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 5 * cs + L);
                    int vo = vb + pr * 2 * L + k0 / group * VG;
                    for (int uo = ub + k0 * 6, end = uo + 6 * n; uo < end; uo += 6) {
                        DoubleVector x0 = DoubleVector.fromArray(S, v, vo);
                        DoubleVector x1 = DoubleVector.fromArray(S, v, vo + L);
                        DoubleVector w = DoubleVector.broadcast(S, u[uo]);
                        a00 = w.fma(x0, a00);
                        a01 = w.fma(x1, a01);
                        w = DoubleVector.broadcast(S, u[uo + 1]);
                        a10 = w.fma(x0, a10);
                        a11 = w.fma(x1, a11);
                        w = DoubleVector.broadcast(S, u[uo + 2]);
                        a20 = w.fma(x0, a20);
                        a21 = w.fma(x1, a21);
                        w = DoubleVector.broadcast(S, u[uo + 3]);
                        a30 = w.fma(x0, a30);
                        a31 = w.fma(x1, a31);
                        w = DoubleVector.broadcast(S, u[uo + 4]);
                        a40 = w.fma(x0, a40);
                        a41 = w.fma(x1, a41);
                        w = DoubleVector.broadcast(S, u[uo + 5]);
                        a50 = w.fma(x0, a50);
                        a51 = w.fma(x1, a51);
                        vo += ts;
                    }
                    a00.intoArray(m, mo);
                    a01.intoArray(m, mo + L);
                    a10.intoArray(m, mo + cs);
                    a11.intoArray(m, mo + cs + L);
                    a20.intoArray(m, mo + 2 * cs);
                    a21.intoArray(m, mo + 2 * cs + L);
                    a30.intoArray(m, mo + 3 * cs);
                    a31.intoArray(m, mo + 3 * cs + L);
                    a40.intoArray(m, mo + 4 * cs);
                    a41.intoArray(m, mo + 4 * cs + L);
                    a50.intoArray(m, mo + 5 * cs);
                    a51.intoArray(m, mo + 5 * cs + L);
            }
        }
    }

    /** 6 output channels × 1 tile vector. */
    static void kernel6x1(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin) {
        for (int k0 = 0; k0 < cin; k0 += group) {
            boolean first = k0 == 0;
            int n = Math.min(cin - k0, group);
            int mo = mb;
            DoubleVector a00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo);
            DoubleVector a10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs);
            DoubleVector a20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs);
            DoubleVector a30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs);
            DoubleVector a40 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 4 * cs);
            DoubleVector a50 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 5 * cs);
            int vo = vb + k0 / group * VG;
            for (int uo = ub + k0 * 6, end = uo + 6 * n; uo < end; uo += 6) {
                DoubleVector x0 = DoubleVector.fromArray(S, v, vo);
                DoubleVector w = DoubleVector.broadcast(S, u[uo]);
                a00 = w.fma(x0, a00);
                w = DoubleVector.broadcast(S, u[uo + 1]);
                a10 = w.fma(x0, a10);
                w = DoubleVector.broadcast(S, u[uo + 2]);
                a20 = w.fma(x0, a20);
                w = DoubleVector.broadcast(S, u[uo + 3]);
                a30 = w.fma(x0, a30);
                w = DoubleVector.broadcast(S, u[uo + 4]);
                a40 = w.fma(x0, a40);
                w = DoubleVector.broadcast(S, u[uo + 5]);
                a50 = w.fma(x0, a50);
                vo += ts;
            }
            a00.intoArray(m, mo);
            a10.intoArray(m, mo + cs);
            a20.intoArray(m, mo + 2 * cs);
            a30.intoArray(m, mo + 3 * cs);
            a40.intoArray(m, mo + 4 * cs);
            a50.intoArray(m, mo + 5 * cs);
        }
    }

    /** 4 output channels × 2 tile vectors, for {@code pairs} consecutive pairs. */
    static void kernel4x2(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin, int pairs) {
        for (int k0 = 0; k0 < cin; k0 += group) {
            boolean first = k0 == 0;
            int n = Math.min(cin - k0, group);
            for (int pr = 0; pr < pairs; pr++) {
                int mo = mb + pr * 2 * L;
                    DoubleVector a00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo);
                    DoubleVector a01 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + L);
                    DoubleVector a10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs);
                    DoubleVector a11 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs + L);
                    DoubleVector a20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs);
                    DoubleVector a21 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs + L);
                    DoubleVector a30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs);
                    DoubleVector a31 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs + L);
                    int vo = vb + pr * 2 * L + k0 / group * VG;
                    for (int uo = ub + k0 * 4, end = uo + 4 * n; uo < end; uo += 4) {
                        DoubleVector x0 = DoubleVector.fromArray(S, v, vo);
                        DoubleVector x1 = DoubleVector.fromArray(S, v, vo + L);
                        DoubleVector w = DoubleVector.broadcast(S, u[uo]);
                        a00 = w.fma(x0, a00);
                        a01 = w.fma(x1, a01);
                        w = DoubleVector.broadcast(S, u[uo + 1]);
                        a10 = w.fma(x0, a10);
                        a11 = w.fma(x1, a11);
                        w = DoubleVector.broadcast(S, u[uo + 2]);
                        a20 = w.fma(x0, a20);
                        a21 = w.fma(x1, a21);
                        w = DoubleVector.broadcast(S, u[uo + 3]);
                        a30 = w.fma(x0, a30);
                        a31 = w.fma(x1, a31);
                        vo += ts;
                    }
                    a00.intoArray(m, mo);
                    a01.intoArray(m, mo + L);
                    a10.intoArray(m, mo + cs);
                    a11.intoArray(m, mo + cs + L);
                    a20.intoArray(m, mo + 2 * cs);
                    a21.intoArray(m, mo + 2 * cs + L);
                    a30.intoArray(m, mo + 3 * cs);
                    a31.intoArray(m, mo + 3 * cs + L);
            }
        }
    }

    /** 4 output channels × 1 tile vector. */
    static void kernel4x1(double[] u, int ub, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin) {
        for (int k0 = 0; k0 < cin; k0 += group) {
            boolean first = k0 == 0;
            int n = Math.min(cin - k0, group);
            int mo = mb;
            DoubleVector a00 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo);
            DoubleVector a10 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + cs);
            DoubleVector a20 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 2 * cs);
            DoubleVector a30 = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, m, mo + 3 * cs);
            int vo = vb + k0 / group * VG;
            for (int uo = ub + k0 * 4, end = uo + 4 * n; uo < end; uo += 4) {
                DoubleVector x0 = DoubleVector.fromArray(S, v, vo);
                DoubleVector w = DoubleVector.broadcast(S, u[uo]);
                a00 = w.fma(x0, a00);
                w = DoubleVector.broadcast(S, u[uo + 1]);
                a10 = w.fma(x0, a10);
                w = DoubleVector.broadcast(S, u[uo + 2]);
                a20 = w.fma(x0, a20);
                w = DoubleVector.broadcast(S, u[uo + 3]);
                a30 = w.fma(x0, a30);
                vo += ts;
            }
            a00.intoArray(m, mo);
            a10.intoArray(m, mo + cs);
            a20.intoArray(m, mo + 2 * cs);
            a30.intoArray(m, mo + 3 * cs);
        }
    }

    /** Scalar twin of the GEMM kernels for one sliver of {@code sw} channels, tiles {@code 0..nt}. */
    static void gemmScalar(double[] u, int ub, int sw, double[] v, int vb, int ts, int group, double[] m, int mb, int cs, int cin, int nt) {
        for (int r = 0; r < sw; r++) {
            for (int t = 0; t < nt; t++) {
                double acc = 0;
                for (int ci = 0; ci < cin; ci++) {
                    acc = Math.fma(u[ub + ci * sw + r], v[vb + ci / group * VG + ci % group * ts + t], acc);
                }
                m[mb + r * cs + t] = acc;
            }
        }
    }

    // ---------------------------------------------------------------- output

    /** Per tile of the block: its (0,0) output's offset in one output channel plane, and which of its outputs exist. */
    static void tileTables(Plan p, int q0, int nt, Scratch s) {
        Conv2dGeometry g = p.g;
        int oh = g.outHeight();
        int ow = g.outWidth();
        int ohw = oh * ow;
        for (int t = 0; t < nt; t++) {
            int q = q0 + t / p.tw;
            int tw = t % p.tw;
            int n = q / p.th;
            int th = q % p.th;
            s.yTile[t] = n * g.outChannels() * ohw + 2 * th * ow + 2 * tw;
            s.edge[t] = (byte) ((2 * tw + 1 < ow ? 1 : 0) | (2 * th + 1 < oh ? 2 : 0));
        }
    }

    /**
     * {@code y = A^T M A + bias} for the block's tiles, every output channel. The vector path runs
     * one tile row at a time (a vector of tiles along it, the lanes past its end unused) and
     * interleaves each output row's two columns into whole vectors of y.
     */
    static void outputTransform(Plan p, int q0, int q1, int nt, double[] bias, int biasOff, double[] y, int yOff,
                                Scratch s, boolean vector) {
        Conv2dGeometry g = p.g;
        int ow = g.outWidth();
        int oh = g.outHeight();
        int ohw = oh * ow;
        double[] out = s.out;
        for (int co = 0; co < g.outChannels(); co++) {
            double b = bias == null ? 0 : bias[biasOff + co];
            boolean hasBias = bias != null;
            int mb = co * p.cs;
            if (vector) {
                // Pass 1, along whole rows of M (each line used at once): Q[c][a][t] = (M[a][·] A)[c].
                double[] qs = s.q;
                int nv = (nt + L - 1) / L;
                for (int a = 0; a < A; a++) {
                    outputRows(s.m, mb + a * A * p.ts, p.ts, qs, a * TS, (A + a) * TS, nv);
                }
                // Pass 2, one tile row at a time: y = A^T Q + bias, interleaved into rows of y.
                // Where one vector pair covers a whole output row, its last store may be a whole
                // vector running into the start of the next row when this block writes that row
                // afterwards (the tile row's second row; the first row of the block's next tile row
                // of the same image): a masked store cost about 6 ns on Zen 3 in isolation, a whole
                // one 0.5, and LeNet-2's output transform ran 4–7 % faster. The spilled lanes are
                // overwritten, so the bits do not change; the scalar zip (before JDK 25) keeps exact ends.
                boolean spillRows = VECTOR_ZIP && p.tw <= L && (L - ow % L) % L <= ow;
                for (int q = q0; q < q1; q++) {
                    int n = q / p.th;
                    int th = q % p.th;
                    int yr = yOff + (n * g.outChannels() + co) * ohw + 2 * th * ow;
                    boolean second = 2 * th + 1 < oh;
                    boolean spill0 = spillRows && second;
                    boolean spill1 = spillRows && q + 1 < q1 && th + 1 < p.th;
                    int qt = (q - q0) * p.tw;
                    for (int tw0 = 0; tw0 < p.tw; tw0 += L) {
                        outputCols(qs, qt + tw0, hasBias, b, out);
                        int cols = Math.min(2 * L, ow - 2 * tw0);
                        int whole = (cols + L - 1) / L * L;
                        zipStore(out, 0, y, yr + 2 * tw0, spill0 ? whole : cols, s.row);
                        if (second) {
                            zipStore(out, 2 * L, y, yr + ow + 2 * tw0, spill1 ? whole : cols, s.row);
                        }
                    }
                }
            } else {
                int yc = yOff + co * ohw;
                for (int t = 0; t < nt; t++) {
                    outputScalar(s.m, mb + t, p.ts, hasBias, b, out);
                    store(y, yc + s.yTile[t], ow, s.edge[t], out[0], out[1], out[2], out[3]);
                }
            }
        }
    }

    /**
     * Stores the first {@code cols} values of the interleaving of {@code out[off..off+L)} (column 0
     * of L tiles) and {@code out[off+L..off+2L)} (column 1) at {@code y[at..]}.
     */
    private static void zipStore(double[] out, int off, double[] y, int at, int cols, double[] row) {
        if (!VECTOR_ZIP) {
            for (int i = 0; i < cols; i++) {
                y[at + i] = out[off + (i & 1) * L + (i >> 1)];
            }
            return;
        }
        DoubleVector e = DoubleVector.fromArray(S, out, off);
        DoubleVector o = DoubleVector.fromArray(S, out, off + L);
        DoubleVector lo = e.rearrange(ZIP_LO).blend(o.rearrange(ZIP_LO), ODD);
        if (cols >= L) {
            lo.intoArray(y, at);
            if (cols > L) {
                DoubleVector hi = e.rearrange(ZIP_HI).blend(o.rearrange(ZIP_HI), ODD);
                partialStore(hi, y, at + L, cols - L, row);
            }
        } else {
            partialStore(lo, y, at, cols, row);
        }
    }

    private static void partialStore(DoubleVector v, double[] y, int at, int n, double[] row) {
        if (n == L) {
            v.intoArray(y, at);
        } else if (MASKED_STORES) {
            v.intoArray(y, at, S.indexInRange(0, n));
        } else {
            v.intoArray(row, 0);
            System.arraycopy(row, 0, y, at, n);
        }
    }

    private static void store(double[] y, int at, int ow, byte edge, double y00, double y01, double y10, double y11) {
        y[at] = y00;
        if ((edge & 1) != 0) {
            y[at + 1] = y01;
        }
        if ((edge & 2) != 0) {
            y[at + ow] = y10;
            if ((edge & 1) != 0) {
                y[at + ow + 1] = y11;
            }
        }
    }

    /**
     * First pass of the output transform over {@code nv} tile vectors: {@code q0/q1 = A^T} rows applied
     * to {@code m[mb + k·ts]}, k = 0..5 (a loop over the vectors, so the stride need not be a constant).
     */
    static void outputRows(double[] m, int mb, int ts, double[] qs, int q0, int q1, int nv) {
        DoubleVector half = DoubleVector.broadcast(S, HALF);
        for (int vi = 0; vi < nv; vi++) {
            int src = mb + vi * L;
            DoubleVector m0 = DoubleVector.fromArray(S, m, src);
            DoubleVector m1 = DoubleVector.fromArray(S, m, src + ts);
            DoubleVector m2 = DoubleVector.fromArray(S, m, src + 2 * ts);
            DoubleVector m3 = DoubleVector.fromArray(S, m, src + 3 * ts);
            DoubleVector m4 = DoubleVector.fromArray(S, m, src + 4 * ts);
            DoubleVector m5 = DoubleVector.fromArray(S, m, src + 5 * ts);
            m0.add(m1.add(m2)).add(m3.add(m4)).intoArray(qs, q0 + vi * L);
            m3.sub(m4).fma(half, m1.sub(m2)).add(m5).intoArray(qs, q1 + vi * L);
        }
    }

    /** Second pass for one vector of tiles at {@code qs[t..]}: {@code out[(2r + c)·L ..]} = output (r, c), bias added when {@code hasBias}. */
    static void outputCols(double[] qs, int t, boolean hasBias, double bias, double[] out) {
        DoubleVector half = DoubleVector.broadcast(S, HALF);
        for (int c = 0; c < 2; c++) {
            int src = c * A * TS + t;
            DoubleVector m0 = DoubleVector.fromArray(S, qs, src);
            DoubleVector m1 = DoubleVector.fromArray(S, qs, src + TS);
            DoubleVector m2 = DoubleVector.fromArray(S, qs, src + 2 * TS);
            DoubleVector m3 = DoubleVector.fromArray(S, qs, src + 3 * TS);
            DoubleVector m4 = DoubleVector.fromArray(S, qs, src + 4 * TS);
            DoubleVector m5 = DoubleVector.fromArray(S, qs, src + 5 * TS);
            DoubleVector o0 = m0.add(m1.add(m2)).add(m3.add(m4));
            DoubleVector o1 = m3.sub(m4).fma(half, m1.sub(m2)).add(m5);
            if (hasBias) {
                o0 = o0.add(bias);
                o1 = o1.add(bias);
            }
            o0.intoArray(out, c * L);
            o1.intoArray(out, (2 + c) * L);
        }
    }

    /** Scalar twin of {@link #outputRows} and {@link #outputCols} for one tile: {@code out[2r + c]}. */
    static void outputScalar(double[] m, int mb, int posStride, boolean hasBias, double bias, double[] out) {
        double[] q = new double[2 * A];
        for (int a = 0; a < A; a++) {
            int src = mb + a * A * posStride;
            double m0 = m[src];
            double m1 = m[src + posStride];
            double m2 = m[src + 2 * posStride];
            double m3 = m[src + 3 * posStride];
            double m4 = m[src + 4 * posStride];
            double m5 = m[src + 5 * posStride];
            q[a] = (m0 + (m1 + m2)) + (m3 + m4);
            q[A + a] = Math.fma(m3 - m4, HALF, m1 - m2) + m5;
        }
        for (int c = 0; c < 2; c++) {
            int k = c * A;
            double o0 = (q[k] + (q[k + 1] + q[k + 2])) + (q[k + 3] + q[k + 4]);
            double o1 = Math.fma(q[k + 3] - q[k + 4], HALF, q[k + 1] - q[k + 2]) + q[k + 5];
            if (hasBias) {
                o0 += bias;
                o1 += bias;
            }
            out[c] = o0;
            out[2 + c] = o1;
        }
    }
}

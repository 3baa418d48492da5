package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Implicit-GEMM convolution for column stride 1: the GEMM {@code W[Cout×K] · col[K×pixels]}
 * without ever writing the column matrix.
 *
 * <p>Why: per-image im2col copies every input value {@code kH*kW} times in runs one output row
 * long (14 elements on LeNet's second layer), then the GEMM packs that copy again; the two
 * copies cost more than the multiply. Here the input of one image is copied once into
 * zero-bordered planes; row {@code p = (c, i, j)} of the column matrix is then that buffer read
 * from offset {@code tapOff[p]}, contiguous along an output row. Output pixels are taken in
 * <em>slots</em> of one vector along one output row (a row of width OW takes
 * {@code ceil(OW/L)} slots, the last one masked), so each slot's input is a plain unaligned
 * vector load at {@code slotIn[s] + tapOff[p]}.
 *
 * <ul>
 * <li>{@link #forward}: micro-kernel of MR output channels × 2 slots (8×2 with 32 vector
 *     registers, 4×2 with 16), weights packed k-major per MR-channel sliver and broadcast,
 *     input vectors loaded straight from the padded planes. Each output is summed over
 *     {@code p} in increasing order with fused multiply-adds, then the bias is added. A full
 *     sliver whose first slot is full (LeNet's first layer: rows of 28 = 16 + 12) is stored
 *     into y by the kernel itself; other tiles are parked and copied out. Without masked stores
 *     (JDK 17) a partial slot is a whole-vector store whose spill lands on the next row, stored
 *     later, except at a plane's end, where it goes through scratch and an arraycopy.</li>
 * <li>{@link #forward} with a whole number of vector pairs of output channels per group and
 *     32 vector registers ({@link #appliesChannelLanes}; LeNet's second layer in float: 32
 *     channels, rows of 14 pixels) puts the channels in the lanes instead: a slot of 16 lanes
 *     over a 14-pixel row leaves an eighth of every FMA idle, and the slot kernel already runs
 *     near the FMA peak, so only full lanes can go faster. A micro-kernel of 2 channel vectors ×
 *     {@link #PW} pixels of one output row loads two weight vectors per tap and broadcasts each
 *     pixel's input value; the plane is parked pixel-major and transposed into y with the bias.
 *     Each output is the same chain of fused multiply-adds over {@code p} in increasing order,
 *     so the bits are those of the slot kernels.</li>
 * <li>The same with 16 vector registers (AVX2; {@link #kernelChannels16}, only for patches of at
 *     least {@link #MIN_TAPS16} taps, LeNet's second layer has 400, only from JDK 25 on, where
 *     it was measured faster, and only in float: on JDK 17, and in double, it was not): 2 channel vectors ×
 *     {@link #PW16} pixels is 12 accumulators, 2 weight vectors and one broadcast (7 pixels would
 *     need 17 registers). Six does not divide a 14-pixel row, so the tiles run over the plane in
 *     pixel order and may cross a row: each pixel's padded-input offset comes from a table
 *     ({@code Plan.pixIn}), the last tile repeats the last pixel. On the 2-core Zen 3 AVX2 machine
 *     (Temurin 25, thread CPU time) conv-lenet2 went from 4.86–4.91 to 4.37–4.51 ms; the slot
 *     kernel (4 channels × 2 slots of 8) fills 14 of 16 lanes per row. A run-of-6 variant with
 *     one base index (two range checks instead of six) was slower (6.8 ms): C2 hoisted three
 *     broadcasts at once and spilled an accumulator to the stack every tap. Since branch
 *     conv-shift that per-pixel kernel serves only row strides above 1; row stride 1 takes the
 *     next bullet.</li>
 * <li>With 16 vector registers and row stride 1 ({@link #shiftedPlanes}): <em>shifted planes</em>.
 *     {@link #shift} writes {@code kernelWidth} copies of the zero-padded image, copy {@code j}
 *     cut to the output width starting at padded column {@code j·dilationW}; the input of tap
 *     {@code (c, i, j)} at output pixel {@code v} (plane order, across rows) is then
 *     {@code xs[shiftTap[p] + v]}, the same offset for every pixel. {@link #kernelShift10} (2
 *     channel vectors × {@link #SPW} = 5 consecutive pixels) pays one table load, one add and two
 *     range checks per tap instead of a stack reload, an add and a range check per broadcast.
 *     The taps run in chunks of at most {@link #SHORT} (= 100) with the tiles swept inside each
 *     chunk and the accumulators parked in between: a chunk's weights and input rows stay in L1
 *     (the copies are five times the padded image, 80 KB per LeNet-2 image; one 400-tap sweep
 *     missed L1 and ran at 4.4–4.7 FMA/ns against 5.6 in a microbenchmark), and a loop bounded
 *     by 100 is not strip-mined by C2, which frees the registers it spilled. Same chain per
 *     output, same bits. On the 2-core Zen 3 (float, Temurin 25, thread CPU time, A/B against
 *     main alternated) conv-lenet2 went from 4.35–4.49 to 4.01–4.15 ms, LeNet-2's input gradient
 *     from 4.42–4.46 to 4.14–4.28 ms, step-lenet from 18.9–19.8 to 18.0–18.2 ms. Six pixels
 *     spilled (see {@link #kernelShift10}); JDK 17 keeps the slot kernel ({@link #LANES16}).</li>
 * <li>With 16 vector registers, stride 1 both ways and at most {@link #SHORT} taps where the channel lanes do
 *     not apply ({@link #shiftSlots}; LeNet's first layer: one input channel, 25 taps, 16 output channels,
 *     rows of 28): the slot kernel over the same shifted planes ({@link #imageShiftSlots},
 *     {@link #kernelShiftSlots}). A slot is L consecutive pixels of the flattened output plane, crossing rows,
 *     so every lane is useful (784 = 98 × 8; the row slots fill 28 of 32 lanes), each tap is one table load
 *     and one add for both slots' input loads (the row-slot {@link #kernel4} adds a row base per slot), and a
 *     full tile of a full sliver is stored straight into y's channel planes with the bias (no parking). Same
 *     chain per output as {@link #kernel4}, same bits. On the 2-core Zen 3 (thread CPU time, conv-lenet1,
 *     against main alternated) float on Temurin 25 went from 1.03–1.05 to 0.63–0.64 ms; it also gains on
 *     JDK 17 (1.01 → 0.72–0.75 ms) and in double (1.66–1.75 → 1.28 ms), so it is not gated by JDK or
 *     precision. AVX-512 (MR == 8) keeps {@link #kernel8}.</li>
 * <li>{@link #backwardInput}: for stride 1 the input gradient is the forward convolution of
 *     {@code dy} with the channel-transposed, spatially flipped weights and padding
 *     {@code d(k-1)-p}: the same kernel (needs {@code p <= d(k-1)}). With 16 vector registers
 *     that includes {@link #kernelChannels16} where {@link #appliesChannelLanes} holds for the
 *     transposed problem (LeNet's second layer in float on JDK 25: 16 input channels, 800 taps):
 *     on the AVX2 machine (Temurin 25, thread CPU time) its input gradient went from 5.05–5.17 to
 *     4.44–4.49 ms, same bits (the slot kernel fills 14 of 16 lanes of a 14-pixel row). AVX-512
 *     keeps the slot kernel here.</li>
 * <li>{@link #backwardWeight}: {@code dW(co,p) = Σ_n Σ_pixels dy(co,pixel)·col(p,pixel)}, the
 *     same GEMM with the pixels as its inner dimension: a micro-kernel of MR taps × 2 vectors of
 *     output channels broadcasts the input value of each tap at a pixel and loads the pixel's
 *     row of a pixel-major copy of {@code dy}. Each sum runs over the pixels of a fixed chunk of
 *     {@link #IMAGES_PER_CHUNK} images in order (one fused multiply-add each); the chunk sums
 *     are then added in chunk order. Any stride.</li>
 * <li>{@link #backwardWeight} with 16 vector registers, column stride 1 and JDK 25 or later
 *     ({@link #rowChunk}): the same sums, but the micro-kernel ({@link #weightKernelRows}, 4 taps ×
 *     2 channel vectors) walks the chunk one output row at a time, with dy copied panel-major
 *     (2L channels per pixel, pixels 2L apart). Inside a row every index is the row's base plus a
 *     multiple of the pixel counter, so C2 checks the ranges once per row; the per-pixel kernel
 *     ({@link #weightKernel4}) paid a range check, an offset load and an index add per broadcast.
 *     Same pixels in the same order, so the same bits. On the AVX2 machine (float, Temurin 25,
 *     thread CPU time) LeNet-2's weight gradient went from 6.05–6.23 to 5.14–5.21 ms and LeNet-1's
 *     from 1.50–1.53 to 1.24–1.25 ms (double, LeNet-2: 17.0 to 10.1 ms). 5 or 6 taps per tile
 *     spilled (see {@link #weightKernelRows}); so did two pixels per iteration (5.71–5.72 ms).
 *     Since branch conv-shift the row loop is bounded by {@link #SHORT} (rows of at most 100
 *     output pixels take this kernel), so C2 does not strip-mine it: LeNet-2 5.14–5.23 to
 *     4.69–4.91 ms, LeNet-1 1.21–1.23 to 1.17–1.19 ms (same A/B as above).</li>
 * <li>{@link #backwardWeight} with fewer output channels per group than two vectors (LeNet's
 *     first layer: 16 channels, one input channel) would waste most of that micro-kernel's
 *     columns, and the pixel-major copy of {@code dy} is a scalar transpose; there
 *     ({@link #appliesSlottedWeight}) the pixels are the vector lanes instead: {@code dy} is
 *     copied row by row into whole output slots (zeros in the masked lanes), each input tap is
 *     the same unaligned load the forward kernel makes, and a micro-kernel of CB output
 *     channels × TB taps keeps one vector of per-lane partial sums per (channel, tap). Per chunk
 *     every lane sums its pixels in a fixed order (the full slots of each image, then the
 *     partial slots of each image); the lanes are then added in lane order. Input values under
 *     a masked lane are replaced by zero before the multiply, so a NaN or infinity reaches a
 *     sum exactly when the reference's nested loops meet it.</li>
 * </ul>
 *
 * <p>Threads: forward and input gradient split over images; the weight gradient over image
 * chunks whose size depends only on the batch (on the row kernel, chunks × panels of 2L output
 * channels, see {@link #chunkOf}). Every output element is computed in the same
 * order whatever the thread count, so results are bitwise identical for any thread count.
 * Scratch (padded planes, packed weights, chunk partial sums) is per thread and reused.
 */
final class ConvImplicitF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int L = S.length();
    /** Channels per forward micro-tile: 8 when the ISA has 32 vector registers, 4 with 16. */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 4;
    /**
     * Masked vector stores are intrinsified from JDK 18 on; JDK 17 runs them lane by lane through
     * a lambda. Without them, a partial output slot or a padded row's end is a whole-vector store
     * where the lanes past the end land in memory that is written later or is zero padding (and
     * are zero there), else it goes through per-thread scratch and {@link System#arraycopy}.
     */
    private static final boolean MASKED_STORES = Runtime.version().feature() >= 18;
    /** Tests only: on the calling thread, true forces the masked ends, false the JDK 17 ends; unset, the JDK decides. */
    static final ThreadLocal<Boolean> MASKED_OVERRIDE = new ThreadLocal<>();
    /** Images per weight-gradient chunk; fixed, so partial sums never depend on the thread count. */
    static final int IMAGES_PER_CHUNK = 8;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ConvImplicitF64() {}

    /** True when the vector path is on and output rows are stride-1 runs at least half a vector wide. */
    static boolean applies(Conv2dGeometry g) {
        return Simd.ENABLED && g.strideW() == 1 && 2 * g.outWidth() >= L;
    }

    /** Output channels × taps of the slotted weight-gradient micro-tile: 4×5 with 32 vector registers, 2×4 with 16. */
    static final int CB = MR == 8 ? 4 : 2, TB = MR == 8 ? 5 : 4;

    /**
     * True when {@link #backwardWeight} takes the slotted path: forward-style output slots
     * ({@link #applies}) and fewer output channels per group than the packed kernel's two vectors.
     */
    static boolean appliesSlottedWeight(Conv2dGeometry g) {
        return applies(g) && g.outChannelsPerGroup() < 2 * L;
    }

    /** True when the vector path is on: {@link #backwardWeight} handles every geometry. */
    static boolean appliesBackwardWeight(Conv2dGeometry g) {
        return Simd.ENABLED;
    }

    /** True when {@link #backwardInput} can run as a forward convolution of {@code dy}. */
    static boolean appliesBackwardInput(Conv2dGeometry g) {
        return applies(g) && g.strideH() == 1 && 2 * g.inChannelsPerGroup() >= MR
                && g.padH() <= g.dilationH() * (g.kernelHeight() - 1)
                && g.padW() <= g.dilationW() * (g.kernelWidth() - 1)
                && 2 * g.inWidth() >= L;
    }

    /** Per-thread reusable buffers. */
    private static final class Scratch {
        final Bordered image = new Bordered();
        final Bordered chunk = new Bordered();
        double[] packed = new double[0];
        double[] partial = new double[0];
        int[] xOffs = new int[0];
        double[] dyT = new double[0];
        /** Channel-lane forward with 16 registers: the shifted planes ({@link #shift}); only their interior is written. */
        final Bordered shifted = new Bordered();
        /** Channel-lane forward: one output plane of 2L channels, pixel-major. */
        double[] planeT = new double[0];
        /** Slotted weight gradient: dy in slot layout (channel-major) and the masked-lane count per entry. */
        double[] dyS = new double[0];
        int[] valid = new int[0];
        /** Parked accumulators of one micro-tile (MR×2 vectors, both kernels). */
        final double[] tile = new double[Math.max(2 * MR, CB * TB) * L];
    }

    /**
     * A buffer of zero-bordered planes that remembers for which plan and how far it is zeroed:
     * the borders (and masked lanes) are never written, so they stay zero while the plan stays.
     */
    private static final class Bordered {
        double[] buf = new double[0];
        Plan layout;
        int zeroed;

        double[] get(Plan plan, int size) {
            if (buf.length < size) {
                buf = new double[size];
                layout = plan;
                zeroed = size;
            } else if (layout != plan || zeroed < size) {
                Arrays.fill(buf, 0, size, 0);
                layout = plan;
                zeroed = size;
            }
            return buf;
        }
    }

    /**
     * Offsets that depend only on the geometry: the tap table and the output slots. The slots
     * assume column stride 1 and are used only by the forward kernel ({@link #applies}); the
     * weight gradient, which takes any stride, uses the tap table and the padded layout.
     */
    private static final class Plan {
        final Conv2dGeometry g;
        final int hp, wp, planeIn, paddedImage;
        final int[] tapOff;
        final int[] slotIn, slotOut, slotValid;
        /** The slots with every lane valid first, then the partial ones (the slotted weight gradient's order). */
        final int[] fullFirst;
        final int fullSlots;

        Plan(Conv2dGeometry g) {
            this.g = g;
            hp = g.inHeight() + 2 * g.padH();
            wp = g.inWidth() + 2 * g.padW();
            planeIn = hp * wp;
            // Slack of one vector: the masked lanes of a row's last slot read past the last plane.
            paddedImage = g.inChannelsPerGroup() * planeIn + L;
            tapOff = new int[g.patchSize()];
            int p = 0;
            for (int c = 0; c < g.inChannelsPerGroup(); c++) {
                for (int i = 0; i < g.kernelHeight(); i++) {
                    for (int j = 0; j < g.kernelWidth(); j++) {
                        tapOff[p++] = c * planeIn + i * g.dilationH() * wp + j * g.dilationW();
                    }
                }
            }
            int perRow = (g.outWidth() + L - 1) / L;
            int slots = g.outHeight() * perRow;
            slotIn = new int[slots];
            slotOut = new int[slots];
            slotValid = new int[slots];
            int s = 0;
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow += L, s++) {
                    slotIn[s] = oh * g.strideH() * wp + ow;
                    slotOut[s] = oh * g.outWidth() + ow;
                    slotValid[s] = Math.min(L, g.outWidth() - ow);
                }
            }
            fullFirst = new int[slots];
            int f = 0;
            for (int t = 0; t < slots; t++) {
                if (slotValid[t] == L) fullFirst[f++] = t;
            }
            fullSlots = f;
            for (int t = 0; t < slots; t++) {
                if (slotValid[t] < L) fullFirst[f++] = t;
            }
        }

        int slots() {
            return slotIn.length;
        }

        private int[] shiftTap;

        /** Floats per shifted copy ({@link #shift}): channels × padded rows × output width. */
        int copyStride() {
            return g.inChannelsPerGroup() * hp * g.outWidth();
        }

        /**
         * Tap offsets into the shifted planes ({@link #shift}, row stride 1): tap {@code p = (c, i, j)}
         * of output pixel {@code v} (plane order, across rows) reads {@code xs[shiftTap[p] + v]}.
         */
        int[] shiftTap() {
            if (shiftTap == null) {
                int ow = g.outWidth(), cs = copyStride();
                int[] a = new int[g.patchSize()];
                int p = 0;
                for (int c = 0; c < g.inChannelsPerGroup(); c++) {
                    for (int i = 0; i < g.kernelHeight(); i++) {
                        for (int j = 0; j < g.kernelWidth(); j++) {
                            a[p++] = j * cs + (c * hp + i * g.dilationH()) * ow;
                        }
                    }
                }
                shiftTap = a;
            }
            return shiftTap;
        }

        private int[] pixIn;

        /**
         * Padded-input offset of each output pixel in plane order (column stride 1), then
         * {@link #PW16} copies of the last one: a plane's last tile recomputes that pixel, and its
         * extra outputs land past the plane in the parked buffer.
         */
        int[] pixIn() {
            if (pixIn == null) {
                int ow = g.outWidth(), ohw = g.outputPlane();
                int[] a = new int[ohw + PW16];
                for (int i = 0; i < a.length; i++) {
                    int px = Math.min(i, ohw - 1);
                    a[i] = px / ow * g.strideH() * wp + px % ow;
                }
                pixIn = a;
            }
            return pixIn;
        }
    }

    private static final ThreadLocal<PlanCache<Plan>> PLANS = ThreadLocal.withInitial(() -> new PlanCache<>(4));

    /** The plan for {@code g}, from a small per-thread cache (a training step reuses a few geometries). */
    private static Plan plan(Conv2dGeometry g) {
        return PLANS.get().get(g, Plan::new);
    }

    /** {@code y = conv2d(x, w) + bias} for {@link #applies} geometries; overwrites y. */
    static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                        double[] bias, int biasOff, double[] y, int yOff) {
        if (appliesChannelLanes(g) && !FORCE_SLOTS.get()) {
            double[] packed = packWeights(g, w, wOff, false, null, 2 * L);
            run(plan(g), true, false, x, xOff, packed, bias, biasOff, y, yOff);
            return;
        }
        double[] packed = packWeights(g, w, wOff, false, null);
        run(plan(g), false, shiftSlots(g) && !FORCE_SLOTS.get(), x, xOff, packed, bias, biasOff, y, yOff);
    }

    /** Whether {@link #kernel8} stores full-sliver tiles into y itself (else parks them for {@link #storeTile}). */
    private static final boolean DIRECT_STORES = true;
    /** Tests only: on the calling thread, overrides {@link #DIRECT_STORES}. */
    static final ThreadLocal<Boolean> DIRECT_OVERRIDE = new ThreadLocal<>();

    /** Tests only: set on the calling thread to run {@link #forward} through the slot kernels on every geometry. */
    static final ThreadLocal<Boolean> FORCE_SLOTS = ThreadLocal.withInitial(() -> false);

    /** Output pixels per channel-lane micro-tile (along one output row). */
    static final int PW = 7;

    /**
     * True when {@link #forward} takes the channel-lane kernel: the group's output channels a
     * whole number of vector pairs (LeNet's second layer in float: 32 channels), so every lane
     * does useful work whatever the output width. With 32 vector registers that is enough
     * ({@link #kernelChannels}); with 16 ({@link #kernelChannels16}) the patch must also have
     * at least {@link #MIN_TAPS16} taps, because there the parked plane's transpose is not
     * paid back on short sums (LeNet's first layer, 25 taps, measured 1.04 → 1.25 ms on AVX2 in JMH),
     * and the JDK must be 25 or later and the vector 8 lanes or more ({@link #LANES16}).
     */
    static boolean appliesChannelLanes(Conv2dGeometry g) {
        return applies(g) && g.outChannelsPerGroup() % (2 * L) == 0
                && (MR == 8 || lanes16() && g.patchSize() >= MIN_TAPS16);
    }

    /**
     * Whether 16-register ISAs may take the channel-lane forward: from JDK 25 on. JDK 17's C2
     * compiles {@link #kernelChannels16} with two more range checks (the weight loads) and a
     * stack store and reload per tap, and conv-lenet2 measured 5.32–5.53 ms against the slot
     * kernel's 5.00–5.02 (thread CPU time); on Temurin 25 it is 4.37–4.51 against 4.86–4.91.
     * JDKs 18 to 24 were not measured, so they keep the slot kernel. Also only at 8 lanes or
     * more (float on AVX2): in double (4 lanes) on Temurin 25 LeNet's second layer's shape
     * measured 10.08–10.44 ms against the slot kernel's 9.97–10.02 (144 taps: 4.03–4.04 against
     * 4.11–4.27), no clear gain, so doubles keep the slot kernel.
     */
    private static final boolean LANES16 = Runtime.version().feature() >= 25 && L >= 8;
    /** Tests only: on the calling thread, overrides {@link #LANES16} (any JDK, any lane count). */
    static final ThreadLocal<Boolean> LANES16_OVERRIDE = new ThreadLocal<>();

    private static boolean lanes16() {
        Boolean override = LANES16_OVERRIDE.get();
        return override == null ? LANES16 : override;
    }

    /** Pixels per channel-lane micro-tile with 16 vector registers: 2×6 accumulators, 2 weights, 1 broadcast. */
    static final int PW16 = 6;
    /**
     * Fewest taps per output for which 16-register ISAs take the channel-lane forward. Measured on
     * AVX2 (float, [64,C,14,14] inputs, 3×3 kernels, padding 1, thread CPU time, slots against
     * channel lanes): 144 taps 2.08–2.12 against 1.85–1.92 ms, 72 taps 1.12–1.19 against
     * 1.15–1.16 ms (even), 36 taps even; LeNet's first layer (25 taps, 28-pixel rows) was slower.
     */
    static final int MIN_TAPS16 = 128;

    /**
     * One image through {@link #kernelChannels}: tiles of 2L output channels × {@link #PW}
     * pixels of one output row, parked pixel-major for the whole plane, then transposed into y's
     * channel planes with the bias (one long loop per channel instead of one short one per tile).
     */
    private static void imageChannels(Plan plan, int n, double[] x, int xOff, double[] packed, double[] bias,
                                      int biasOff, double[] y, int yOff) {
        Conv2dGeometry g = plan.g;
        int k = g.patchSize();
        int coutG = g.outChannelsPerGroup();
        int blocks = coutG / (2 * L);
        int ohw = g.outputPlane(), ow = g.outWidth();
        Scratch scratch = SCRATCH.get();
        boolean shifted = MR == 4 && shiftedPlanes(g);
        double[] xp = shifted ? null : scratch.image.get(plan, plan.paddedImage);
        // A row's last tile may spill up to PW-1 pixels into the next row (overwritten later) or past the plane.
        int size = (ohw + PW) * 2 * L;
        if (scratch.planeT.length < size) {
            scratch.planeT = new double[size];
        }
        double[] planeT = scratch.planeT;
        int[] pixIn = MR == 4 && !shifted ? plan.pixIn() : null;
        int[] shiftTap = shifted ? plan.shiftTap() : null;
        double[] xs = shifted ? scratch.shifted.get(plan, g.kernelWidth() * plan.copyStride() + SPW) : null;
        // Tap chunks of at most SHORT taps, as even as possible (LeNet-2: 4 × 100 forward, 8 × 100 input gradient).
        int chunks = (k + SHORT - 1) / SHORT, kc = (k + chunks - 1) / chunks;
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane();
            if (shifted) {
                shift(plan, x, xg, xs);
            } else {
                pad(plan, x, xg, xp, 0);
            }
            for (int b = 0; b < blocks; b++) {
                int co0 = grp * coutG + b * 2 * L;
                int wq = (grp * blocks + b) * k * 2 * L;
                if (shifted) {
                    // Chunk-major: a chunk's weights and input rows stay in L1 while the tiles sweep the plane;
                    // each tile's accumulators are parked in planeT between chunks (same chain, same bits).
                    for (int p0 = 0; p0 < k; p0 += kc) {
                        int n0 = Math.min(kc, k - p0);
                        for (int v = 0; v < ohw; v += SPW) {
                            kernelShift10(n0, packed, wq + p0 * 2 * L, shiftTap, p0, xs, v, planeT, v * 2 * L, p0 == 0);
                        }
                    }
                    storeChannels(planeT, ohw, y, yOff + (n * g.outChannels() + co0) * ohw, bias, biasOff + co0);
                    continue;
                }
                if (MR == 4) {
                    // 16 registers: tiles of PW16 pixels in plane order, crossing rows (the last one clamped).
                    for (int i = 0; i < ohw; i += PW16) {
                        kernelChannels16(k, packed, wq, plan.tapOff, xp, pixIn[i], pixIn[i + 1], pixIn[i + 2],
                                pixIn[i + 3], pixIn[i + 4], pixIn[i + 5], planeT, i * 2 * L);
                    }
                    storeChannels(planeT, ohw, y, yOff + (n * g.outChannels() + co0) * ohw, bias, biasOff + co0);
                    continue;
                }
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    int in = oh * g.strideH() * plan.wp;
                    for (int c0 = 0; c0 < ow; c0 += PW) {
                        kernelChannels(k, packed, wq, plan.tapOff, xp, in + c0, planeT, (oh * ow + c0) * 2 * L);
                    }
                }
                storeChannels(planeT, ohw, y, yOff + (n * g.outChannels() + co0) * ohw, bias, biasOff + co0);
            }
        }
    }

    /** A pixel-major plane of 2L channels ({@code planeT[pixel*2L + r]}), plus bias, into y's channel planes. */
    private static void storeChannels(double[] planeT, int plane, double[] y, int y0, double[] bias, int bi) {
        for (int r = 0; r < 2 * L; r++) {
            double b = bias == null ? 0 : bias[bi + r];
            int to = y0 + r * plane;
            for (int j = 0, from = r; j < plane; j++, from += 2 * L) {
                y[to + j] = planeT[from] + b;
            }
        }
    }

    /**
     * Channel-lane micro-kernel: 2 vectors of output channels × {@link #PW} pixels of one output
     * row starting at padded-input offset {@code in}. Per tap, two weight vectors are loaded and
     * each pixel's input value is broadcast; every output is the same fused multiply-add chain over
     * the taps in increasing order as {@link #kernel8}'s, so the bits are the same. Pixels past the
     * row's end read inside the padded buffer (its slack) and are dropped by the store.
     */
    private static void kernelChannels(int k, double[] wp, int wq, int[] tapOff, double[] xp, int in, double[] tile,
                                       int to) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00;
        for (int p = 0, q = wq; p < k; p++, q += 2 * L) {
            int t = in + tapOff[p];
            DoubleVector w0 = DoubleVector.fromArray(S, wp, q);
            DoubleVector w1 = DoubleVector.fromArray(S, wp, q + L);
            DoubleVector v = DoubleVector.broadcast(S, xp[t]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            v = DoubleVector.broadcast(S, xp[t + 1]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            v = DoubleVector.broadcast(S, xp[t + 2]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            v = DoubleVector.broadcast(S, xp[t + 3]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            v = DoubleVector.broadcast(S, xp[t + 4]);
            a40 = w0.fma(v, a40);
            a41 = w1.fma(v, a41);
            v = DoubleVector.broadcast(S, xp[t + 5]);
            a50 = w0.fma(v, a50);
            a51 = w1.fma(v, a51);
            v = DoubleVector.broadcast(S, xp[t + 6]);
            a60 = w0.fma(v, a60);
            a61 = w1.fma(v, a61);
        }
        a00.intoArray(tile, to + 0 * L);
        a01.intoArray(tile, to + 1 * L);
        a10.intoArray(tile, to + 2 * L);
        a11.intoArray(tile, to + 3 * L);
        a20.intoArray(tile, to + 4 * L);
        a21.intoArray(tile, to + 5 * L);
        a30.intoArray(tile, to + 6 * L);
        a31.intoArray(tile, to + 7 * L);
        a40.intoArray(tile, to + 8 * L);
        a41.intoArray(tile, to + 9 * L);
        a50.intoArray(tile, to + 10 * L);
        a51.intoArray(tile, to + 11 * L);
        a60.intoArray(tile, to + 12 * L);
        a61.intoArray(tile, to + 13 * L);
    }

    /**
     * {@link #kernelChannels} for 16 vector registers: 2 vectors of output channels × {@link #PW16}
     * pixels at padded-input offsets {@code o0..o5} (any pixels of the plane, so a tile may cross
     * an output row: rows of 14 pixels waste no lanes). 12 accumulators, 2 weight vectors and one
     * broadcast fill 15 of the 16 registers. Same fused multiply-add chain per output, same bits.
     *
     * <p>hsdis (Temurin 25): per tap 2 {@code vmovups}, 6 {@code vbroadcastss}, 12
     * {@code vfmadd231ps}, one range check per broadcast; five of the six offsets live on the
     * stack and are added from memory; no vector spills. The per-broadcast range checks keep the
     * broadcasts in order, which is what keeps the vector registers within 16 (see the class
     * Javadoc for the one-base variant that spilled). Also slower on conv-lenet2 (Temurin 25,
     * thread CPU time, against 4.38–4.51 ms): two taps per loop iteration (4.74–4.82 ms; more
     * broadcasts in flight), offsets as a chain of deltas {@code t += d_j} (4.72–4.74 ms), and
     * tiles of 2 × 5 pixels along a row, 5 + 5 + 4 on a 14-pixel row (4.55–4.60 ms; 14 of 15 pixel
     * columns used).
     */
    private static void kernelChannels16(int k, double[] wp, int wq, int[] tapOff, double[] xp, int o0, int o1,
                                         int o2, int o3, int o4, int o5, double[] tile, int to) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        for (int p = 0, q = wq; p < k; p++, q += 2 * L) {
            int t = tapOff[p];
            DoubleVector w0 = DoubleVector.fromArray(S, wp, q);
            DoubleVector w1 = DoubleVector.fromArray(S, wp, q + L);
            DoubleVector v = DoubleVector.broadcast(S, xp[o0 + t]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            v = DoubleVector.broadcast(S, xp[o1 + t]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            v = DoubleVector.broadcast(S, xp[o2 + t]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            v = DoubleVector.broadcast(S, xp[o3 + t]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            v = DoubleVector.broadcast(S, xp[o4 + t]);
            a40 = w0.fma(v, a40);
            a41 = w1.fma(v, a41);
            v = DoubleVector.broadcast(S, xp[o5 + t]);
            a50 = w0.fma(v, a50);
            a51 = w1.fma(v, a51);
        }
        a00.intoArray(tile, to + 0 * L);
        a01.intoArray(tile, to + 1 * L);
        a10.intoArray(tile, to + 2 * L);
        a11.intoArray(tile, to + 3 * L);
        a20.intoArray(tile, to + 4 * L);
        a21.intoArray(tile, to + 5 * L);
        a30.intoArray(tile, to + 6 * L);
        a31.intoArray(tile, to + 7 * L);
        a40.intoArray(tile, to + 8 * L);
        a41.intoArray(tile, to + 9 * L);
        a50.intoArray(tile, to + 10 * L);
        a51.intoArray(tile, to + 11 * L);
    }

    /** Pixels per tile of {@link #kernelShift10}: 2 × 5 accumulators, 2 weight vectors, up to 4 broadcasts in flight. */
    static final int SPW = 5;
    /**
     * Most taps per call of {@link #kernelShift10}. Its tap loop is bounded by this constant, so C2
     * knows it runs at most this often (under {@code LoopStripMiningIterShortLoop}, 100 by default) and
     * does not strip-mine it: no outer loop, no safepoint poll, and enough free registers that
     * nothing is spilled. A chunk's weights (100 × 64 bytes) and input rows also stay in L1.
     */
    static final int SHORT = 100;

    /**
     * Whether the 16-register channel-lane forward reads shifted planes ({@link #kernelShift10}); else it
     * takes the per-pixel offsets of {@link #kernelChannels16}.
     */
    private static final boolean SHIFTED = true;
    /** Tests only: on the calling thread, overrides {@link #SHIFTED}. */
    static final ThreadLocal<Boolean> SHIFT_OVERRIDE = new ThreadLocal<>();

    /** True when the 16-register channel-lane forward reads shifted planes: row stride 1 (column stride 1 is given). */
    private static boolean shiftedPlanes(Conv2dGeometry g) {
        Boolean override = SHIFT_OVERRIDE.get();
        return (override == null ? SHIFTED : override) && g.strideH() == 1;
    }

    /**
     * Writes the shifted planes of one image's group channels {@code x[xOff..]} into {@code xs}: copy
     * {@code j} ({@code j < kernelWidth}, {@link Plan#copyStride} floats each) holds, per channel, the
     * zero-padded planes ({@code hp} rows) cut to the output width, starting at padded column
     * {@code j·dilationW}: {@code xs[j·cs + (c·hp + r)·ow + col] = padded[c][r][col + j·dilationW]}.
     * Rows are {@code ow} wide, so with row stride 1 output pixel {@code v = oh·ow + ow'} of tap
     * {@code (c, i, j)} reads {@code xs[shiftTap[p] + v]}: the same offset for every pixel, and a tile
     * may cross rows. Only the interior is written; the zero border and slack stay zero
     * ({@link Bordered}). LeNet-2: 5 × 16 × 18 × 14 floats (80 KB) per image.
     */
    private static void shift(Plan plan, double[] x, int xOff, double[] xs) {
        Conv2dGeometry g = plan.g;
        int h = g.inHeight(), w = g.inWidth(), ow = g.outWidth(), hp = plan.hp, cs = plan.copyStride();
        for (int j = 0; j < g.kernelWidth(); j++) {
            int shift = j * g.dilationW() - g.padW(); // input column of output column col
            int lo = Math.max(0, -shift), len = Math.min(ow, w - shift) - lo;
            if (len <= 0) {
                continue;
            }
            for (int c = 0; c < g.inChannelsPerGroup(); c++) {
                int from = xOff + c * h * w + lo + shift;
                int to = j * cs + (c * hp + g.padH()) * ow + lo;
                if (len >= L && len <= 2 * L) {
                    // LeNet (runs of 12-14 at 8 lanes): two vectors, the second overlapping, no loop.
                    for (int r = 0; r < h; r++, from += w, to += ow) {
                        DoubleVector a = DoubleVector.fromArray(S, x, from);
                        DoubleVector b = DoubleVector.fromArray(S, x, from + len - L);
                        a.intoArray(xs, to);
                        b.intoArray(xs, to + len - L);
                    }
                    continue;
                }
                for (int r = 0; r < h; r++, from += w, to += ow) {
                    int i = 0;
                    for (; i <= len - L; i += L) {
                        DoubleVector.fromArray(S, x, from + i).intoArray(xs, to + i);
                    }
                    if (i < len && len >= L) {
                        DoubleVector.fromArray(S, x, from + len - L).intoArray(xs, to + len - L);
                        continue;
                    }
                    for (; i < len; i++) {
                        xs[to + i] = x[from + i];
                    }
                }
            }
        }
    }

    /**
     * {@link #kernelChannels16} over shifted planes ({@link #shift}): 2 vectors of output channels ×
     * {@link #SPW} consecutive pixels {@code v0..v0+4} of the plane (crossing rows freely), taps
     * {@code pb..pb+n-1}; tap {@code p} reads {@code xs[shiftTap[p] + v0 + 0..4]}, one table load, one
     * add and two range checks per tap (C2 merges the checks of constant offsets from one base).
     * The accumulators start at zero ({@code first}) or from {@code tile[to..]}, where the previous
     * chunk parked them, so each output is the same fused multiply-add chain over the taps in
     * increasing order as {@link #kernel4}'s: the same bits. Pixels past the plane (the last tile)
     * read the slack or the next plane and land past the plane in {@code tile}.
     *
     * <p>hsdis (Temurin 25) of the tap loop: 2 {@code vmovups}, 5 {@code vbroadcastss} (issued in
     * pairs), 10 {@code vfmadd231ps}, the table load and add, two range checks, no vector spill, no
     * strip-mining; about 29 instructions per 10 FMAs. Measured on the Zen 3 (float, thread CPU time):
     * about 5.5–5.6 FMA/ns against the 6.4 peak (the per-pixel kernel: about 4.9).
     *
     * <p>Tried and dropped (conv-lenet2, Temurin 25, thread CPU time, main 4.4–4.6 ms in the same runs):
     * <ul>
     * <li>2 × 6 pixels with one base index: C2 schedules the broadcasts of a tap in pairs or threes,
     *     12 accumulators + 2 weights + 3 broadcasts is 17 registers, one accumulator went through
     *     the stack every tap: 8.3 ms.</li>
     * <li>2 × 6 with the pixels split 3 + 3 over two table entries per tap (two range-check groups,
     *     at most two broadcasts in flight, 16 registers): no vector spill, but about 40 instructions
     *     per tap and, strip-mined, the loop counter on the stack: 5.1–5.9 ms.</li>
     * <li>The tile loop inside the kernel (one call per chunk): C2 hoisted all five broadcasts and
     *     spilled two accumulators: 11.7 ms. Two tiles per call, one loop after the other: 6.0 ms.</li>
     * <li>All 400 taps in one sweep (no chunks): 4.8–5.2 ms, L1 misses (see the class Javadoc).</li>
     * <li>Two taps per loop iteration (each with its own table load, so its own range checks):
     *     4.76 ms against 4.18–4.27 in the same JVMs' alternation.</li>
     * <li>Building the copies from the padded planes instead of straight from x: 0.41 ms of
     *     copying per call against 0.1.</li>
     * </ul>
     * JDK 17 (forced on): no vector spill either, but the weight loads keep two range checks and the
     * weight index is carried through an xmm register ({@code vmovd} both ways every tap):
     * conv-lenet2 5.76 ms against the slot kernel's 5.07, so the JDK 25 gate stays.
     */
    private static void kernelShift10(int n, double[] wp, int wq, int[] shiftTap, int pb, double[] xs, int v0,
                                      double[] tile, int to, boolean first) {
        DoubleVector a00, a01, a10, a11, a20, a21, a30, a31, a40, a41;
        if (first) {
            a00 = DoubleVector.zero(S);
            a01 = a00;
            a10 = a00;
            a11 = a00;
            a20 = a00;
            a21 = a00;
            a30 = a00;
            a31 = a00;
            a40 = a00;
            a41 = a00;
        } else {
            a00 = DoubleVector.fromArray(S, tile, to + 0 * L);
            a01 = DoubleVector.fromArray(S, tile, to + 1 * L);
            a10 = DoubleVector.fromArray(S, tile, to + 2 * L);
            a11 = DoubleVector.fromArray(S, tile, to + 3 * L);
            a20 = DoubleVector.fromArray(S, tile, to + 4 * L);
            a21 = DoubleVector.fromArray(S, tile, to + 5 * L);
            a30 = DoubleVector.fromArray(S, tile, to + 6 * L);
            a31 = DoubleVector.fromArray(S, tile, to + 7 * L);
            a40 = DoubleVector.fromArray(S, tile, to + 8 * L);
            a41 = DoubleVector.fromArray(S, tile, to + 9 * L);
        }
        int m = Math.min(n, SHORT); // n <= SHORT; the bound is what keeps C2 from strip-mining the loop
        for (int p = 0, q = wq; p < m; p++, q += 2 * L) {
            int t = shiftTap[pb + p] + v0;
            DoubleVector w0 = DoubleVector.fromArray(S, wp, q);
            DoubleVector w1 = DoubleVector.fromArray(S, wp, q + L);
            DoubleVector v = DoubleVector.broadcast(S, xs[t]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            v = DoubleVector.broadcast(S, xs[t + 1]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            v = DoubleVector.broadcast(S, xs[t + 2]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            v = DoubleVector.broadcast(S, xs[t + 3]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            v = DoubleVector.broadcast(S, xs[t + 4]);
            a40 = w0.fma(v, a40);
            a41 = w1.fma(v, a41);
        }
        a00.intoArray(tile, to + 0 * L);
        a01.intoArray(tile, to + 1 * L);
        a10.intoArray(tile, to + 2 * L);
        a11.intoArray(tile, to + 3 * L);
        a20.intoArray(tile, to + 4 * L);
        a21.intoArray(tile, to + 5 * L);
        a30.intoArray(tile, to + 6 * L);
        a31.intoArray(tile, to + 7 * L);
        a40.intoArray(tile, to + 8 * L);
        a41.intoArray(tile, to + 9 * L);
    }

    /**
     * Whether 16-register ISAs run the slot kernel over shifted planes ({@link #imageShiftSlots}) where it
     * applies ({@link #shiftSlots}). On every JDK and in both precisions: on the AVX2 machine (thread CPU time,
     * conv-lenet1's shape, against the row-slot {@link #kernel4}) float on Temurin 25 1.03–1.05 → 0.63 ms,
     * float on JDK 17 1.01 → 0.72–0.75 ms, double on Temurin 25 1.66–1.75 → 1.28 ms.
     */
    private static final boolean SHIFT_SLOTS = true;
    /** Tests only: on the calling thread, overrides {@link #SHIFT_SLOTS}. */
    static final ThreadLocal<Boolean> SHIFT_SLOTS_OVERRIDE = new ThreadLocal<>();

    /**
     * True when the slot kernel reads shifted planes ({@link #imageShiftSlots}): 16 vector registers, stride 1
     * both ways, at most {@link #SHORT} taps (LeNet's first layer: 25), and not the channel-lane kernel.
     * Measured on the AVX2 machine (float, Temurin 25, thread CPU time, row slots → shifted slots):
     * [64,1,28,28]·3×3·16 0.69 → 0.36 ms, [64,8,14,14]·3×3·16 0.60 → 0.42, [16,3,64,64]·3×3·8 0.55 → 0.50,
     * [64,3,32,32]·5×5·16 (75 taps) 2.32 → 2.19, and even at the bound: [64,4,32,32]·5×5·16 (100 taps, 92 KB
     * of copies per image, past L1) 3.04 → 3.09.
     */
    static boolean shiftSlots(Conv2dGeometry g) {
        Boolean override = SHIFT_SLOTS_OVERRIDE.get();
        return MR == 4 && (override == null ? SHIFT_SLOTS : override) && applies(g) && g.strideH() == 1
                && g.patchSize() <= SHORT && !appliesChannelLanes(g);
    }

    /** Slots (runs of L consecutive output pixels of the plane) per tile of {@link #kernelShiftSlots}. */
    static final int SSL = 2;

    /**
     * One image through {@link #kernelShiftSlots}: the shifted planes ({@link #shift}) of each group, then for
     * each MR-channel sliver tiles of {@link #SSL} slots of L consecutive pixels of the flattened output plane
     * (crossing rows; LeNet-1: 784 = 98 × 8, every lane useful). Full tiles of full slivers are stored into y
     * by the kernel; the plane's last tile and partial slivers are parked and stored lane by lane.
     */
    private static void imageShiftSlots(Plan plan, int n, double[] x, int xOff, double[] packed, double[] bias,
                                        int biasOff, double[] y, int yOff) {
        Conv2dGeometry g = plan.g;
        int k = g.patchSize();
        int coutG = g.outChannelsPerGroup();
        int slivers = (coutG + MR - 1) / MR;
        int ohw = g.outputPlane();
        Scratch scratch = SCRATCH.get();
        double[] tile = scratch.tile;
        int[] shiftTap = plan.shiftTap();
        // Slack: the plane's last tile reads up to SSL*L pixels past the plane.
        double[] xs = scratch.shifted.get(plan, g.kernelWidth() * plan.copyStride() + SSL * L);
        for (int grp = 0; grp < g.groups(); grp++) {
            shift(plan, x, xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane(), xs);
            for (int s = 0; s < slivers; s++) {
                int co0 = grp * coutG + s * MR;
                int mr = Math.min(MR, coutG - s * MR);
                int wq = (grp * slivers + s) * k * MR;
                int yBase = yOff + (n * g.outChannels() + co0) * ohw;
                int bi = biasOff + co0;
                int v0 = 0;
                if (mr == MR) {
                    for (; v0 + SSL * L <= ohw; v0 += SSL * L) {
                        kernelShiftSlots(k, packed, wq, shiftTap, xs, v0, y, yBase + v0, ohw, bias, bi, tile);
                    }
                }
                for (; v0 < ohw; v0 += SSL * L) {
                    kernelShiftSlots(k, packed, wq, shiftTap, xs, v0, null, 0, 0, null, 0, tile);
                    for (int r = 0; r < mr; r++) {
                        double b = bias == null ? 0 : bias[bi + r];
                        int to = yBase + r * ohw;
                        for (int v = v0, from = r * SSL * L; v < Math.min(ohw, v0 + SSL * L); v++, from++) {
                            y[to + v] = tile[from] + b;
                        }
                    }
                }
            }
        }
    }

    /**
     * The 4 × {@link #SSL} slot micro-kernel over shifted planes ({@link #shift}): MR = 4 output channels
     * (weights broadcast from the packed sliver, as in {@link #kernel4}) × 2 slots of L consecutive pixels
     * {@code v0..v0+2L-1} of the flattened output plane (crossing rows); tap {@code p} reads
     * {@code xs[shiftTap[p] + v0]} and {@code xs[shiftTap[p] + v0 + L]}: one table load and one add per tap,
     * a constant offset between the slots. Each output is the same fused multiply-add chain over the taps in
     * increasing order as {@link #kernel4}'s, plus the bias once, so the bits are the same. With {@code y} it
     * adds the bias ({@code 0} when {@code bias} is null, as {@link #storeSlot} does: {@code -0} becomes
     * {@code +0} the same way) and stores slot {@code j} of channel {@code r} at {@code y[yAt + r·plane + j·L]};
     * else it parks channel {@code r}'s slots at {@code tile[(2r + j)·L]}, without bias.
     *
     * <p>The tap loop is bounded by {@link #SHORT} (only patches of at most that many taps come here), so C2
     * does not strip-mine it. Disassembly (Temurin 25, float) of the loop: the table load and add, two
     * {@code vmovups} with a range check each, 4 {@code vbroadcastss} (issued in pairs), 8 {@code vfmadd231ps},
     * 23 instructions, no spill. Tried and dropped: 4 × 3 slots (12 accumulators, 3 input vectors): C2 issues
     * the broadcasts in pairs, 17 registers, and it kept accumulators on the stack with a store and a reload
     * every tap: conv-lenet1 0.99–1.13 ms against this kernel's 0.63 (thread CPU time). 8 channels × 1 slot
     * (8 accumulators, weights packed in slivers of 8, one input load and 8 broadcasts per tap): 0.743–0.747 ms
     * against 0.631–0.665 in the same alternation.
     */
    private static void kernelShiftSlots(int n, double[] wp, int wq, int[] shiftTap, double[] xs, int v0, double[] y,
                                         int yAt, int plane, double[] bias, int bi, double[] tile) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00,
                a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int m = Math.min(n, SHORT); // n <= SHORT; the bound keeps C2 from strip-mining the loop
        for (int p = 0, q = wq; p < m; p++, q += 4) {
            int t = shiftTap[p] + v0;
            DoubleVector b0 = DoubleVector.fromArray(S, xs, t);
            DoubleVector b1 = DoubleVector.fromArray(S, xs, t + L);
            DoubleVector w = DoubleVector.broadcast(S, wp[q]);
            a00 = w.fma(b0, a00);
            a01 = w.fma(b1, a01);
            w = DoubleVector.broadcast(S, wp[q + 1]);
            a10 = w.fma(b0, a10);
            a11 = w.fma(b1, a11);
            w = DoubleVector.broadcast(S, wp[q + 2]);
            a20 = w.fma(b0, a20);
            a21 = w.fma(b1, a21);
            w = DoubleVector.broadcast(S, wp[q + 3]);
            a30 = w.fma(b0, a30);
            a31 = w.fma(b1, a31);
        }
        if (y != null) {
            double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            if (bias != null) {
                c0 = bias[bi];
                c1 = bias[bi + 1];
                c2 = bias[bi + 2];
                c3 = bias[bi + 3];
            }
            a00.add(c0).intoArray(y, yAt);
            a01.add(c0).intoArray(y, yAt + L);
            a10.add(c1).intoArray(y, yAt + plane);
            a11.add(c1).intoArray(y, yAt + plane + L);
            a20.add(c2).intoArray(y, yAt + 2 * plane);
            a21.add(c2).intoArray(y, yAt + 2 * plane + L);
            a30.add(c3).intoArray(y, yAt + 3 * plane);
            a31.add(c3).intoArray(y, yAt + 3 * plane + L);
            return;
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
    }

    /** {@code dx = conv_transpose(dy, w)} for {@link #appliesBackwardInput} geometries; overwrites dx. */
    static void backwardInput(Conv2dGeometry g, double[] dy, int dyOff, double[] w, int wOff, double[] dx, int dxOff) {
        Conv2dGeometry t = Conv2dGeometry.of(g.outputShape(),
                new int[] {g.inChannels(), g.outChannelsPerGroup(), g.kernelHeight(), g.kernelWidth()},
                1, 1, g.dilationH() * (g.kernelHeight() - 1) - g.padH(), g.dilationW() * (g.kernelWidth() - 1) - g.padW(),
                g.dilationH(), g.dilationW(), g.groups());
        if (MR == 4 && appliesChannelLanes(t) && !FORCE_SLOTS.get()) {
            // 16 registers: the channel-lane kernel, as in forward (AVX-512 keeps the slot kernel here).
            double[] lanes = packWeights(t, w, wOff, true, g, 2 * L);
            run(plan(t), true, false, dy, dyOff, lanes, null, 0, dx, dxOff);
            return;
        }
        double[] packed = packWeights(t, w, wOff, true, g);
        run(plan(t), false, shiftSlots(t) && !FORCE_SLOTS.get(), dy, dyOff, packed, null, 0, dx, dxOff);
    }

    /**
     * Runs the forward kernel over all images, split over threads by image: the channel-lane one with
     * {@code channels}, else the slot kernel, over shifted planes ({@link #imageShiftSlots}) with {@code shifted}.
     */
    private static void run(Plan plan, boolean channels, boolean shifted, double[] x, int xOff, double[] packed,
                            double[] bias, int biasOff, double[] y, int yOff) {
        Conv2dGeometry g = plan.g;
        long flops = 2L * g.outputSize() * g.patchSize();
        if (Parallel.worthSplitting(flops) && g.batch() > 1) {
            Parallel.parallelFor(g.batch(), n -> imageOf(channels, shifted, plan, n, x, xOff, packed, bias, biasOff, y, yOff));
        } else {
            for (int n = 0; n < g.batch(); n++) {
                imageOf(channels, shifted, plan, n, x, xOff, packed, bias, biasOff, y, yOff);
            }
        }
    }

    private static void imageOf(boolean channels, boolean shifted, Plan plan, int n, double[] x, int xOff, double[] packed,
                                double[] bias, int biasOff, double[] y, int yOff) {
        if (channels) {
            imageChannels(plan, n, x, xOff, packed, bias, biasOff, y, yOff);
        } else if (shifted) {
            imageShiftSlots(plan, n, x, xOff, packed, bias, biasOff, y, yOff);
        } else {
            image(plan, n, x, xOff, packed, bias, biasOff, y, yOff);
        }
    }

    private static void image(Plan plan, int n, double[] x, int xOff, double[] packed, double[] bias, int biasOff,
                              double[] y, int yOff) {
        Conv2dGeometry g = plan.g;
        boolean masked = masked();
        Boolean override = DIRECT_OVERRIDE.get();
        boolean direct = MR == 8 && (override == null ? DIRECT_STORES : override);
        int k = g.patchSize();
        int coutG = g.outChannelsPerGroup();
        int slivers = (coutG + MR - 1) / MR;
        int ohw = g.outputPlane();
        Scratch scratch = SCRATCH.get();
        double[] xp = scratch.image.get(plan, plan.paddedImage);
        double[] tile = scratch.tile;
        for (int grp = 0; grp < g.groups(); grp++) {
            pad(plan, x, xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane(), xp, 0);
            for (int s = 0; s < slivers; s++) {
                int co0 = grp * coutG + s * MR;
                int mr = Math.min(MR, coutG - s * MR);
                int wq = (grp * slivers + s) * k * MR;
                int yBase = yOff + (n * g.outChannels() + co0) * ohw;
                for (int t = 0; t < plan.slots(); t += 2) {
                    int t1 = Math.min(t + 1, plan.slots() - 1);
                    int v1 = t1 == t ? 0 : plan.slotValid[t1];
                    if (direct && mr == MR && plan.slotValid[t] == L) {
                        // Full sliver, full first slot: the kernel adds the bias and stores into y itself.
                        kernel8(k, packed, wq, plan.tapOff, xp, plan.slotIn[t], plan.slotIn[t1], tile,
                                y, yBase, plan.slotOut[t], plan.slotOut[t1], ohw, v1, bias, biasOff + co0);
                        continue;
                    }
                    if (MR == 8) {
                        kernel8(k, packed, wq, plan.tapOff, xp, plan.slotIn[t], plan.slotIn[t1], tile,
                                null, 0, 0, 0, 0, 0, null, 0);
                    } else {
                        kernel4(k, packed, wq, plan.tapOff, xp, plan.slotIn[t], plan.slotIn[t1], tile);
                    }
                    storeTile(tile, mr, y, yBase, plan.slotOut[t], plan.slotOut[t1], ohw,
                            plan.slotValid[t], v1, bias, biasOff + co0, masked);
                }
            }
        }
    }

    /**
     * Packs the weights k-major per MR-channel sliver, zero rows past the group's channels:
     * element (grp, sliver s, tap p, row r) at {@code ((grp*slivers + s)*K + p)*MR + r}. With
     * {@code transposed} the problem {@code g} is the input gradient of {@code orig}: its
     * weight (c, co, i, j) is {@code orig}'s (co, c, kH-1-i, kW-1-j).
     */
    private static double[] packWeights(Conv2dGeometry g, double[] w, int wOff, boolean transposed, Conv2dGeometry orig) {
        return packWeights(g, w, wOff, transposed, orig, MR);
    }

    /** {@link #packWeights} with slivers of {@code sliver} channels (2L for the channel-lane kernel). */
    private static double[] packWeights(Conv2dGeometry g, double[] w, int wOff, boolean transposed, Conv2dGeometry orig,
                                        int sliver) {
        int k = g.patchSize();
        int coutG = g.outChannelsPerGroup();
        int kh = g.kernelHeight(), kw = g.kernelWidth();
        int slivers = (coutG + sliver - 1) / sliver;
        Scratch scratch = SCRATCH.get();
        int size = g.groups() * slivers * k * sliver;
        if (scratch.packed.length < size) {
            scratch.packed = new double[size];
        }
        double[] dst = scratch.packed;
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int s = 0; s < slivers; s++) {
                int base = (grp * slivers + s) * k * sliver;
                for (int r = 0; r < sliver; r++) {
                    int co = s * sliver + r;
                    if (co >= coutG) {
                        for (int p = 0; p < k; p++) dst[base + p * sliver + r] = 0;
                    } else if (transposed) {
                        packFlipped(w, wOff, grp, co, orig, kh * kw, k, dst, base, sliver, r);
                    } else {
                        for (int p = 0; p < k; p++) dst[base + p * sliver + r] = w[wOff + (grp * coutG + co) * k + p];
                    }
                }
            }
        }
        return dst;
    }

    /**
     * One row {@code r} of a transposed sliver: tap {@code p = c·kk + ij} of the input-gradient
     * problem is {@code orig}'s weight (c, co) at the flipped tap {@code kk-1-ij}. Walks c and ij
     * directly: with {@code p / kk} and {@code p % kk} per element, LeNet-2's input-gradient pack
     * (12,800 weights) was the largest serial piece of the two-thread step's backward: 73 → 16 µs
     * (float, Temurin 25, thread CPU time).
     */
    private static void packFlipped(double[] w, int wOff, int grp, int co, Conv2dGeometry orig, int kk, int k,
                                    double[] dst, int base, int sliver, int r) {
        for (int c = 0, p = 0; p < k; c++) {
            int last = wOff + ((grp * orig.outChannelsPerGroup() + c) * orig.inChannelsPerGroup() + co) * kk + kk - 1;
            for (int ij = 0; ij < kk; ij++, p++) {
                dst[base + p * sliver + r] = w[last - ij];
            }
        }
    }

    /** Copies one image's group channels into the interior of the zero-bordered planes at {@code dst[dOff]}. */
    private static void pad(Plan plan, double[] x, int xOff, double[] dst, int dOff) {
        Conv2dGeometry g = plan.g;
        int h = g.inHeight(), w = g.inWidth();
        boolean masked = masked();
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int to = dOff + c * plan.planeIn + g.padH() * plan.wp + g.padW();
            int from = xOff + c * h * w;
            if (g.padW() == 0) {
                System.arraycopy(x, from, dst, to, h * w);
                continue;
            }
            for (int r = 0; r < h; r++, to += plan.wp, from += w) {
                copy(x, from, dst, to, w, masked);
            }
        }
    }

    /** True for the masked-store ends (JDK 18 on, or forced by {@link #MASKED_OVERRIDE}). */
    private static boolean masked() {
        Boolean override = MASKED_OVERRIDE.get();
        return override == null ? MASKED_STORES : override;
    }

    /**
     * Short-run copy of one row into the padded planes: a vector loop beats
     * {@link System#arraycopy}'s call overhead on rows of 14–28. The tail is one whole-vector
     * load where both vectors stay inside their arrays, then either a masked store
     * ({@code masked}) or, without masks, a whole-vector store with the lanes past the row set to
     * zero: they land in this row's right border, the next row's left border, a later row or
     * channel of this same copy (written afterwards), or the bottom border and slack, all of
     * which hold zeros. Otherwise a scalar loop.
     */
    private static void copy(double[] src, int from, double[] dst, int to, int len, boolean masked) {
        int i = 0;
        for (; i <= len - L; i += L) {
            DoubleVector.fromArray(S, src, from + i).intoArray(dst, to + i);
        }
        if (i < len && from + i + L <= src.length && to + i + L <= dst.length) {
            DoubleVector v = DoubleVector.fromArray(S, src, from + i);
            if (masked) {
                v.intoArray(dst, to + i, S.indexInRange(i, len));
            } else {
                v.blend(DoubleVector.zero(S), pastValid(len - i)).intoArray(dst, to + i);
            }
            return;
        }
        for (; i < len; i++) {
            dst[to + i] = src[from + i];
        }
    }

    /**
     * Copies the valid rows and lanes of a parked MR×2-slot tile, plus bias, into y. The
     * kernels park their accumulators in {@code tile} instead of passing vectors to a method:
     * a vector argument to a call C2 does not inline gets boxed inside the hot loop.
     */
    private static void storeTile(double[] tile, int mr, double[] y, int yBase, int out0, int out1, int plane, int v0,
                                  int v1, double[] bias, int bi, boolean masked) {
        for (int r = 0, base = yBase; r < mr; r++, base += plane) {
            double b = bias == null ? 0 : bias[bi + r];
            storeSlot(tile, 2 * r * L, b, y, base + out0, v0, base + plane, masked);
            if (v1 > 0) {
                storeSlot(tile, (2 * r + 1) * L, b, y, base + out1, v1, base + plane, masked);
            }
        }
    }

    /**
     * One parked accumulator plus bias into {@code valid} lanes of y, whose channel plane ends
     * at {@code end}. A partial slot is a masked store ({@code masked}); without masks it is a
     * whole-vector store when its spill stays in the channel plane, where it lands on the next
     * output row's first pixels, which a later slot of the same thread stores (slots go in row
     * order, and of a tile's two slots the first is stored first); at the plane's end the sum
     * goes back into the tile and {@link System#arraycopy} copies the valid lanes. All give the same bits.
     */
    private static void storeSlot(double[] tile, int t, double b, double[] y, int off, int valid, int end,
                                  boolean masked) {
        DoubleVector sum = DoubleVector.fromArray(S, tile, t).add(b);
        if (valid == L || !masked && off + L <= end) {
            sum.intoArray(y, off);
        } else if (masked) {
            sum.intoArray(y, off, S.indexInRange(0, valid));
        } else {
            sum.intoArray(tile, t);
            System.arraycopy(tile, t, y, off, valid);
        }
    }

    /**
     * The 8×2 slot micro-kernel. With {@code y} null it parks its accumulators in {@code tile}
     * for {@link #storeTile}. Otherwise (a full sliver whose first slot is full) it adds the
     * bias and stores into y itself, without masks: the first slot whole; the second ({@code v1}
     * lanes, none when 0) whole too when its spill stays in the channel plane, where a later
     * slot overwrites it (as in {@link #storeSlot}), else through {@code tile} and
     * {@link System#arraycopy}. Same bits as the parked path: accumulator plus bias, once.
     */
    private static void kernel8(int k, double[] wp, int wq, int[] tapOff, double[] xp, int in0, int in1,
                                double[] tile, double[] y, int yBase, int out0, int out1, int plane, int v1,
                                double[] bias, int bi) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00,
                a70 = a00, a71 = a00;
        for (int p = 0, q = wq; p < k; p++, q += 8) {
            int t = tapOff[p];
            DoubleVector b0 = DoubleVector.fromArray(S, xp, in0 + t);
            DoubleVector b1 = DoubleVector.fromArray(S, xp, in1 + t);
            DoubleVector w = DoubleVector.broadcast(S, wp[q]);
            a00 = w.fma(b0, a00);
            a01 = w.fma(b1, a01);
            w = DoubleVector.broadcast(S, wp[q + 1]);
            a10 = w.fma(b0, a10);
            a11 = w.fma(b1, a11);
            w = DoubleVector.broadcast(S, wp[q + 2]);
            a20 = w.fma(b0, a20);
            a21 = w.fma(b1, a21);
            w = DoubleVector.broadcast(S, wp[q + 3]);
            a30 = w.fma(b0, a30);
            a31 = w.fma(b1, a31);
            w = DoubleVector.broadcast(S, wp[q + 4]);
            a40 = w.fma(b0, a40);
            a41 = w.fma(b1, a41);
            w = DoubleVector.broadcast(S, wp[q + 5]);
            a50 = w.fma(b0, a50);
            a51 = w.fma(b1, a51);
            w = DoubleVector.broadcast(S, wp[q + 6]);
            a60 = w.fma(b0, a60);
            a61 = w.fma(b1, a61);
            w = DoubleVector.broadcast(S, wp[q + 7]);
            a70 = w.fma(b0, a70);
            a71 = w.fma(b1, a71);
        }
        if (y != null) {
            double c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
            if (bias != null) {
                c0 = bias[bi];
                c1 = bias[bi + 1];
                c2 = bias[bi + 2];
                c3 = bias[bi + 3];
                c4 = bias[bi + 4];
                c5 = bias[bi + 5];
                c6 = bias[bi + 6];
                c7 = bias[bi + 7];
            }
            int o = yBase + out0;
            a00.add(c0).intoArray(y, o);
            a10.add(c1).intoArray(y, o + plane);
            a20.add(c2).intoArray(y, o + 2 * plane);
            a30.add(c3).intoArray(y, o + 3 * plane);
            a40.add(c4).intoArray(y, o + 4 * plane);
            a50.add(c5).intoArray(y, o + 5 * plane);
            a60.add(c6).intoArray(y, o + 6 * plane);
            a70.add(c7).intoArray(y, o + 7 * plane);
            if (v1 == 0) {
                return;
            }
            boolean whole = v1 == L || out1 + L <= plane;
            double[] to = whole ? y : tile;
            o = whole ? yBase + out1 : 0;
            int step = whole ? plane : L;
            a01.add(c0).intoArray(to, o);
            a11.add(c1).intoArray(to, o + step);
            a21.add(c2).intoArray(to, o + 2 * step);
            a31.add(c3).intoArray(to, o + 3 * step);
            a41.add(c4).intoArray(to, o + 4 * step);
            a51.add(c5).intoArray(to, o + 5 * step);
            a61.add(c6).intoArray(to, o + 6 * step);
            a71.add(c7).intoArray(to, o + 7 * step);
            if (!whole) {
                for (int r = 0; r < 8; r++) {
                    System.arraycopy(tile, r * L, y, yBase + r * plane + out1, v1);
                }
            }
            return;
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
        a40.intoArray(tile, 8 * L);
        a41.intoArray(tile, 9 * L);
        a50.intoArray(tile, 10 * L);
        a51.intoArray(tile, 11 * L);
        a60.intoArray(tile, 12 * L);
        a61.intoArray(tile, 13 * L);
        a70.intoArray(tile, 14 * L);
        a71.intoArray(tile, 15 * L);
    }

    /**
     * The 4×2 slot micro-kernel for 16 vector registers (8 accumulators): parks its sums in
     * {@code tile}. Since branch conv-l1 stride-1 patches of at most {@link #SHORT} taps (LeNet's
     * first layer) take {@link #kernelShiftSlots} instead ({@link #shiftSlots}). Tried and dropped on AVX2 (Temurin 25, conv-lenet1, thread CPU time): an
     * outer loop over kernel rows and an inner one over the row's taps, so the input loads are
     * the row's base plus the tap counter and their range checks leave the loop; 1.13–1.16 ms
     * against this kernel's 1.01 (5-tap inner loops cost more than the checks they save).
     */
    private static void kernel4(int k, double[] wp, int wq, int[] tapOff, double[] xp, int in0, int in1,
                                double[] tile) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00;
        for (int p = 0, q = wq; p < k; p++, q += 4) {
            int t = tapOff[p];
            DoubleVector b0 = DoubleVector.fromArray(S, xp, in0 + t);
            DoubleVector b1 = DoubleVector.fromArray(S, xp, in1 + t);
            DoubleVector w = DoubleVector.broadcast(S, wp[q]);
            a00 = w.fma(b0, a00);
            a01 = w.fma(b1, a01);
            w = DoubleVector.broadcast(S, wp[q + 1]);
            a10 = w.fma(b0, a10);
            a11 = w.fma(b1, a11);
            w = DoubleVector.broadcast(S, wp[q + 2]);
            a20 = w.fma(b0, a20);
            a21 = w.fma(b1, a21);
            w = DoubleVector.broadcast(S, wp[q + 3]);
            a30 = w.fma(b0, a30);
            a31 = w.fma(b1, a31);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
    }

    /**
     * {@code dw = Σ_n dy_n ⋆ x_n} for any geometry; overwrites dw. Images are
     * summed in fixed chunks, chunk sums added in chunk order (see the class Javadoc).
     */
    static void backwardWeight(Conv2dGeometry g, double[] x, int xOff, double[] dy, int dyOff, double[] dw, int dwOff) {
        Plan plan = plan(g);
        int chunks = (g.batch() + IMAGES_PER_CHUNK - 1) / IMAGES_PER_CHUNK;
        int ws = g.weightSize();
        Scratch caller = SCRATCH.get();
        if (caller.partial.length < chunks * ws) {
            caller.partial = new double[chunks * ws];
        }
        double[] partial = caller.partial;
        long flops = 2L * g.outputSize() * g.patchSize();
        boolean slotted = appliesSlottedWeight(g) && !FORCE_PACKED_WEIGHT.get();
        boolean rows = !slotted && rowWeight(g);   // decided here: the overrides are the calling thread's
        int groups = g.groups(), parts = rows ? (g.outChannelsPerGroup() + 2 * L - 1) / (2 * L) : 1;
        if (Parallel.worthSplitting(flops) && chunks * groups * parts > 1) {
            Parallel.parallelFor(chunks * groups * parts, t -> chunkOf(slotted, rows, plan, t / (groups * parts),
                    t / parts % groups, t % parts, parts, x, xOff, dy, dyOff, partial));
        } else {
            for (int t = 0; t < chunks * groups; t++) {
                chunkOf(slotted, rows, plan, t / groups, t % groups, 0, 1, x, xOff, dy, dyOff, partial);
            }
        }
        sumChunks(partial, chunks, ws, dw, dwOff);
    }

    /**
     * {@code dw[i] = partial[0][i] + partial[1][i] + …} in chunk order, one pass over dw. Pass by
     * pass (a copy, then one read-modify-write of dw per chunk) it was the second largest serial
     * piece of LeNet's two-thread step: 8 chunks of 12,800 weights 56 → 11 µs (float, Temurin 25,
     * thread CPU time).
     */
    static void sumChunks(double[] partial, int chunks, int ws, double[] dw, int dwOff) {
        int i = 0;
        for (; i <= ws - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, partial, i);
            for (int c = 1; c < chunks; c++) {
                v = v.add(DoubleVector.fromArray(S, partial, c * ws + i));
            }
            v.intoArray(dw, dwOff + i);
        }
        for (; i < ws; i++) {
            double v = partial[i];
            for (int c = 1; c < chunks; c++) {
                v += partial[c * ws + i];
            }
            dw[dwOff + i] = v;
        }
    }

    /** Tests only: set on the calling thread to run {@link #backwardWeight} through the packed kernel on every geometry. */
    static final ThreadLocal<Boolean> FORCE_PACKED_WEIGHT = ThreadLocal.withInitial(() -> false);

    /**
     * Part {@code part} of {@code parts} of one chunk and group. Split over threads, the row kernel
     * ({@code rows}) takes one task per panel of 2L output channels, else one per chunk and group:
     * LeNet-2's 8 chunks of about 0.4 ms each are then 16 tasks of 0.2 ms, so a thread that runs
     * slower than the other (its core shared, its caches colder) leaves a shorter tail. A panel's
     * sums are the same whoever computes them, so the bits do not change; each task pads its
     * chunk's images itself.
     */
    private static void chunkOf(boolean slotted, boolean rows, Plan plan, int chunk, int grp, int part, int parts,
                                double[] x, int xOff, double[] dy, int dyOff, double[] partial) {
        if (slotted) {
            slottedChunk(plan, chunk, grp, x, xOff, dy, dyOff, partial);
        } else {
            chunk(plan, rows, chunk, grp, part, parts, x, xOff, dy, dyOff, partial);
        }
    }

    /**
     * One chunk of images and one group: writes the group's rows of {@code partial[chunk]} (with
     * {@code parts > 1}, on the row kernel, only panel {@code part}'s rows).
     */
    private static void chunk(Plan plan, boolean rows, int chunk, int grp, int part, int parts, double[] x, int xOff,
                              double[] dy, int dyOff, double[] partial) {
        Conv2dGeometry g = plan.g;
        int n0 = chunk * IMAGES_PER_CHUNK;
        int images = Math.min(IMAGES_PER_CHUNK, g.batch() - n0);
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        int ohw = g.outputPlane();
        int width = (coutG + 2 * L - 1) / (2 * L) * 2 * L;   // dy row width: whole 2-vector panels
        int steps = images * ohw;
        Scratch scratch = SCRATCH.get();
        double[] xp = scratch.chunk.get(plan, IMAGES_PER_CHUNK * plan.paddedImage);
        if (scratch.dyT.length < steps * width) {
            scratch.dyT = new double[IMAGES_PER_CHUNK * ohw * width];
        }
        if (rows) {
            int panels = width / (2 * L);
            rowChunk(plan, chunk, grp, images, parts == 1 ? 0 : part, parts == 1 ? panels : part + 1, x, xOff, dy, dyOff,
                    partial, xp, scratch.dyT);
            return;
        }
        if (scratch.xOffs.length < steps) {
            scratch.xOffs = new int[IMAGES_PER_CHUNK * ohw];
        }
        double[] dyT = scratch.dyT;
        int[] xOffs = scratch.xOffs;
        for (int m = 0, q = 0; m < images; m++) {
            int n = n0 + m;
            pad(plan, x, xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane(), xp, m * plan.paddedImage);
            transpose(dy, dyOff + (n * g.outChannels() + grp * coutG) * ohw, coutG, ohw, dyT, m * ohw * width, width);
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, q++) {
                    xOffs[q] = m * plan.paddedImage + oh * g.strideH() * plan.wp + ow * g.strideW();
                }
            }
        }
        int out = chunk * g.weightSize() + grp * coutG * k;
        double[] tile = scratch.tile;
        for (int co = 0; co < coutG; co += 2 * L) {
            for (int p = 0; p < k; p += MR) {
                if (MR == 8) {
                    weightKernel8(plan.tapOff, p, k, xp, xOffs, steps, dyT, co, width, tile);
                } else {
                    weightKernel4(plan.tapOff, p, k, xp, xOffs, steps, dyT, co, width, tile);
                }
                storeWeightTile(tile, Math.min(MR, k - p), Math.min(2 * L, coutG - co), partial, out, co, k, p);
            }
        }
    }

    /** Taps per row-weight micro-tile ({@link #weightKernelRows}). */
    static final int TR = 4;

    /** Tests only: on the calling thread, overrides {@link #rowWeight} (true forces the row kernel on any ISA and JDK). */
    static final ThreadLocal<Boolean> ROW_WEIGHT_OVERRIDE = new ThreadLocal<>();

    /**
     * Whether 16-register ISAs may take the row weight kernel: from JDK 25 on. JDK 17's C2
     * compiles {@link #weightKernelRows} without keeping its vectors in registers: LeNet-2's
     * weight gradient (float) took 112 ms against the per-pixel kernel's 6.3 ms (thread CPU
     * time). JDKs 18 to 24 were not measured, so they keep the per-pixel kernel.
     */
    private static final boolean ROWS = Runtime.version().feature() >= 25;

    /**
     * Whether the packed weight gradient runs row by row ({@link #rowChunk}): with 16 vector
     * registers (AVX2), column stride 1, output rows of at most {@link #SHORT} pixels (the bound of
     * {@link #weightKernelRows}' row loop; wider rows take the per-pixel kernel, same bits) and JDK 25
     * or later ({@link #ROWS}). AVX-512 keeps {@link #weightKernel8}.
     */
    private static boolean rowWeight(Conv2dGeometry g) {
        Boolean override = ROW_WEIGHT_OVERRIDE.get();
        return g.strideW() == 1 && g.outWidth() <= SHORT && (override == null ? MR == 4 && ROWS : override);
    }

    /**
     * {@link #chunk} for {@link #rowWeight}: dy is copied panel-major (panel of 2L channels, then
     * pixel, then channel: a constant stride of 2L between pixels) and each micro-tile walks the
     * chunk one output row at a time, so inside a row every index is the row's base plus a
     * multiple of the pixel counter and C2 checks the ranges once per row instead of per load.
     * Same pixels in the same order as {@link #chunk}, so the same bits.
     */
    private static void rowChunk(Plan plan, int chunk, int grp, int images, int panelFrom, int panelTo, double[] x,
                                 int xOff, double[] dy, int dyOff, double[] partial, double[] xp, double[] dyP) {
        Conv2dGeometry g = plan.g;
        int n0 = chunk * IMAGES_PER_CHUNK;
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        int ohw = g.outputPlane(), ow = g.outWidth(), oh = g.outHeight();
        int steps = images * ohw;
        int panel = steps * 2 * L;
        Scratch scratch = SCRATCH.get();
        int rows = images * oh;
        if (scratch.xOffs.length < rows) {
            scratch.xOffs = new int[Math.max(rows, IMAGES_PER_CHUNK * ohw)];
        }
        int[] rowIn = scratch.xOffs;
        for (int m = 0, r = 0; m < images; m++) {
            int n = n0 + m;
            pad(plan, x, xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane(), xp, m * plan.paddedImage);
            transposePanels(dy, dyOff + (n * g.outChannels() + grp * coutG) * ohw, panelFrom, panelTo, coutG, ohw, dyP,
                    m * ohw * 2 * L, panel);
            for (int i = 0; i < oh; i++, r++) {
                rowIn[r] = m * plan.paddedImage + i * g.strideH() * plan.wp;
            }
        }
        int out = chunk * g.weightSize() + grp * coutG * k;
        double[] tile = scratch.tile;
        for (int co = panelFrom * 2 * L, d0 = panelFrom * panel; co < Math.min(coutG, panelTo * 2 * L); co += 2 * L, d0 += panel) {
            for (int p = 0; p < k; p += TR) {
                weightKernelRows(plan.tapOff, p, k, xp, rowIn, rows, ow, dyP, d0, tile);
                storeWeightTile(tile, Math.min(TR, k - p), Math.min(2 * L, coutG - co), partial, out, co, k, p);
            }
        }
    }

    /**
     * {@code dst[dOff + (c/2L)*panel + q*2L + c%2L] = src[c*plane + q]} for the panels {@code [from, to)}:
     * dy of one image, panel-major, pixel by pixel; lanes past {@code channels} in the last panel are not
     * written (their sums are dropped).
     */
    private static void transposePanels(double[] src, int sOff, int from, int to, int channels, int plane, double[] dst,
                                        int dOff, int panel) {
        for (int c0 = from * 2 * L, pb = dOff + from * panel; c0 < Math.min(channels, to * 2 * L); c0 += 2 * L, pb += panel) {
            int cn = Math.min(2 * L, channels - c0);
            for (int q = 0; q < plane; q++) {
                int d = pb + q * 2 * L;
                for (int c = 0; c < cn; c++) {
                    dst[d + c] = src[sOff + (c0 + c) * plane + q];
                }
            }
        }
    }

    /**
     * Row-wise weight-gradient micro-kernel for 16 vector registers: {@link #TR} taps × 2 vectors
     * of output channels (8 accumulators, 2 dy vectors and the broadcasts), summed over the
     * chunk's output rows in order, each row's pixels in order, one fused multiply-add each. Row
     * {@code r} starts at padded-input offset {@code rowIn[r]}; its dy vectors follow each other
     * at a stride of 2L from {@code d0}. Taps past {@code k} are clamped and their rows dropped by
     * the caller.
     *
     * <p>hsdis (Temurin 25): the inner loop has no range check left (they are checked once per
     * row). With 5 or 6 taps (10 or 12 accumulators) the same loop let C2 load two broadcasts
     * ahead and spill 8 accumulators to the stack every pixel: LeNet-2's weight gradient took
     * 9.7 (5 taps) and 8.6 ms (6 taps) against 5.2 ms with 4 (thread CPU time).
     *
     * <p>The row loop runs {@code min(ow, SHORT)} times ({@link #rowWeight} requires
     * {@code ow <= SHORT}): with that bound C2 knows the loop is short and does not strip-mine it.
     * hsdis (Temurin 25): the strip-mined loop recomputed its limit with a {@code cmov} chain per row
     * and reloaded dy's array base from the stack every pixel (26 instructions per 8 FMAs); the
     * bounded loop keeps everything in registers, 24 per 8 FMAs and no per-row prologue. LeNet-2's
     * weight gradient 5.14–5.23 → 4.69–4.91 ms (float, thread CPU time, A/B against main).
     */
    private static void weightKernelRows(int[] tapOff, int p, int k, double[] xp, int[] rowIn, int rows, int ow,
                                         double[] dyP, int d0, double[] tile) {
        int t0 = tapOff[p], t1 = tapOff[Math.min(p + 1, k - 1)], t2 = tapOff[Math.min(p + 2, k - 1)],
                t3 = tapOff[Math.min(p + 3, k - 1)];
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00;
        int m = Math.min(ow, SHORT); // ow <= SHORT (rowWeight); the bound keeps C2 from strip-mining the row loop
        for (int r = 0, d = d0; r < rows; r++, d += ow * 2 * L) {
            int base = rowIn[r];
            for (int j = 0; j < m; j++) {
                int dd = d + j * 2 * L;
                int xo = base + j;
                DoubleVector b0 = DoubleVector.fromArray(S, dyP, dd);
                DoubleVector b1 = DoubleVector.fromArray(S, dyP, dd + L);
                DoubleVector v = DoubleVector.broadcast(S, xp[xo + t0]);
                a00 = v.fma(b0, a00);
                a01 = v.fma(b1, a01);
                v = DoubleVector.broadcast(S, xp[xo + t1]);
                a10 = v.fma(b0, a10);
                a11 = v.fma(b1, a11);
                v = DoubleVector.broadcast(S, xp[xo + t2]);
                a20 = v.fma(b0, a20);
                a21 = v.fma(b1, a21);
                v = DoubleVector.broadcast(S, xp[xo + t3]);
                a30 = v.fma(b0, a30);
                a31 = v.fma(b1, a31);
            }
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
    }

    /** Copies a weight-gradient tile's valid taps × channels ({@code tile[r·2L + c]}) to {@code partial}, tap p + r of channel co + c. */
    private static void storeWeightTile(double[] tile, int taps, int cols, double[] partial, int out, int co, int k, int p) {
        for (int r = 0; r < taps; r++) {
            for (int c = 0; c < cols; c++) {
                partial[out + (co + c) * k + p + r] = tile[r * 2 * L + c];
            }
        }
    }

    /** {@code dst[q*width + c] = src[c*plane + q]}: dy of one image, pixel-major; columns past {@code channels} stay zero. */
    private static void transpose(double[] src, int sOff, int channels, int plane, double[] dst, int dOff, int width) {
        // Pixel by pixel, each destination row written in order while the channels' source rows
        // are read side by side: 0.7 of the time of channel by channel over the whole plane (whose
        // stores touch a new line per pixel) for 32 channels × 196 pixels, 0.9 for 16 × 784 (float,
        // Temurin 25, Zen 3, best of 3,000; the old order held 7 % of step-lenet's JFR samples).
        for (int q = 0; q < plane; q++) {
            int d = dOff + q * width;
            for (int c = 0; c < channels; c++) {
                dst[d + c] = src[sOff + c * plane + q];
            }
        }
    }

    /**
     * Weight-gradient micro-kernel: 8 taps (rows) × 2 vectors of output channels, summed over
     * every (image, pixel) of the chunk in order with one fused multiply-add each. The input value
     * of each tap is broadcast, the pixel's dy row loaded; taps past {@code k} are clamped and
     * their rows dropped by the caller.
     */
    private static void weightKernel8(int[] tapOff, int p, int k, double[] xp, int[] xOffs, int steps,
                                      double[] dyT, int co, int width, double[] tile) {
        int t0 = tapOff[p], t1 = tapOff[Math.min(p + 1, k - 1)], t2 = tapOff[Math.min(p + 2, k - 1)],
                t3 = tapOff[Math.min(p + 3, k - 1)], t4 = tapOff[Math.min(p + 4, k - 1)],
                t5 = tapOff[Math.min(p + 5, k - 1)], t6 = tapOff[Math.min(p + 6, k - 1)],
                t7 = tapOff[Math.min(p + 7, k - 1)];
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00,
                a70 = a00, a71 = a00;
        for (int q = 0, d = co; q < steps; q++, d += width) {
            int xo = xOffs[q];
            DoubleVector b0 = DoubleVector.fromArray(S, dyT, d);
            DoubleVector b1 = DoubleVector.fromArray(S, dyT, d + L);
            DoubleVector v = DoubleVector.broadcast(S, xp[xo + t0]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            v = DoubleVector.broadcast(S, xp[xo + t1]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            v = DoubleVector.broadcast(S, xp[xo + t2]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            v = DoubleVector.broadcast(S, xp[xo + t3]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
            v = DoubleVector.broadcast(S, xp[xo + t4]);
            a40 = v.fma(b0, a40);
            a41 = v.fma(b1, a41);
            v = DoubleVector.broadcast(S, xp[xo + t5]);
            a50 = v.fma(b0, a50);
            a51 = v.fma(b1, a51);
            v = DoubleVector.broadcast(S, xp[xo + t6]);
            a60 = v.fma(b0, a60);
            a61 = v.fma(b1, a61);
            v = DoubleVector.broadcast(S, xp[xo + t7]);
            a70 = v.fma(b0, a70);
            a71 = v.fma(b1, a71);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
        a40.intoArray(tile, 8 * L);
        a41.intoArray(tile, 9 * L);
        a50.intoArray(tile, 10 * L);
        a51.intoArray(tile, 11 * L);
        a60.intoArray(tile, 12 * L);
        a61.intoArray(tile, 13 * L);
        a70.intoArray(tile, 14 * L);
        a71.intoArray(tile, 15 * L);
    }

    /** {@link #weightKernel8} with 4 taps, for ISAs with 16 vector registers. */
    private static void weightKernel4(int[] tapOff, int p, int k, double[] xp, int[] xOffs, int steps,
                                      double[] dyT, int co, int width, double[] tile) {
        int t0 = tapOff[p], t1 = tapOff[Math.min(p + 1, k - 1)], t2 = tapOff[Math.min(p + 2, k - 1)],
                t3 = tapOff[Math.min(p + 3, k - 1)];
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00,
                a30 = a00, a31 = a00;
        for (int q = 0, d = co; q < steps; q++, d += width) {
            int xo = xOffs[q];
            DoubleVector b0 = DoubleVector.fromArray(S, dyT, d);
            DoubleVector b1 = DoubleVector.fromArray(S, dyT, d + L);
            DoubleVector v = DoubleVector.broadcast(S, xp[xo + t0]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            v = DoubleVector.broadcast(S, xp[xo + t1]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            v = DoubleVector.broadcast(S, xp[xo + t2]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            v = DoubleVector.broadcast(S, xp[xo + t3]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a10.intoArray(tile, 2 * L);
        a11.intoArray(tile, 3 * L);
        a20.intoArray(tile, 4 * L);
        a21.intoArray(tile, 5 * L);
        a30.intoArray(tile, 6 * L);
        a31.intoArray(tile, 7 * L);
    }

    /** Lane numbers 0..L-1, for the masked-lane test of partial slots. */
    private static final double[] IOTA = new double[L];

    static {
        for (int i = 0; i < L; i++) {
            IOTA[i] = i;
        }
    }

    /**
     * The slotted weight gradient of one chunk of images and one group (see the class Javadoc):
     * writes the group's rows of {@code partial[chunk]}.
     */
    private static void slottedChunk(Plan plan, int chunk, int grp, double[] x, int xOff, double[] dy, int dyOff,
                                     double[] partial) {
        Conv2dGeometry g = plan.g;
        int n0 = chunk * IMAGES_PER_CHUNK;
        int images = Math.min(IMAGES_PER_CHUNK, g.batch() - n0);
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        int ohw = g.outputPlane();
        int slots = plan.slots();
        int entries = images * slots;
        int stride = entries * L;                     // one output channel's slots in dyS
        Scratch scratch = SCRATCH.get();
        double[] xp = scratch.chunk.get(plan, IMAGES_PER_CHUNK * plan.paddedImage);
        if (scratch.dyS.length < coutG * stride) {
            scratch.dyS = new double[coutG * IMAGES_PER_CHUNK * slots * L];
        }
        if (scratch.xOffs.length < entries) {
            scratch.xOffs = new int[IMAGES_PER_CHUNK * slots];
        }
        if (scratch.valid.length < entries) {
            scratch.valid = new int[IMAGES_PER_CHUNK * slots];
        }
        double[] dyS = scratch.dyS;
        int[] xOffs = scratch.xOffs, valid = scratch.valid;
        for (int m = 0; m < images; m++) {
            int n = n0 + m;
            pad(plan, x, xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane(), xp, m * plan.paddedImage);
        }
        // Entries: the full slots of every image, then the partial slots of every image.
        int q = 0;
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? 0 : plan.fullSlots, to = pass == 0 ? plan.fullSlots : slots;
            for (int m = 0; m < images; m++) {
                int dyBase = dyOff + ((n0 + m) * g.outChannels() + grp * coutG) * ohw;
                for (int f = from; f < to; f++, q++) {
                    int s = plan.fullFirst[f];
                    xOffs[q] = m * plan.paddedImage + plan.slotIn[s];
                    valid[q] = plan.slotValid[s];
                    slotCopies(dy, dyBase + plan.slotOut[s], ohw, coutG, dyS, q * L, stride, plan.slotValid[s]);
                }
            }
        }
        int fullEnd = images * plan.fullSlots;
        int out = chunk * g.weightSize() + grp * coutG * k;
        double[] tile = scratch.tile;
        for (int co = 0; co < coutG; co += CB) {
            for (int p = 0; p < k; p += TB) {
                if (MR == 8) {
                    slotKernel45(dyS, co, coutG, stride, plan.tapOff, p, k, xp, xOffs, valid, fullEnd, entries, tile);
                } else {
                    slotKernel24(dyS, co, coutG, stride, plan.tapOff, p, k, xp, xOffs, valid, fullEnd, entries, tile);
                }
                int rows = Math.min(CB, coutG - co);
                int taps = Math.min(TB, k - p);
                for (int r = 0; r < rows; r++) {
                    for (int t = 0; t < taps; t++) {
                        int a = (r * TB + t) * L;
                        double sum = 0;
                        for (int l = 0; l < L; l++) {
                            sum += tile[a + l];
                        }
                        partial[out + (co + r) * k + p + t] = sum;
                    }
                }
            }
        }
    }

    /**
     * The same output slot of {@code channels} dy planes ({@code plane} apart) into whole slots
     * {@code stride} apart at {@code dst[to]}: {@code valid} elements each, the masked lanes zero.
     * One loop over the channels, so the lane mask is made once and C2 can hoist the range checks.
     */
    private static void slotCopies(double[] src, int from, int plane, int channels, double[] dst, int to, int stride,
                                   int valid) {
        if (valid == L) {
            for (int c = 0; c < channels; c++, from += plane, to += stride) {
                DoubleVector.fromArray(S, src, from).intoArray(dst, to);
            }
            return;
        }
        VectorMask<Double> past = pastValid(valid);
        DoubleVector zero = DoubleVector.zero(S);
        for (int c = 0; c < channels; c++, from += plane, to += stride) {
            if (from + L <= src.length) {   // read past the row (into the next one), then zero those lanes
                DoubleVector.fromArray(S, src, from).blend(zero, past).intoArray(dst, to);
            } else {
                Arrays.fill(dst, to, to + L, 0);
                System.arraycopy(src, from, dst, to, valid);
            }
        }
    }

    /** The lanes at and past {@code valid}. */
    private static VectorMask<Double> pastValid(int valid) {
        return DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (double) valid);
    }

    /**
     * Slotted weight-gradient micro-kernel: 4 output channels × 5 taps, one vector of per-lane
     * partial sums each, over the chunk's entries in order (full slots without masking, then
     * partial slots with the masked lanes' input values replaced by zero). Channels past
     * {@code coutG} and taps past {@code k} are clamped; the caller drops their sums. The sums
     * are parked in {@code tile} at {@code (r*TB + t)*L}.
     */
    private static void slotKernel45(double[] dyS, int co, int coutG, int stride, int[] tapOff, int p, int k,
                                     double[] xp, int[] xOffs, int[] valid, int fullEnd, int entries, double[] tile) {
        int d0 = co * stride, d1 = Math.min(co + 1, coutG - 1) * stride, d2 = Math.min(co + 2, coutG - 1) * stride,
                d3 = Math.min(co + 3, coutG - 1) * stride;
        int t0 = tapOff[p], t1 = tapOff[Math.min(p + 1, k - 1)], t2 = tapOff[Math.min(p + 2, k - 1)],
                t3 = tapOff[Math.min(p + 3, k - 1)], t4 = tapOff[Math.min(p + 4, k - 1)];
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a04 = a00,
                a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00,
                a20 = a00, a21 = a00, a22 = a00, a23 = a00, a24 = a00,
                a30 = a00, a31 = a00, a32 = a00, a33 = a00, a34 = a00;
        DoubleVector zero = DoubleVector.zero(S), iota = DoubleVector.fromArray(S, IOTA, 0);
        for (int q = 0; q < fullEnd; q++) {
            int xo = xOffs[q], e = q * L;
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xo + t0);
            DoubleVector x1 = DoubleVector.fromArray(S, xp, xo + t1);
            DoubleVector x2 = DoubleVector.fromArray(S, xp, xo + t2);
            DoubleVector x3 = DoubleVector.fromArray(S, xp, xo + t3);
            DoubleVector x4 = DoubleVector.fromArray(S, xp, xo + t4);
            DoubleVector d = DoubleVector.fromArray(S, dyS, d0 + e);
            a00 = x0.fma(d, a00);
            a01 = x1.fma(d, a01);
            a02 = x2.fma(d, a02);
            a03 = x3.fma(d, a03);
            a04 = x4.fma(d, a04);
            d = DoubleVector.fromArray(S, dyS, d1 + e);
            a10 = x0.fma(d, a10);
            a11 = x1.fma(d, a11);
            a12 = x2.fma(d, a12);
            a13 = x3.fma(d, a13);
            a14 = x4.fma(d, a14);
            d = DoubleVector.fromArray(S, dyS, d2 + e);
            a20 = x0.fma(d, a20);
            a21 = x1.fma(d, a21);
            a22 = x2.fma(d, a22);
            a23 = x3.fma(d, a23);
            a24 = x4.fma(d, a24);
            d = DoubleVector.fromArray(S, dyS, d3 + e);
            a30 = x0.fma(d, a30);
            a31 = x1.fma(d, a31);
            a32 = x2.fma(d, a32);
            a33 = x3.fma(d, a33);
            a34 = x4.fma(d, a34);
        }
        // Partial slots: the masked lanes' input values read as zero (their dy is zero too).
        for (int q = fullEnd; q < entries; q++) {
            int xo = xOffs[q], e = q * L;
            VectorMask<Double> masked = iota.compare(VectorOperators.GE, (double) valid[q]);
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xo + t0).blend(zero, masked);
            DoubleVector x1 = DoubleVector.fromArray(S, xp, xo + t1).blend(zero, masked);
            DoubleVector x2 = DoubleVector.fromArray(S, xp, xo + t2).blend(zero, masked);
            DoubleVector x3 = DoubleVector.fromArray(S, xp, xo + t3).blend(zero, masked);
            DoubleVector x4 = DoubleVector.fromArray(S, xp, xo + t4).blend(zero, masked);
            DoubleVector d = DoubleVector.fromArray(S, dyS, d0 + e);
            a00 = x0.fma(d, a00);
            a01 = x1.fma(d, a01);
            a02 = x2.fma(d, a02);
            a03 = x3.fma(d, a03);
            a04 = x4.fma(d, a04);
            d = DoubleVector.fromArray(S, dyS, d1 + e);
            a10 = x0.fma(d, a10);
            a11 = x1.fma(d, a11);
            a12 = x2.fma(d, a12);
            a13 = x3.fma(d, a13);
            a14 = x4.fma(d, a14);
            d = DoubleVector.fromArray(S, dyS, d2 + e);
            a20 = x0.fma(d, a20);
            a21 = x1.fma(d, a21);
            a22 = x2.fma(d, a22);
            a23 = x3.fma(d, a23);
            a24 = x4.fma(d, a24);
            d = DoubleVector.fromArray(S, dyS, d3 + e);
            a30 = x0.fma(d, a30);
            a31 = x1.fma(d, a31);
            a32 = x2.fma(d, a32);
            a33 = x3.fma(d, a33);
            a34 = x4.fma(d, a34);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a02.intoArray(tile, 2 * L);
        a03.intoArray(tile, 3 * L);
        a04.intoArray(tile, 4 * L);
        a10.intoArray(tile, 5 * L);
        a11.intoArray(tile, 6 * L);
        a12.intoArray(tile, 7 * L);
        a13.intoArray(tile, 8 * L);
        a14.intoArray(tile, 9 * L);
        a20.intoArray(tile, 10 * L);
        a21.intoArray(tile, 11 * L);
        a22.intoArray(tile, 12 * L);
        a23.intoArray(tile, 13 * L);
        a24.intoArray(tile, 14 * L);
        a30.intoArray(tile, 15 * L);
        a31.intoArray(tile, 16 * L);
        a32.intoArray(tile, 17 * L);
        a33.intoArray(tile, 18 * L);
        a34.intoArray(tile, 19 * L);
    }

    /** {@link #slotKernel45} with 2 output channels × 4 taps, for ISAs with 16 vector registers. */
    private static void slotKernel24(double[] dyS, int co, int coutG, int stride, int[] tapOff, int p, int k,
                                     double[] xp, int[] xOffs, int[] valid, int fullEnd, int entries, double[] tile) {
        int d0 = co * stride, d1 = Math.min(co + 1, coutG - 1) * stride;
        int t0 = tapOff[p], t1 = tapOff[Math.min(p + 1, k - 1)], t2 = tapOff[Math.min(p + 2, k - 1)],
                t3 = tapOff[Math.min(p + 3, k - 1)];
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00,
                a13 = a00;
        DoubleVector zero = DoubleVector.zero(S), iota = DoubleVector.fromArray(S, IOTA, 0);
        for (int q = 0; q < fullEnd; q++) {
            int xo = xOffs[q], e = q * L;
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xo + t0);
            DoubleVector x1 = DoubleVector.fromArray(S, xp, xo + t1);
            DoubleVector x2 = DoubleVector.fromArray(S, xp, xo + t2);
            DoubleVector x3 = DoubleVector.fromArray(S, xp, xo + t3);
            DoubleVector d = DoubleVector.fromArray(S, dyS, d0 + e);
            a00 = x0.fma(d, a00);
            a01 = x1.fma(d, a01);
            a02 = x2.fma(d, a02);
            a03 = x3.fma(d, a03);
            d = DoubleVector.fromArray(S, dyS, d1 + e);
            a10 = x0.fma(d, a10);
            a11 = x1.fma(d, a11);
            a12 = x2.fma(d, a12);
            a13 = x3.fma(d, a13);
        }
        for (int q = fullEnd; q < entries; q++) {
            int xo = xOffs[q], e = q * L;
            VectorMask<Double> masked = iota.compare(VectorOperators.GE, (double) valid[q]);
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xo + t0).blend(zero, masked);
            DoubleVector x1 = DoubleVector.fromArray(S, xp, xo + t1).blend(zero, masked);
            DoubleVector x2 = DoubleVector.fromArray(S, xp, xo + t2).blend(zero, masked);
            DoubleVector x3 = DoubleVector.fromArray(S, xp, xo + t3).blend(zero, masked);
            DoubleVector d = DoubleVector.fromArray(S, dyS, d0 + e);
            a00 = x0.fma(d, a00);
            a01 = x1.fma(d, a01);
            a02 = x2.fma(d, a02);
            a03 = x3.fma(d, a03);
            d = DoubleVector.fromArray(S, dyS, d1 + e);
            a10 = x0.fma(d, a10);
            a11 = x1.fma(d, a11);
            a12 = x2.fma(d, a12);
            a13 = x3.fma(d, a13);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a02.intoArray(tile, 2 * L);
        a03.intoArray(tile, 3 * L);
        a10.intoArray(tile, 4 * L);
        a11.intoArray(tile, 5 * L);
        a12.intoArray(tile, 6 * L);
        a13.intoArray(tile, 7 * L);
    }
}

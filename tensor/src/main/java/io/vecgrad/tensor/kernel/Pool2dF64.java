package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * NCHW 2-D max and average pooling on contiguous double arrays, with their backward kernels.
 *
 * <p>Max pooling records, for every output, the index {@code ih*W + iw} of the winning
 * element inside its input plane (PyTorch's convention); backward scatters the output
 * gradient to exactly those elements. Ties keep the first element in row-major window order;
 * a NaN in the window wins, as in PyTorch. Average pooling divides by {@code kH*kW} including
 * padded positions (PyTorch's default {@code count_include_pad=True}).
 *
 * <pre>{@code
 * Pool2dGeometry g = Pool2dGeometry.max(new int[] {64, 16, 28, 28}, 2, 2, 0, 1);
 * double[] y = new double[g.outputSize()];
 * int[] argmax = new int[g.outputSize()];
 * Pool2dF64.maxForward(g, x, 0, y, 0, argmax, 0);
 * Pool2dF64.maxBackward(g, dy, 0, argmax, 0, dx, 0);   // dx overwritten
 * }</pre>
 *
 * <p>Window bounds are clipped once per output row and column, so the inner loops touch only
 * valid input elements and never test bounds. Planes are independent, so a pool can split over
 * {@code batch*channels} without changing any result.
 *
 * <p><b>Index-free 2×2 max pooling.</b> {@link #maxForwardIndexFree} and
 * {@link #maxBackwardIndexFree} serve the halving geometry (2×2 windows, stride 2, no padding)
 * without an argmax array: the backward recomputes each window's winner from the input, with
 * the forward's rule (ties keep the first element in window order, the last NaN wins), so it
 * routes the gradient exactly where the argmax kernels would. With {@code relu} they pool
 * {@code max(x, 0)} and the backward multiplies by ReLU's mask {@code x > 0 ? 1 : 0}: the same
 * bits as {@code relu} followed by {@link #maxForward} and, backward, {@link #maxBackward}
 * followed by the mask product. Both run on SIMD lanes, one output window per lane; planes are
 * split over {@link Parallel} threads in a fixed tiling, so results do not depend on the thread
 * count. Planes of even width run flat ({@code forwardFlat}, {@code backwardFlat}): with W even
 * every window's horizontal pair sits at flat indices (2m, 2m+1) of a block of planes, so one
 * contiguous pass splits 2L inputs into the pairs' left and right elements by lane permutations
 * and keeps each pair's maximum (and, backward, which element won); a second pass combines each
 * pair row with the one below and, backward, interleaves the four window positions back into
 * input order. The permutations act on the lanes' bit patterns ({@code viewAsIntegralLanes}):
 * the floating-point fallback of a permutation, run before C2 compiles it, would canonicalize
 * NaN payloads. They are one-vector permutations blended by constant masks: a two-vector
 * {@code rearrange} rebuilds its shuffle on every call on JDK 17. From JDK 18 on (masked loads
 * and stores are intrinsified there) a row whose whole-vector store would leave its block is
 * stored with a mask; on JDK 17, where a masked store runs through a boxing Java fallback, it
 * goes through scratch and a copy of the valid lanes (scalar ends). Otherwise the forward
 * gathers the four window elements through a per-plane index map; the backward runs row by row
 * with one input element per lane ({@code backwardRows}, JDK 18 on, planes of odd height or
 * width), or on JDK 17 gathers like the forward and scatters the four window positions with
 * scalar stores. All give the same bits.
 *
 * <pre>{@code
 * Pool2dGeometry g = Pool2dGeometry.max(new int[] {64, 16, 28, 28}, 2, 2, 0, 1);
 * Pool2dF64.maxForwardIndexFree(g, x, 0, y, 0, true);           // y = maxpool(relu(x))
 * Pool2dF64.maxBackwardIndexFree(g, x, 0, dy, 0, dx, 0, true);  // dx overwritten
 * }</pre>
 */
public final class Pool2dF64 {
    private Pool2dF64() {}

    private static final VectorSpecies<Double> S = Simd.F64;
    /** Planes per parallel task of the index-free kernels: the tiling never depends on the thread count. */
    private static final int PLANES_PER_TASK = 16;
    /** The last index map built: top-left input index of every output window of one plane. */
    private static volatile WindowMap lastMap;
    /** Lanes per vector: the row backward takes L input columns of two rows per step. */
    private static final int L = S.length();
    /**
     * Masked loads and stores are intrinsified from JDK 18 on; on JDK 17 a masked store (and the
     * {@code indexInRange} mask) runs through a boxing Java fallback. The row backward needs them;
     * the flat kernels end their rows with masked stores here and with scalar ends on JDK 17.
     */
    private static final boolean MASKED = Runtime.version().feature() >= 18;
    /** Tests only: set on the calling thread to choose the flat and row kernels (true) or the gather ones (false) on any JDK. */
    static final ThreadLocal<Boolean> ROWS_OVERRIDE = new ThreadLocal<>();
    /** Tests only: set on the calling thread to choose the masked (JDK 18 on, true) or the unmasked JDK 17 variants (false) on any JDK. */
    static final ThreadLocal<Boolean> MASKED_OVERRIDE = new ThreadLocal<>();
    /** Lane numbers and lane parities. */
    private static final double[] IOTA = new double[L], PARITY = new double[L];
    /**
     * Gather maps of a step with n valid lanes, at {@code n*L}: lane l reads the dy of its window,
     * {@code l/2}, for l < n, and the step's first dy past them, so that no index leaves the array.
     */
    private static final int[] TWICE = new int[(L + 1) * L];

    static {
        for (int i = 0; i < L; i++) {
            IOTA[i] = i;
            PARITY[i] = i % 2;
        }
        for (int n = 0; n <= L; n++) {
            for (int i = 0; i < L; i++) {
                TWICE[n * L + i] = i < n ? i / 2 : 0;
            }
        }
    }

    /**
     * Lane picks of the flat forward's compaction of (v0, v1): the even lanes of both, then the
     * odd lanes. Each pick is taken from v0 and from v1 by the same one-vector permutation and
     * the two are blended on the upper half: a two-vector {@code rearrange} would rebuild its
     * shuffle on every call on JDK 17 ({@code wrapIndexes} of the out-of-range lanes).
     */
    private static final int[] EVEN = new int[L], ODD = new int[L];
    /** Lane picks of the flat backward's interleave (a0, b0, a1, b1, ...) of (a, b), low half then high half: blended on the odd lanes. */
    private static final int[] ZIP_LOW = new int[L], ZIP_HIGH = new int[L];
    /** The four picks as shuffles of the integral lanes (made once: a shuffle made per call is allocated). */
    private static final VectorShuffle<?> PICK_EVEN, PICK_ODD, PICK_ZIP_LOW, PICK_ZIP_HIGH;
    /** Blend masks of the integral lanes: the upper half (v1's lanes of a compaction), the odd lanes (b's lanes of an interleave). */
    private static final VectorMask<?> UPPER_HALF, ODD_LANES;

    static {
        boolean[] upper = new boolean[L], odd = new boolean[L];
        for (int i = 0; i < L; i++) {
            EVEN[i] = 2 * i % L;
            ODD[i] = (2 * i + 1) % L;
            ZIP_LOW[i] = i / 2;
            ZIP_HIGH[i] = L / 2 + i / 2;
            upper[i] = i >= L / 2;
            odd[i] = i % 2 == 1;
        }
        var bits = DoubleVector.zero(S).viewAsIntegralLanes().species();
        PICK_EVEN = VectorShuffle.fromArray(bits, EVEN, 0);
        PICK_ODD = VectorShuffle.fromArray(bits, ODD, 0);
        PICK_ZIP_LOW = VectorShuffle.fromArray(bits, ZIP_LOW, 0);
        PICK_ZIP_HIGH = VectorShuffle.fromArray(bits, ZIP_HIGH, 0);
        UPPER_HALF = VectorMask.fromArray(bits, upper, 0);
        ODD_LANES = VectorMask.fromArray(bits, odd, 0);
    }

    /**
     * One of the static picks, typed for the integral species {@code bits} it was made for. (A
     * generic lookup instead of typed fields: the float32 twin is generated from this file, and
     * its integral lane type differs.)
     */
    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E> pick(VectorSpecies<E> bits, VectorShuffle<?> shuffle) {
        return (VectorShuffle<E>) shuffle;
    }

    /** One of the static blend masks, typed like {@link #pick}. */
    @SuppressWarnings("unchecked")
    private static <E> VectorMask<E> lanes(VectorSpecies<E> bits, VectorMask<?> mask) {
        return (VectorMask<E>) mask;
    }

    /** Per-thread horizontal pair maxima of the flat forward, one task's planes at a time. */
    private static final ThreadLocal<double[]> PAIRS = ThreadLocal.withInitial(() -> new double[0]);
    /** Per-thread pair winners of the flat backward: 1 where a pair's right element won, else 0. */
    private static final ThreadLocal<double[]> SIDES = ThreadLocal.withInitial(() -> new double[0]);

    /** Per-thread staging of the backward's four window positions, one vector each. */
    private static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[4 * S.length()]);

    /** Writes {@code y} (max of each window) and {@code argmax} (its plane index). */
    public static void maxForward(Pool2dGeometry g, double[] x, int xOff, double[] y, int yOff,
                                  int[] argmax, int argOff) {
        requireOp(g, Pool2dGeometry.MAX);
        requireLength(g, "input", g.inputSize(), x.length, xOff);
        requireLength(g, "output", g.outputSize(), y.length, yOff);
        requireLength(g, "argmax", g.outputSize(), argmax.length, argOff);
        if (isHalving(g)) {
            maxForward2x2(g, x, xOff, y, yOff, argmax, argOff);
            return;
        }
        int[] rows = windows(g.outHeight(), g.inHeight(), g.kernelHeight(), g.strideH(), g.padH(), g.dilationH());
        int[] cols = windows(g.outWidth(), g.inWidth(), g.kernelWidth(), g.strideW(), g.padW(), g.dilationW());
        int planes = g.batch() * g.channels();
        for (int pl = 0; pl < planes; pl++) {
            int xBase = xOff + pl * g.inputPlane();
            int out = pl * g.outputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    int best = firstOf(rows, oh) * g.inWidth() + firstOf(cols, ow);
                    double bestValue = x[xBase + best];
                    for (int ih = firstOf(rows, oh); ih < endOf(rows, oh); ih += g.dilationH()) {
                        for (int iw = firstOf(cols, ow); iw < endOf(cols, ow); iw += g.dilationW()) {
                            double v = x[xBase + ih * g.inWidth() + iw];
                            if (v > bestValue || Double.isNaN(v)) {
                                bestValue = v;
                                best = ih * g.inWidth() + iw;
                            }
                        }
                    }
                    y[yOff + out] = bestValue;
                    argmax[argOff + out] = best;
                }
            }
        }
    }

    /** Overwrites {@code dx}: each {@code dy} element is added to the input element that won its window. */
    public static void maxBackward(Pool2dGeometry g, double[] dy, int dyOff, int[] argmax, int argOff,
                                   double[] dx, int dxOff) {
        requireOp(g, Pool2dGeometry.MAX);
        requireLength(g, "grad output", g.outputSize(), dy.length, dyOff);
        requireLength(g, "argmax", g.outputSize(), argmax.length, argOff);
        requireLength(g, "grad input", g.inputSize(), dx.length, dxOff);
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0);
        int planes = g.batch() * g.channels();
        for (int pl = 0; pl < planes; pl++) {
            int dxBase = dxOff + pl * g.inputPlane();
            int base = pl * g.outputPlane();
            for (int o = 0; o < g.outputPlane(); o++) {
                dx[dxBase + argmax[argOff + base + o]] += dy[dyOff + base + o];
            }
        }
    }

    /** Writes {@code y}: window sums divided by {@code kH*kW} (padding counts as zeros). */
    public static void avgForward(Pool2dGeometry g, double[] x, int xOff, double[] y, int yOff) {
        requireOp(g, Pool2dGeometry.AVG);
        requireLength(g, "input", g.inputSize(), x.length, xOff);
        requireLength(g, "output", g.outputSize(), y.length, yOff);
        if (isHalving(g)) {
            avgForward2x2(g, x, xOff, y, yOff);
            return;
        }
        int[] rows = windows(g.outHeight(), g.inHeight(), g.kernelHeight(), g.strideH(), g.padH(), 1);
        int[] cols = windows(g.outWidth(), g.inWidth(), g.kernelWidth(), g.strideW(), g.padW(), 1);
        double divisor = g.kernelHeight() * g.kernelWidth();
        int planes = g.batch() * g.channels();
        for (int pl = 0; pl < planes; pl++) {
            int xBase = xOff + pl * g.inputPlane();
            int out = yOff + pl * g.outputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    double s = 0;
                    for (int ih = firstOf(rows, oh); ih < endOf(rows, oh); ih++) {
                        int r = xBase + ih * g.inWidth();
                        for (int iw = firstOf(cols, ow); iw < endOf(cols, ow); iw++) {
                            s += x[r + iw];
                        }
                    }
                    y[out] = s / divisor;
                }
            }
        }
    }

    /** Overwrites {@code dx}: each {@code dy / (kH*kW)} is added to every input element of its window. */
    public static void avgBackward(Pool2dGeometry g, double[] dy, int dyOff, double[] dx, int dxOff) {
        requireOp(g, Pool2dGeometry.AVG);
        requireLength(g, "grad output", g.outputSize(), dy.length, dyOff);
        requireLength(g, "grad input", g.inputSize(), dx.length, dxOff);
        if (isHalving(g)) {
            avgBackward2x2(g, dy, dyOff, dx, dxOff);
            return;
        }
        int[] rows = windows(g.outHeight(), g.inHeight(), g.kernelHeight(), g.strideH(), g.padH(), 1);
        int[] cols = windows(g.outWidth(), g.inWidth(), g.kernelWidth(), g.strideW(), g.padW(), 1);
        double divisor = g.kernelHeight() * g.kernelWidth();
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0);
        int planes = g.batch() * g.channels();
        for (int pl = 0; pl < planes; pl++) {
            int dxBase = dxOff + pl * g.inputPlane();
            int out = dyOff + pl * g.outputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    double share = dy[out] / divisor;
                    for (int ih = firstOf(rows, oh); ih < endOf(rows, oh); ih++) {
                        int r = dxBase + ih * g.inWidth();
                        for (int iw = firstOf(cols, ow); iw < endOf(cols, ow); iw++) {
                            dx[r + iw] += share;
                        }
                    }
                }
            }
        }
    }

    /**
     * Index-free 2×2 max pooling: writes {@code y} = the max of each window of {@code x}, or of
     * {@code max(x, 0)} when {@code relu}; no argmax is kept (see the class comment).
     *
     * @throws IllegalArgumentException unless the geometry is 2×2 windows, stride 2, no padding
     */
    public static void maxForwardIndexFree(Pool2dGeometry g, double[] x, int xOff, double[] y, int yOff, boolean relu) {
        requireIndexFree(g);
        requireLength(g, "input", g.inputSize(), x.length, xOff);
        requireLength(g, "output", g.outputSize(), y.length, yOff);
        int[] map = windowMap(g);
        boolean flat = rowKernel() && g.inWidth() % 2 == 0, masked = masked();
        int block = flatBlock(g);
        forPlaneTasks(g, (from, to) -> {
            for (int pl = from; flat && pl < to; pl += block) {
                forwardFlat(g, x, xOff + pl * g.inputPlane(), y, yOff + pl * g.outputPlane(), Math.min(block, to - pl), relu, masked);
            }
            if (flat) {
                return;
            }
            for (int pl = from; pl < to; pl++) {
                forwardPlane(g, map, x, xOff + pl * g.inputPlane(), y, yOff + pl * g.outputPlane(), relu);
            }
        });
    }

    /**
     * Index-free backward of {@link #maxForwardIndexFree}: overwrites {@code dx} with {@code 0 + dy}
     * at each window's winner (recomputed from {@code x}), times ReLU's mask {@code x > 0 ? 1 : 0}
     * when {@code relu}, and +0 everywhere else.
     *
     * @throws IllegalArgumentException unless the geometry is 2×2 windows, stride 2, no padding
     */
    public static void maxBackwardIndexFree(Pool2dGeometry g, double[] x, int xOff, double[] dy, int dyOff,
                                            double[] dx, int dxOff, boolean relu) {
        requireIndexFree(g);
        requireLength(g, "input", g.inputSize(), x.length, xOff);
        requireLength(g, "grad output", g.outputSize(), dy.length, dyOff);
        requireLength(g, "grad input", g.inputSize(), dx.length, dxOff);
        if (g.inWidth() % 2 != 0 || g.inHeight() % 2 != 0) {
            Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0);   // the last row or column lies in no window
        }
        int[] map = windowMap(g);
        boolean masked = masked(), rows = rowKernel() && masked;
        boolean flat = rowKernel() && g.inWidth() % 2 == 0 && g.inHeight() % 2 == 0;
        int block = flatBlock(g);
        forPlaneTasks(g, (from, to) -> {
            for (int pl = from; flat && pl < to; pl += block) {
                backwardFlat(g, x, xOff + pl * g.inputPlane(), dy, dyOff + pl * g.outputPlane(),
                        dx, dxOff + pl * g.inputPlane(), Math.min(block, to - pl), relu, masked);
            }
            if (flat) {
                return;
            }
            double[] lanes = LANES.get();
            for (int pl = from; pl < to; pl++) {
                if (rows) {
                    backwardRows(g, x, xOff + pl * g.inputPlane(), dy, dyOff + pl * g.outputPlane(),
                            dx, dxOff + pl * g.inputPlane(), relu);
                } else {
                    backwardPlane(g, map, x, xOff + pl * g.inputPlane(), dy, dyOff + pl * g.outputPlane(),
                            dx, dxOff + pl * g.inputPlane(), relu, lanes);
                }
            }
        });
    }

    /** Whether the index-free kernels serve this geometry: max, 2×2, stride 2, no padding, no dilation. */
    public static boolean indexFree(Pool2dGeometry g) {
        return g.op().equals(Pool2dGeometry.MAX) && isHalving(g);
    }

    private interface PlaneRange {
        void run(int from, int to);
    }

    private static void forPlaneTasks(Pool2dGeometry g, PlaneRange body) {
        int planes = g.batch() * g.channels();
        int tasks = (planes + PLANES_PER_TASK - 1) / PLANES_PER_TASK;
        // About 16 flop-equivalents per input element (4 gathers, max, compares, blends): a
        // LeNet-sized pool takes about a millisecond, far above the cost of handing out tasks.
        if (tasks > 1 && Parallel.worthSplitting(16L * g.inputSize())) {
            Parallel.parallelFor(tasks, t -> body.run(t * PLANES_PER_TASK, Math.min(planes, (t + 1) * PLANES_PER_TASK)));
        } else {
            body.run(0, planes);
        }
    }

    /** The later element {@code b} replaces {@code a} when larger or NaN: the rule of every max-pooling loop. */
    private static boolean later(double a, double b) {
        return b > a || b != b;
    }

    private static void forwardPlane(Pool2dGeometry g, int[] map, double[] x, int xBase, double[] y, int yBase, boolean relu) {
        int w = g.inWidth(), n = map.length, o = 0;
        if (Simd.ENABLED) {
            // max(x, -inf) is x, bit for bit (NaN and -0 included), so one loop serves both
            // cases without a vector phi, which C2 would not scalar-replace (boxing).
            DoubleVector floor = DoubleVector.broadcast(S, relu ? 0 : Double.NEGATIVE_INFINITY);
            for (int full = n - n % S.length(); o < full; o += S.length()) {
                DoubleVector t0 = DoubleVector.fromArray(S, x, xBase, map, o).max(floor);
                DoubleVector t1 = DoubleVector.fromArray(S, x, xBase + 1, map, o).max(floor);
                DoubleVector b0 = DoubleVector.fromArray(S, x, xBase + w, map, o).max(floor);
                DoubleVector b1 = DoubleVector.fromArray(S, x, xBase + w + 1, map, o).max(floor);
                // Top pair, bottom pair, then the two: the same winner as the scalar left-to-right
                // scan, because "later wins if larger or NaN" picks the maximum of a total order.
                // Each step is "b replaces a where b > a or b is NaN", as two blends on plain
                // compares: JDK 17 does not intrinsify mask or(), and a helper method taking
                // vectors would box them whenever C2 does not inline it.
                DoubleVector top = t0.blend(t1, t1.compare(VectorOperators.GT, t0)).blend(t1, t1.compare(VectorOperators.NE, t1));
                DoubleVector bottom = b0.blend(b1, b1.compare(VectorOperators.GT, b0)).blend(b1, b1.compare(VectorOperators.NE, b1));
                top.blend(bottom, bottom.compare(VectorOperators.GT, top)).blend(bottom, bottom.compare(VectorOperators.NE, bottom))
                        .intoArray(y, yBase + o);
            }
        }
        for (; o < n; o++) {
            int i = xBase + map[o];
            double t0 = x[i], t1 = x[i + 1], b0 = x[i + w], b1 = x[i + w + 1];
            if (relu) {
                t0 = Math.max(t0, 0);
                t1 = Math.max(t1, 0);
                b0 = Math.max(b0, 0);
                b1 = Math.max(b1, 0);
            }
            double top = later(t0, t1) ? t1 : t0;
            double bottom = later(b0, b1) ? b1 : b0;
            y[yBase + o] = later(top, bottom) ? bottom : top;
        }
    }

    /**
     * The forward of {@code planes} consecutive planes of even width, in two contiguous passes.
     * With W even, every horizontal pair of a window sits at
     * flat indices (2m, 2m+1) of the whole block, so the first pass takes 2L inputs at a time,
     * splits them into the pairs' left and right elements by lane permutations and
     * keeps the later-wins maximum of each pair; the second pass combines each pair row with the
     * row below it. That is the same rule in the same order as {@link #forwardPlane} (top pair,
     * bottom pair, then the two): the same bits. The permutation runs on the lanes' bit patterns
     * ({@code viewAsIntegralLanes}), so NaN payloads pass unchanged also before C2 compiles it.
     * Output rows are stored as whole vectors that spill into the next row, which is written after
     * them; where a spill would leave the block the store is masked ({@code masked}, JDK 18 on) or
     * goes through scratch and a copy of the valid lanes (JDK 17).
     */
    private static void forwardFlat(Pool2dGeometry g, double[] x, int xBase, double[] y, int yBase, int planes, boolean relu,
                                    boolean masked) {
        int ow = g.outWidth(), oh = g.outHeight(), h = g.inHeight();
        int pairs = planes * h * ow;
        double[] pair = scratch(PAIRS, pairs + L);   // slack: the second pass reads whole vectors past a row
        double[] lanes = LANES.get();
        pairPass(x, xBase, pairs, relu, pair, null);
        int end = yBase + planes * oh * ow;
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < oh; r++) {
                int top = (p * h + 2 * r) * ow, out = yBase + (p * oh + r) * ow;
                for (int c = 0; c < ow; c += L) {
                    DoubleVector t = DoubleVector.fromArray(S, pair, top + c);
                    DoubleVector b = DoubleVector.fromArray(S, pair, top + ow + c);
                    DoubleVector v = t.blend(b, b.compare(VectorOperators.GT, t)).blend(b, b.compare(VectorOperators.NE, b));
                    if (out + c + L <= end) {
                        v.intoArray(y, out + c);
                    } else if (masked && out + c + L <= y.length) {
                        v.intoArray(y, out + c, S.indexInRange(0, Math.min(L, ow - c)));
                    } else {
                        v.intoArray(lanes, 0);   // JDK 17, or the array's end: a scalar end instead of the masked store's fallback
                        System.arraycopy(lanes, 0, y, out + c, Math.min(L, ow - c));
                    }
                }
            }
        }
    }

    /**
     * Horizontal pass shared by the flat kernels: {@code pair[m]} = the later-wins maximum of
     * {@code x[2m]} and {@code x[2m+1]} (each floored at {@code floor}, i.e. ReLU'd or not) for
     * m below {@code pairs}, and, when {@code side} is not null, {@code side[m]} = 1 where the
     * right element won, 0 where the left did. Pairs are split into left and right elements by
     * permutations of the lanes' bit patterns, so NaN payloads pass unchanged: the same one-vector
     * pick of both inputs, blended on the upper half (on JDK 25 as fast as a two-vector
     * {@code rearrange}, whose shuffle JDK 17 rebuilds per call).
     */
    private static void pairPass(double[] x, int xBase, int pairs, boolean relu, double[] pair, double[] side) {
        DoubleVector floor = DoubleVector.broadcast(S, relu ? 0 : Double.NEGATIVE_INFINITY);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, (double) 1);
        var bits = zero.viewAsIntegralLanes().species();
        var even = pick(bits, PICK_EVEN);
        var odd = pick(bits, PICK_ODD);
        var upper = lanes(bits, UPPER_HALF);
        int m = 0;
        for (; m <= pairs - L; m += L) {
            var v0 = DoubleVector.fromArray(S, x, xBase + 2 * m).max(floor).viewAsIntegralLanes();
            var v1 = DoubleVector.fromArray(S, x, xBase + 2 * m + L).max(floor).viewAsIntegralLanes();
            DoubleVector left = v0.rearrange(even).blend(v1.rearrange(even), upper).viewAsFloatingLanes();
            DoubleVector right = v0.rearrange(odd).blend(v1.rearrange(odd), upper).viewAsFloatingLanes();
            VectorMask<Double> larger = right.compare(VectorOperators.GT, left), nan = right.compare(VectorOperators.NE, right);
            left.blend(right, larger).blend(right, nan).intoArray(pair, m);
            if (side != null) {
                zero.blend(one, larger).blend(one, nan).intoArray(side, m);
            }
        }
        for (; m < pairs; m++) {
            double a = x[xBase + 2 * m], b = x[xBase + 2 * m + 1];
            if (relu) {
                a = Math.max(a, 0);
                b = Math.max(b, 0);
            }
            boolean right = later(a, b);
            pair[m] = right ? b : a;
            if (side != null) {
                side[m] = right ? 1 : 0;
            }
        }
    }

    /** Pairs per block of the flat kernels: the pair maxima stay in cache when one call takes every plane. */
    private static final int BLOCK_PAIRS = 8192;

    /** Planes per block of the flat kernels (the blocking changes no result: every output is computed alone). */
    private static int flatBlock(Pool2dGeometry g) {
        return Math.max(1, BLOCK_PAIRS / Math.max(1, g.inputPlane() / 2));
    }

    /** The per-thread array of {@code name}, at least {@code size} long. */
    private static double[] scratch(ThreadLocal<double[]> name, int size) {
        double[] a = name.get();
        if (a.length < size) {
            a = new double[size];
            name.set(a);
        }
        return a;
    }

    /**
     * The backward of {@code planes} consecutive planes of even height and width, in the flat
     * forward's two passes: {@link #pairPass} keeps each horizontal pair's maximum and
     * which element won; then per window row, L windows per step, the top and bottom pair give the
     * winner by {@link #backwardPlane}'s rule (top pair, bottom pair, then the two), and each of
     * the four window positions gets {@code 0 + dy} times ReLU's mask where it won, +0 elsewhere.
     * ReLU's mask is taken from the window's maximum: the winner's ReLU'd value is above zero
     * exactly when its raw value is. One-vector permutations blended on the odd lanes interleave
     * the left and right positions back into input order (on the lanes' bit patterns);
     * whole-vector stores spill into the next input row, written after them, or, where a spill
     * would leave the block, are masked ({@code masked}, JDK 18 on) or go through scratch and a
     * copy of the valid lanes (JDK 17). {@code dy} is read as whole vectors, staged through
     * scratch at the end of its array.
     */
    private static void backwardFlat(Pool2dGeometry g, double[] x, int xBase, double[] dy, int dyBase,
                                     double[] dx, int dxBase, int planes, boolean relu, boolean masked) {
        int w = g.inWidth(), ow = g.outWidth(), oh = g.outHeight();
        int pairs = planes * g.inHeight() * ow;
        double[] pair = scratch(PAIRS, pairs + L), side = scratch(SIDES, pairs + L), lanes = LANES.get();
        pairPass(x, xBase, pairs, relu, pair, side);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, (double) 1);
        DoubleVector two = DoubleVector.broadcast(S, (double) 2), three = DoubleVector.broadcast(S, (double) 3);
        DoubleVector maskFloor = DoubleVector.broadcast(S, relu ? 0 : 1);
        var bits = zero.viewAsIntegralLanes().species();
        var low = pick(bits, PICK_ZIP_LOW);
        var high = pick(bits, PICK_ZIP_HIGH);
        var second = lanes(bits, ODD_LANES);
        int end = dxBase + planes * g.inputPlane();
        int lastStep = (ow - 1) / L * L;
        for (int r = 0; r < planes * oh; r++) {
            int top = 2 * r * ow, dTop = dxBase + 2 * r * w, out = dyBase + r * ow;
            // Steps from the last to the first: the short last step's whole-vector stores spill
            // into the start of the bottom row, which the first step writes after them, so rows
            // wider than one step need no masked stores either (LeNet's first pool, 28 wide:
            // backward 0.81 → 0.72 ms for [64, 16, 28, 28]; float, one thread, Zen 3, Temurin 25).
            for (int c = lastStep; c >= 0; c -= L) {
                DoubleVector tMax = DoubleVector.fromArray(S, pair, top + c), tSide = DoubleVector.fromArray(S, side, top + c);
                DoubleVector bMax = DoubleVector.fromArray(S, pair, top + ow + c);
                DoubleVector bSide = DoubleVector.fromArray(S, side, top + ow + c).add(two);
                VectorMask<Double> lower = bMax.compare(VectorOperators.GT, tMax), nan = bMax.compare(VectorOperators.NE, bMax);
                DoubleVector winner = tSide.blend(bSide, lower).blend(bSide, nan);
                DoubleVector max = tMax.blend(bMax, lower).blend(bMax, nan);
                int n = Math.min(L, ow - c);
                // Whole vectors of dy: lanes past n only reach stores that are masked, cut, or overwritten
                // later. At the end of the array the n values are staged first (no masked load, no JDK 17 fallback).
                boolean inside = out + c + L <= dy.length;
                if (!inside) {
                    System.arraycopy(dy, out + c, lanes, 0, n);
                }
                DoubleVector d = zero.add(DoubleVector.fromArray(S, inside ? dy : lanes, inside ? out + c : 0));
                DoubleVector share = d.mul(zero.blend(one, max.compare(VectorOperators.GT, zero)).max(maskFloor));
                var e0 = zero.blend(share, winner.compare(VectorOperators.EQ, zero)).viewAsIntegralLanes();
                var e1 = zero.blend(share, winner.compare(VectorOperators.EQ, one)).viewAsIntegralLanes();
                var e2 = zero.blend(share, winner.compare(VectorOperators.EQ, two)).viewAsIntegralLanes();
                var e3 = zero.blend(share, winner.compare(VectorOperators.EQ, three)).viewAsIntegralLanes();
                int at = dTop + 2 * c, valid = 2 * n;
                DoubleVector v0 = e0.rearrange(low).blend(e1.rearrange(low), second).viewAsFloatingLanes();
                DoubleVector v1 = e0.rearrange(high).blend(e1.rearrange(high), second).viewAsFloatingLanes();
                DoubleVector v2 = e2.rearrange(low).blend(e3.rearrange(low), second).viewAsFloatingLanes();
                DoubleVector v3 = e2.rearrange(high).blend(e3.rearrange(high), second).viewAsFloatingLanes();
                if (valid == 2 * L || at + w + 2 * L <= end) {
                    // whole vectors: the spills land in the bottom row and the next top row, written after them
                    v0.intoArray(dx, at);
                    v1.intoArray(dx, at + L);
                    v2.intoArray(dx, at + w);
                    v3.intoArray(dx, at + w + L);
                } else if (masked && at + w + 2 * L <= dx.length) {
                    // Only where every lane lies inside the array: a masked store that reaches past its
                    // end takes the Vector API's per-lane checks (Mask.firstTrue, 4 % of a step-lenet
                    // step on AVX2, JFR); there the scalar end below does the job.
                    VectorMask<Double> m0 = S.indexInRange(0, valid), m1 = S.indexInRange(L, valid);
                    v0.intoArray(dx, at, m0);
                    v1.intoArray(dx, at + L, m1);
                    v2.intoArray(dx, at + w, m0);
                    v3.intoArray(dx, at + w + L, m1);
                } else {
                    // JDK 17, or the array's end: scalar ends instead of the masked stores' fallback
                    v0.intoArray(lanes, 0);
                    v1.intoArray(lanes, L);
                    v2.intoArray(lanes, 2 * L);
                    v3.intoArray(lanes, 3 * L);
                    System.arraycopy(lanes, 0, dx, at, valid);
                    System.arraycopy(lanes, 2 * L, dx, at + w, valid);
                }
            }
        }
    }

    private static void backwardPlane(Pool2dGeometry g, int[] map, double[] x, int xBase, double[] dy, int dyBase,
                                      double[] dx, int dxBase, boolean relu, double[] lanes) {
        int w = g.inWidth(), n = map.length, o = 0, len = S.length();
        if (Simd.ENABLED) {
            DoubleVector zero = DoubleVector.zero(S);
            DoubleVector one = DoubleVector.broadcast(S, (double) 1);
            DoubleVector floor = DoubleVector.broadcast(S, relu ? 0 : Double.NEGATIVE_INFINITY);
            DoubleVector two = DoubleVector.broadcast(S, (double) 2), three = DoubleVector.broadcast(S, (double) 3);
            // Without ReLU the mask is max(0 or 1, 1) = 1, and d * 1 is d bit for bit (d = 0 + dy is never a signalling NaN).
            DoubleVector maskFloor = DoubleVector.broadcast(S, relu ? 0 : 1);
            for (int full = n - n % len; o < full; o += len) {
                DoubleVector x0 = DoubleVector.fromArray(S, x, xBase, map, o);
                DoubleVector x1 = DoubleVector.fromArray(S, x, xBase + 1, map, o);
                DoubleVector x2 = DoubleVector.fromArray(S, x, xBase + w, map, o);
                DoubleVector x3 = DoubleVector.fromArray(S, x, xBase + w + 1, map, o);
                DoubleVector t0 = x0.max(floor), t1 = x1.max(floor), b0 = x2.max(floor), b1 = x3.max(floor);
                // The winner's position (0..3, window order) as a lane value, by the forward's rule.
                // Everything is written out in this loop: a vector passed to a helper that C2 does
                // not inline (it compiles the helper alone once that is big) is boxed.
                VectorMask<Double> right = t1.compare(VectorOperators.GT, t0), rightNaN = t1.compare(VectorOperators.NE, t1);
                DoubleVector top = zero.blend(one, right).blend(one, rightNaN);
                DoubleVector topMax = t0.blend(t1, right).blend(t1, rightNaN);
                right = b1.compare(VectorOperators.GT, b0);
                rightNaN = b1.compare(VectorOperators.NE, b1);
                DoubleVector bottom = two.blend(three, right).blend(three, rightNaN);
                DoubleVector bottomMax = b0.blend(b1, right).blend(b1, rightNaN);
                DoubleVector winner = top.blend(bottom, bottomMax.compare(VectorOperators.GT, topMax))
                        .blend(bottom, bottomMax.compare(VectorOperators.NE, bottomMax));
                // 0 + dy, as the scatter into zeros; times ReLU's mask (at least maskFloor), at the winner only
                DoubleVector d = zero.add(DoubleVector.fromArray(S, dy, dyBase + o));
                zero.blend(d.mul(zero.blend(one, x0.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, zero)).intoArray(lanes, 0);
                zero.blend(d.mul(zero.blend(one, x1.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, one)).intoArray(lanes, len);
                zero.blend(d.mul(zero.blend(one, x2.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, two)).intoArray(lanes, 2 * len);
                zero.blend(d.mul(zero.blend(one, x3.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, three)).intoArray(lanes, 3 * len);
                for (int l = 0; l < len; l++) {
                    int i = dxBase + map[o + l];
                    dx[i] = lanes[l];
                    dx[i + 1] = lanes[len + l];
                    dx[i + w] = lanes[2 * len + l];
                    dx[i + w + 1] = lanes[3 * len + l];
                }
            }
        }
        for (; o < n; o++) {
            int i = map[o];
            double t0 = x[xBase + i], t1 = x[xBase + i + 1], b0 = x[xBase + i + w], b1 = x[xBase + i + w + 1];
            double rt0 = relu ? Math.max(t0, 0) : t0, rt1 = relu ? Math.max(t1, 0) : t1;
            double rb0 = relu ? Math.max(b0, 0) : b0, rb1 = relu ? Math.max(b1, 0) : b1;
            boolean topRight = later(rt0, rt1), bottomRight = later(rb0, rb1);
            boolean lower = later(topRight ? rt1 : rt0, bottomRight ? rb1 : rb0);
            int winner = lower ? (bottomRight ? 3 : 2) : (topRight ? 1 : 0);
            double raw = winner == 0 ? t0 : winner == 1 ? t1 : winner == 2 ? b0 : b1;
            double d = 0 + dy[dyBase + o];
            double share = relu ? d * (raw > 0 ? 1 : 0) : d;
            int at = dxBase + i;
            dx[at] = winner == 0 ? share : 0;
            dx[at + 1] = winner == 1 ? share : 0;
            dx[at + w] = winner == 2 ? share : 0;
            dx[at + w + 1] = winner == 3 ? share : 0;
        }
    }

    /** Whether the flat kernels (even planes, any JDK) and the row backward (odd planes, with masks) run instead of the gathers. */
    private static boolean rowKernel() {
        Boolean override = ROWS_OVERRIDE.get();
        return Simd.ENABLED && (override == null || override);
    }

    /** Whether masked loads and stores are used: from JDK 18 on, unless a test chose otherwise. */
    private static boolean masked() {
        Boolean override = MASKED_OVERRIDE.get();
        return override == null ? MASKED : override;
    }

    /**
     * The backward of one plane, row by row with contiguous loads, no permutation and no scalar
     * scatter (see the class comment). Lane l of a step holds input column c + l of the top and
     * the bottom row; its window's four elements are the loads at offsets 0 and +1 (even l) or
     * -1 and 0 (odd l), chosen by the lane's parity, so every lane recomputes its window's
     * winner by {@link #backwardPlane}'s rule, line for line. The window's {@code dy} reaches
     * both of its lanes by a gather of each value twice. Each lane then writes {@code 0 + dy}
     * times ReLU's mask if it is the winner, +0 otherwise, with one masked store per row. (The
     * gather is unmasked: JDK 25 checks every lane's index even where the mask is off.)
     * Elements in no window (an odd last row or column) are left to the caller.
     */
    private static void backwardRows(Pool2dGeometry g, double[] x, int xBase, double[] dy, int dyBase,
                                     double[] dx, int dxBase, boolean relu) {
        int w = g.inWidth(), ow = g.outWidth(), oh = g.outHeight(), cols = 2 * ow;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, (double) 1);
        DoubleVector two = DoubleVector.broadcast(S, (double) 2), three = DoubleVector.broadcast(S, (double) 3);
        DoubleVector floor = DoubleVector.broadcast(S, relu ? 0 : Double.NEGATIVE_INFINITY);
        DoubleVector maskFloor = DoubleVector.broadcast(S, relu ? 0 : 1);
        DoubleVector iota = DoubleVector.fromArray(S, IOTA, 0);
        DoubleVector parity = DoubleVector.fromArray(S, PARITY, 0), bottomParity = parity.add(two);
        VectorMask<Double> oddLane = parity.compare(VectorOperators.NE, 0);
        for (int r = 0; r < oh; r++) {
            int top = xBase + 2 * r * w, bottom = top + w, out = dyBase + r * ow;
            int dTop = dxBase + 2 * r * w, dBottom = dTop + w;
            for (int c = 0; c < cols; c += L) {
                int n = Math.min(L, cols - c);   // even: whole windows
                VectorMask<Double> valid = iota.compare(VectorOperators.LT, (double) n);
                // +1 is read by even lanes only, -1 by odd lanes only (never lane 0): no read leaves the windows.
                VectorMask<Double> next = iota.compare(VectorOperators.LT, (double) (n - 1));
                VectorMask<Double> previous = valid.and(oddLane);
                DoubleVector a = DoubleVector.fromArray(S, x, top + c, valid);
                DoubleVector aNext = DoubleVector.fromArray(S, x, top + c + 1, next);
                DoubleVector aPrevious = DoubleVector.fromArray(S, x, top + c - 1, previous);
                DoubleVector b = DoubleVector.fromArray(S, x, bottom + c, valid);
                DoubleVector bNext = DoubleVector.fromArray(S, x, bottom + c + 1, next);
                DoubleVector bPrevious = DoubleVector.fromArray(S, x, bottom + c - 1, previous);
                DoubleVector t0 = a.blend(aPrevious, oddLane).max(floor), t1 = aNext.blend(a, oddLane).max(floor);
                DoubleVector b0 = b.blend(bPrevious, oddLane).max(floor), b1 = bNext.blend(b, oddLane).max(floor);
                VectorMask<Double> right = t1.compare(VectorOperators.GT, t0), rightNaN = t1.compare(VectorOperators.NE, t1);
                DoubleVector topWinner = zero.blend(one, right).blend(one, rightNaN);
                DoubleVector topMax = t0.blend(t1, right).blend(t1, rightNaN);
                right = b1.compare(VectorOperators.GT, b0);
                rightNaN = b1.compare(VectorOperators.NE, b1);
                DoubleVector bottomWinner = two.blend(three, right).blend(three, rightNaN);
                DoubleVector bottomMax = b0.blend(b1, right).blend(b1, rightNaN);
                DoubleVector winner = topWinner.blend(bottomWinner, bottomMax.compare(VectorOperators.GT, topMax))
                        .blend(bottomWinner, bottomMax.compare(VectorOperators.NE, bottomMax));
                DoubleVector d = zero.add(DoubleVector.fromArray(S, dy, out + c / 2, TWICE, n * L));
                zero.blend(d.mul(zero.blend(one, a.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, parity)).intoArray(dx, dTop + c, valid);
                zero.blend(d.mul(zero.blend(one, b.compare(VectorOperators.GT, zero)).max(maskFloor)),
                        winner.compare(VectorOperators.EQ, bottomParity)).intoArray(dx, dBottom + c, valid);
            }
        }
    }

    /** Top-left input index (within a plane) of every output window, cached for the last plane shape. */
    private static int[] windowMap(Pool2dGeometry g) {
        WindowMap m = lastMap;
        if (m == null || m.height != g.inHeight() || m.width != g.inWidth()) {
            int ow = g.outWidth();
            int[] map = new int[g.outputPlane()];
            for (int o = 0; o < map.length; o++) {
                map[o] = 2 * (o / ow) * g.inWidth() + 2 * (o % ow);
            }
            m = new WindowMap(g.inHeight(), g.inWidth(), map);
            lastMap = m;
        }
        return m.map;
    }

    private static final class WindowMap {
        final int height, width;
        final int[] map;

        WindowMap(int height, int width, int[] map) {
            this.height = height;
            this.width = width;
            this.map = map;
        }
    }

    private static void requireIndexFree(Pool2dGeometry g) {
        if (!indexFree(g)) {
            throw new IllegalArgumentException(g.op() + " index-free: needs 2x2 windows, stride 2, no padding and no dilation, got kernel "
                    + g.kernelHeight() + "x" + g.kernelWidth() + ", stride " + g.strideH() + "x" + g.strideW()
                    + ", padding " + g.padH() + "x" + g.padW() + ", dilation " + g.dilationH() + "x" + g.dilationW()
                    + " on input " + Conv2dGeometry.shape(g.inputShape()));
        }
    }

    /**
     * 2×2 windows, stride 2, no padding, no dilation: LeNet's pooling. Every window lies inside
     * the plane, so the kernels below read the two input rows directly, without window tables;
     * they give the same bits as the general loops (same comparisons and sums in the same order).
     */
    static boolean isHalving(Pool2dGeometry g) {
        return g.kernelHeight() == 2 && g.kernelWidth() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padH() == 0 && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    private static void maxForward2x2(Pool2dGeometry g, double[] x, int xOff, double[] y, int yOff,
                                      int[] argmax, int argOff) {
        int w = g.inWidth();
        int planes = g.batch() * g.channels();
        for (int pl = 0, out = 0; pl < planes; pl++) {
            int xBase = xOff + pl * g.inputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                int top = 2 * oh * w;
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    // Window order (0,0), (0,1), (1,0), (1,1): a later element wins if larger or NaN.
                    int best = top + 2 * ow;
                    double bestValue = x[xBase + best];
                    double v = x[xBase + best + 1];
                    int at = best + 1;
                    if (v > bestValue || v != v) {
                        bestValue = v;
                        best = at;
                    }
                    at = top + w + 2 * ow;
                    v = x[xBase + at];
                    if (v > bestValue || v != v) {
                        bestValue = v;
                        best = at;
                    }
                    v = x[xBase + at + 1];
                    if (v > bestValue || v != v) {
                        bestValue = v;
                        best = at + 1;
                    }
                    y[yOff + out] = bestValue;
                    argmax[argOff + out] = best;
                }
            }
        }
    }

    private static void avgForward2x2(Pool2dGeometry g, double[] x, int xOff, double[] y, int yOff) {
        int w = g.inWidth();
        int planes = g.batch() * g.channels();
        for (int pl = 0, out = yOff; pl < planes; pl++) {
            int xBase = xOff + pl * g.inputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                int top = xBase + 2 * oh * w;
                int bottom = top + w;
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    double s = 0;
                    s += x[top + 2 * ow];
                    s += x[top + 2 * ow + 1];
                    s += x[bottom + 2 * ow];
                    s += x[bottom + 2 * ow + 1];
                    y[out] = s / 4;
                }
            }
        }
    }

    private static void avgBackward2x2(Pool2dGeometry g, double[] dy, int dyOff, double[] dx, int dxOff) {
        int w = g.inWidth();
        int planes = g.batch() * g.channels();
        // Windows do not overlap, so each input element receives at most one share; elements
        // outside every window (odd sizes) get zero.
        if (g.inWidth() % 2 != 0 || g.inHeight() % 2 != 0) {
            Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0);
        }
        for (int pl = 0, out = dyOff; pl < planes; pl++) {
            int dxBase = dxOff + pl * g.inputPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                int top = dxBase + 2 * oh * w;
                int bottom = top + w;
                for (int ow = 0; ow < g.outWidth(); ow++, out++) {
                    double share = dy[out] / 4 + 0;   // + 0 as the general loop adds to zeros: -0 becomes +0
                    dx[top + 2 * ow] = share;
                    dx[top + 2 * ow + 1] = share;
                    dx[bottom + 2 * ow] = share;
                    dx[bottom + 2 * ow + 1] = share;
                }
            }
        }
    }

    /**
     * For each output position o along one axis: the first valid input position of its window
     * and one past the last, as pairs {@code [first0, end0, first1, end1, ...]}. Stepping from
     * first by the dilation stays on window taps; the geometry guarantees first < end.
     */
    private static int[] windows(int out, int in, int k, int s, int p, int d) {
        int[] w = new int[2 * out];
        for (int o = 0; o < out; o++) {
            int start = o * s - p;
            int t = start >= 0 ? 0 : (-start + d - 1) / d;          // first tap at position >= 0
            int last = Math.min(k - 1, Math.floorDiv(in - 1 - start, d));   // last tap at position < in
            w[2 * o] = start + t * d;
            w[2 * o + 1] = start + last * d + 1;
        }
        return w;
    }

    private static int firstOf(int[] windows, int o) {
        return windows[2 * o];
    }

    private static int endOf(int[] windows, int o) {
        return windows[2 * o + 1];
    }

    private static void requireOp(Pool2dGeometry g, String op) {
        if (!g.op().equals(op)) {
            throw new IllegalArgumentException(op + ": geometry was built for " + g.op());
        }
    }

    private static void requireLength(Pool2dGeometry g, String name, int size, int length, int offset) {
        if (offset < 0 || (long) offset + size > length) {
            throw new IllegalArgumentException(g.op() + ": " + name + " of input " + Conv2dGeometry.shape(g.inputShape())
                    + " needs " + size + " elements from offset " + offset + " but the array has " + length);
        }
    }
}

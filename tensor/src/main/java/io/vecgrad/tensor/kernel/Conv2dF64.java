package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * NCHW 2-D convolution on contiguous double arrays: forward, and the three gradients.
 *
 * <p>Shapes, stride, padding, dilation and groups come from a validated {@link Conv2dGeometry};
 * every array is contiguous row-major from its offset. Each method documents which array it
 * writes; all others are only read.
 *
 * <pre>{@code
 * Conv2dGeometry g = Conv2dGeometry.of(new int[] {64, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1, 1);
 * double[] y = new double[g.outputSize()];
 * Conv2dF64.forward(g, x, 0, w, 0, bias, 0, y, 0);       // bias may be null
 * Conv2dF64.backwardInput(g, dy, 0, w, 0, dx, 0);        // dx = conv_transpose(dy, w)
 * Conv2dF64.backwardWeight(g, x, 0, dy, 0, dw, 0);       // dw = sum_n dy_n ⋆ x_n
 * Conv2dF64.backwardBias(g, dy, 0, db, 0);              // db = sum over N, H, W of dy
 * }</pre>
 *
 * <p>Algorithm choice (one entry point per pass, picked by shape):
 * <ul>
 * <li>{@link WinogradF64}, Winograd F(2×2, 5×5), for the forward pass of 5×5 stride-1 convolutions
 *     (one group, padding at most 2) in float with at least 12 input and 16 output channels and
 *     outputs at least 8×8 (LeNet's second layer: 4.02–4.25 → 3.13–3.42 ms on the 2-core Zen 3, one
 *     thread, Temurin 25), and for the input gradient of such convolutions with padding 2–4 (LeNet-2:
 *     4.04–4.12 → 3.65–3.70 ms). Its bits differ from the direct kernels within the error bound stated
 *     in its Javadoc; double keeps the direct kernels (gradient checks), and
 *     {@code -Dvecgrad.conv.winograd=false} turns it off.</li>
 * <li>{@link ConvImplicitF64}, an implicit GEMM that never writes a column matrix, for the
 *     forward pass with column stride 1 and output rows at least half a vector wide, for the
 *     input gradient when it is itself such a convolution (stride 1, padding at most
 *     {@code d(k-1)}, at least MR/2 input channels per group), and for every weight gradient.
 *     Measured under load on AVX-512 (JDK 17 and 25) it ran LeNet's layers 1.2–3× faster than
 *     the lowering below and replaced the direct one-input-channel kernel, which it also beat.</li>
 * <li>otherwise ({@code forwardLowered} and the other {@code *Lowered} methods, or the scalar
 *     fallback) each (image, group) is lowered with {@link ConvIm2colF64} and multiplied with
 *     {@link GemmF64}; 1x1 convolutions with stride 1 and no padding skip im2col.</li>
 * </ul>
 *
 * <p>Threading: the Winograd path splits over blocks of tile rows, every output computed by the same
 * operations whatever the block or thread. The implicit path splits forward and input gradient over images and the weight
 * gradient over fixed image chunks, bitwise the same for any thread count. The lowered paths
 * run on the calling thread. Scratch lives in thread locals, so steady state allocates nothing
 * and concurrent calls are safe.
 */
public final class Conv2dF64 {
    private static final String OP = "conv2d";
    private static final VectorSpecies<Double> S = Simd.F64;
    /** Per thread: the column matrix of one (image, group). */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    private Conv2dF64() {}

    /**
     * {@code y = conv2d(x, w) + bias}. Writes {@code y}; {@code bias} ({@code [Cout]}) may be null.
     */
    public static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                               double[] bias, int biasOff, double[] y, int yOff) {
        Conv2dGeometry.requireLength(OP, "input", g.inputShape(), x.length, xOff);
        Conv2dGeometry.requireLength(OP, "weight", g.weightShape(), w.length, wOff);
        Conv2dGeometry.requireLength(OP, "output", g.outputShape(), y.length, yOff);
        if (bias != null) {
            Conv2dGeometry.requireLength(OP, "bias", new int[] {g.outChannels()}, bias.length, biasOff);
        }
        if (WinogradF64.applies(g)) {
            WinogradF64.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
            return;
        }
        if (ConvImplicitF64.applies(g)) {
            ConvImplicitF64.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
            return;
        }
        forwardLowered(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
    }

    /** The general path of {@link #forward}: per-image im2col and GEMM (any geometry). */
    static void forwardLowered(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                               double[] bias, int biasOff, double[] y, int yOff) {
        int ohw = g.outputPlane();
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        boolean pointwise = isPointwise(g);
        double[] col = pointwise ? null : columns(k * ohw);
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane();
                int yBase = yOff + (n * g.outChannels() + grp * coutG) * ohw;
                if (bias != null) {
                    for (int co = 0; co < coutG; co++) {
                        Arrays.fill(y, yBase + co * ohw, yBase + (co + 1) * ohw, bias[biasOff + grp * coutG + co]);
                    }
                }
                double[] b = pointwise ? x : col;
                int bOff = pointwise ? xBase : 0;
                if (!pointwise) {
                    ConvIm2colF64.im2col(g, x, xBase, col);
                }
                GemmF64.gemm(coutG, ohw, k, w, wOff + grp * coutG * k, k, 1,
                        b, bOff, ohw, 1, y, yBase, ohw, bias != null);
            }
        }
    }

    /**
     * Input gradient (a transposed convolution): {@code dx = dL/dx} given {@code dy = dL/dy}.
     * Overwrites {@code dx}.
     */
    public static void backwardInput(Conv2dGeometry g, double[] dy, int dyOff, double[] w, int wOff,
                                     double[] dx, int dxOff) {
        String op = OP + " backward input";
        Conv2dGeometry.requireLength(op, "grad output", g.outputShape(), dy.length, dyOff);
        Conv2dGeometry.requireLength(op, "weight", g.weightShape(), w.length, wOff);
        Conv2dGeometry.requireLength(op, "grad input", g.inputShape(), dx.length, dxOff);
        if (WinogradF64.appliesBackwardInput(g)) {
            WinogradF64.backwardInput(g, dy, dyOff, w, wOff, dx, dxOff, true);
            return;
        }
        if (ConvImplicitF64.appliesBackwardInput(g)) {
            ConvImplicitF64.backwardInput(g, dy, dyOff, w, wOff, dx, dxOff);
            return;
        }
        backwardInputLowered(g, dy, dyOff, w, wOff, dx, dxOff);
    }

    /** The general path of {@link #backwardInput}: per-image GEMM and col2im (any geometry). */
    static void backwardInputLowered(Conv2dGeometry g, double[] dy, int dyOff, double[] w, int wOff,
                                     double[] dx, int dxOff) {
        int ohw = g.outputPlane();
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        boolean pointwise = isPointwise(g);
        double[] col = pointwise ? null : columns(k * ohw);
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0);
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int dxBase = dxOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane();
                int dyBase = dyOff + (n * g.outChannels() + grp * coutG) * ohw;
                // dcol = W_group^T · dy_group: A(i,p) = W[p][i], so the strides swap.
                double[] c = pointwise ? dx : col;
                int cOff = pointwise ? dxBase : 0;
                GemmF64.gemm(k, ohw, coutG, w, wOff + grp * coutG * k, 1, k,
                        dy, dyBase, ohw, 1, c, cOff, ohw, false);
                if (!pointwise) {
                    ConvIm2colF64.col2imAdd(g, col, dx, dxBase);
                }
            }
        }
    }

    /**
     * Weight gradient: {@code dw = dL/dw} given input {@code x} and {@code dy = dL/dy}.
     * Overwrites {@code dw}; images are summed in ascending order.
     */
    public static void backwardWeight(Conv2dGeometry g, double[] x, int xOff, double[] dy, int dyOff,
                                      double[] dw, int dwOff) {
        String op = OP + " backward weight";
        Conv2dGeometry.requireLength(op, "input", g.inputShape(), x.length, xOff);
        Conv2dGeometry.requireLength(op, "grad output", g.outputShape(), dy.length, dyOff);
        Conv2dGeometry.requireLength(op, "grad weight", g.weightShape(), dw.length, dwOff);
        if (ConvImplicitF64.appliesBackwardWeight(g)) {
            ConvImplicitF64.backwardWeight(g, x, xOff, dy, dyOff, dw, dwOff);
            return;
        }
        backwardWeightLowered(g, x, xOff, dy, dyOff, dw, dwOff);
    }

    /** The general path of {@link #backwardWeight}: per-image im2col and GEMM, images in ascending order. */
    static void backwardWeightLowered(Conv2dGeometry g, double[] x, int xOff, double[] dy, int dyOff,
                                      double[] dw, int dwOff) {
        int ohw = g.outputPlane();
        int coutG = g.outChannelsPerGroup();
        int k = g.patchSize();
        boolean pointwise = isPointwise(g);
        double[] col = pointwise ? null : columns(k * ohw);
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = xOff + (n * g.inChannels() + grp * g.inChannelsPerGroup()) * g.inputPlane();
                int dyBase = dyOff + (n * g.outChannels() + grp * coutG) * ohw;
                double[] b = pointwise ? x : col;
                int bOff = pointwise ? xBase : 0;
                if (!pointwise) {
                    ConvIm2colF64.im2col(g, x, xBase, col);
                }
                // dW_group (+)= dy_group · col^T: B(p,j) = col[j][p], so the strides swap.
                GemmF64.gemm(coutG, k, ohw, dy, dyBase, ohw, 1,
                        b, bOff, 1, ohw, dw, dwOff + grp * coutG * k, k, n > 0);
            }
        }
    }

    /** Bias gradient: {@code db[co] = sum over n, oh, ow of dy[n][co][oh][ow]}. Overwrites {@code db}. */
    public static void backwardBias(Conv2dGeometry g, double[] dy, int dyOff, double[] db, int dbOff) {
        String op = OP + " backward bias";
        Conv2dGeometry.requireLength(op, "grad output", g.outputShape(), dy.length, dyOff);
        Conv2dGeometry.requireLength(op, "grad bias", new int[] {g.outChannels()}, db.length, dbOff);
        channelSums(g.batch(), g.outChannels(), g.outputPlane(), dy, dyOff, db, dbOff);
    }

    /**
     * {@code db[c] = Σ_n Σ_i dy[(n*channels + c)*plane + i]}: the bias gradient of an NCHW
     * cotangent, read in place (no channel-major copy). Each channel adds its planes in
     * ascending n, each plane by {@link #sum}; channels are split over threads, so the bits do
     * not depend on the thread count. Overwrites {@code db[dbOff .. dbOff+channels)}.
     *
     * @throws IllegalArgumentException when a size is negative or an array is too short
     */
    public static void channelSums(int batch, int channels, int plane, double[] dy, int dyOff, double[] db, int dbOff) {
        long size = (long) batch * channels * plane;
        if (batch < 0 || channels < 0 || plane < 0 || dyOff < 0 || dbOff < 0 || dyOff + size > dy.length
                || dbOff + channels > db.length) {
            throw new IllegalArgumentException(OP + " channel sums: [" + batch + "," + channels + "," + plane
                    + "] from offset " + dyOff + " of " + dy.length + " elements into " + channels
                    + " from offset " + dbOff + " of " + db.length);
        }
        // One read per element, about 16 per flop's time: another thread pays from ~256k elements
        // (LeNet's conv2 cotangent, 401k, was the step's largest serial kernel at 2 threads).
        if (channels > 1 && Parallel.worthSplitting(16 * size)) {
            Parallel.parallelFor(channels, c -> db[dbOff + c] = channelSum(batch, channels, plane, dy, dyOff, c));
        } else {
            for (int c = 0; c < channels; c++) {
                db[dbOff + c] = channelSum(batch, channels, plane, dy, dyOff, c);
            }
        }
    }

    private static double channelSum(int batch, int channels, int plane, double[] dy, int dyOff, int c) {
        double s = 0;
        for (int n = 0; n < batch; n++) {
            s += sum(dy, dyOff + (n * channels + c) * plane, plane);
        }
        return s;
    }

    /** 1x1 kernel, stride 1, no padding: the input plane already is the column matrix. */
    private static boolean isPointwise(Conv2dGeometry g) {
        return g.kernelHeight() == 1 && g.kernelWidth() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 0 && g.padW() == 0;
    }

    /** Sum of a[off..off+len): lane-wise partial sums on the vector path (fixed order either way). */
    private static double sum(double[] a, int off, int len) {
        int i = 0;
        double s = 0;
        if (Simd.ENABLED) {
            DoubleVector acc = DoubleVector.zero(S);
            for (; i <= len - S.length(); i += S.length()) {
                acc = acc.add(DoubleVector.fromArray(S, a, off + i));
            }
            s = LanesF64.sum(acc);
        }
        for (; i < len; i++) {
            s += a[off + i];
        }
        return s;
    }

    private static double[] columns(int size) {
        double[][] scratch = SCRATCH.get();
        if (scratch[0].length < size) {
            scratch[0] = new double[size];
        }
        return scratch[0];
    }
}

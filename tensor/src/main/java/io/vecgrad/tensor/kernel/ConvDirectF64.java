package io.vecgrad.tensor.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct vectorized forward convolution for groups with one input channel each (LeNet's
 * first layer, depthwise convolutions) and horizontal stride 1.
 *
 * <p>Why not im2col there: with one input channel the patch is only {@code kH*kW} long, so
 * im2col copies every input value {@code kH*kW} times to feed a GEMM whose inner dimension is
 * too short to amortize packing. Instead we copy each input plane once into a zero-padded
 * scratch plane and slide vectors along its rows: every output vector is a sum of
 * {@code kH*kW} unaligned input loads times a broadcast weight.
 *
 * <p>Register blocking: two output channels times four output vectors per step, so each
 * input load feeds two FMAs, each broadcast weight feeds four, and eight independent
 * accumulators hide the FMA latency. The padded plane is wide enough that the last vector of
 * a row may run past the output width; those extra lanes go to a row buffer and are dropped.
 */
final class ConvDirectF64 {
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final int VL = S.length();
    /** Per thread: [0] padded input plane, [1] two output rows. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private ConvDirectF64() {}

    /** True when this kernel handles {@code g}: vector path on, one input channel per group, stride-1 columns. */
    static boolean applies(Conv2dGeometry g) {
        return Simd.ENABLED && g.inChannelsPerGroup() == 1 && g.strideW() == 1 && g.outWidth() >= VL;
    }

    static void forward(Conv2dGeometry g, double[] x, int xOff, double[] w, int wOff,
                        double[] bias, int biasOff, double[] y, int yOff) {
        int rowVec = roundUp(g.outWidth(), VL);
        int padW = Math.max(g.inWidth() + 2 * g.padW(), rowVec + (g.kernelWidth() - 1) * g.dilationW());
        int padH = g.inHeight() + 2 * g.padH();
        double[][] scratch = SCRATCH.get();
        double[] plane = grow(scratch, 0, padH * padW);
        double[] rows = grow(scratch, 1, 2 * rowVec);
        int coutG = g.outChannelsPerGroup();
        int[] taps = tapOffsets(g, padW);
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.inChannels(); c++) {
                padPlane(g, x, xOff + (n * g.inChannels() + c) * g.inputPlane(), plane, padW);
                for (int k = 0; k < coutG; k += 2) {
                    int co = c * coutG + k;
                    int pair = Math.min(2, coutG - k);
                    double b0 = bias == null ? 0 : bias[biasOff + co];
                    double b1 = bias == null || pair < 2 ? 0 : bias[biasOff + co + 1];
                    int yBase = yOff + (n * g.outChannels() + co) * g.outputPlane();
                    int w0 = wOff + co * taps.length;
                    int w1 = pair < 2 ? w0 : w0 + taps.length;
                    for (int oh = 0; oh < g.outHeight(); oh++) {
                        convolveRowPair(oh * g.strideH() * padW, taps, plane, w, w0, w1, b0, b1, rows, rowVec);
                        int dst = yBase + oh * g.outWidth();
                        System.arraycopy(rows, 0, y, dst, g.outWidth());
                        if (pair == 2) {
                            System.arraycopy(rows, rowVec, y, dst + g.outputPlane(), g.outWidth());
                        }
                    }
                }
            }
        }
    }

    /** Copies one input plane into the middle of a zeroed {@code padH x padW} plane. */
    private static void padPlane(Conv2dGeometry g, double[] x, int src, double[] plane, int padW) {
        Arrays.fill(plane, 0, (g.inHeight() + 2 * g.padH()) * padW, 0);
        for (int h = 0; h < g.inHeight(); h++) {
            System.arraycopy(x, src + h * g.inWidth(), plane, (h + g.padH()) * padW + g.padW(), g.inWidth());
        }
    }

    /** Output row {@code oh} of channels w0 and w1 into rows[0..rowVec) and rows[rowVec..2*rowVec). */
    private static void convolveRowPair(int top, int[] taps, double[] plane, double[] w, int w0, int w1,
                                        double b0, double b1, double[] rows, int rowVec) {
        int ow = 0;
        for (; ow + 4 * VL <= rowVec; ow += 4 * VL) {
            block4(plane, top + ow, taps, w, w0, w1, b0, b1, rows, ow, rowVec);
        }
        for (; ow < rowVec; ow += VL) {
            block1(plane, top + ow, taps, w, w0, w1, b0, b1, rows, ow, rowVec);
        }
    }

    /**
     * Four vectors of two channels: 8 accumulators, each load used twice, each weight four times.
     * One flat loop over precomputed tap offsets, and every accumulator starts from its own
     * broadcast: JDK 17's C2 keeps vectors boxed (12x slower) when a nested tap loop merges
     * accumulators that alias one initial vector.
     */
    private static void block4(double[] plane, int start, int[] taps, double[] w, int w0, int w1,
                               double b0, double b1, double[] rows, int ow, int rowVec) {
        DoubleVector a0 = DoubleVector.broadcast(S, b0);
        DoubleVector a1 = DoubleVector.broadcast(S, b0);
        DoubleVector a2 = DoubleVector.broadcast(S, b0);
        DoubleVector a3 = DoubleVector.broadcast(S, b0);
        DoubleVector c0 = DoubleVector.broadcast(S, b1);
        DoubleVector c1 = DoubleVector.broadcast(S, b1);
        DoubleVector c2 = DoubleVector.broadcast(S, b1);
        DoubleVector c3 = DoubleVector.broadcast(S, b1);
        for (int t = 0; t < taps.length; t++) {
            int p = start + taps[t];
            DoubleVector u = DoubleVector.broadcast(S, w[w0 + t]);
            DoubleVector v = DoubleVector.broadcast(S, w[w1 + t]);
            DoubleVector x0 = DoubleVector.fromArray(S, plane, p);
            DoubleVector x1 = DoubleVector.fromArray(S, plane, p + VL);
            DoubleVector x2 = DoubleVector.fromArray(S, plane, p + 2 * VL);
            DoubleVector x3 = DoubleVector.fromArray(S, plane, p + 3 * VL);
            a0 = x0.fma(u, a0);
            a1 = x1.fma(u, a1);
            a2 = x2.fma(u, a2);
            a3 = x3.fma(u, a3);
            c0 = x0.fma(v, c0);
            c1 = x1.fma(v, c1);
            c2 = x2.fma(v, c2);
            c3 = x3.fma(v, c3);
        }
        a0.intoArray(rows, ow);
        a1.intoArray(rows, ow + VL);
        a2.intoArray(rows, ow + 2 * VL);
        a3.intoArray(rows, ow + 3 * VL);
        c0.intoArray(rows, rowVec + ow);
        c1.intoArray(rows, rowVec + ow + VL);
        c2.intoArray(rows, rowVec + ow + 2 * VL);
        c3.intoArray(rows, rowVec + ow + 3 * VL);
    }

    /** One vector of two channels, for the row tail. */
    private static void block1(double[] plane, int start, int[] taps, double[] w, int w0, int w1,
                               double b0, double b1, double[] rows, int ow, int rowVec) {
        DoubleVector a = DoubleVector.broadcast(S, b0);
        DoubleVector c = DoubleVector.broadcast(S, b1);
        for (int t = 0; t < taps.length; t++) {
            DoubleVector x0 = DoubleVector.fromArray(S, plane, start + taps[t]);
            a = x0.fma(DoubleVector.broadcast(S, w[w0 + t]), a);
            c = x0.fma(DoubleVector.broadcast(S, w[w1 + t]), c);
        }
        a.intoArray(rows, ow);
        c.intoArray(rows, rowVec + ow);
    }

    /** Offset of tap (i, j) from the window's top-left corner in the padded plane, row-major like the weight. */
    private static int[] tapOffsets(Conv2dGeometry g, int padW) {
        int[] taps = new int[g.kernelHeight() * g.kernelWidth()];
        for (int i = 0; i < g.kernelHeight(); i++) {
            for (int j = 0; j < g.kernelWidth(); j++) {
                taps[i * g.kernelWidth() + j] = i * g.dilationH() * padW + j * g.dilationW();
            }
        }
        return taps;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private static double[] grow(double[][] scratch, int slot, int size) {
        if (scratch[slot].length < size) {
            scratch[slot] = new double[size];
        }
        return scratch[slot];
    }
}

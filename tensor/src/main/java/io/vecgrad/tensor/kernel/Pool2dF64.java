package io.vecgrad.tensor.kernel;

import java.util.Arrays;

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
 * valid input elements and never test bounds. Single-threaded; planes are independent, so a
 * pool can split over {@code batch*channels} without changing any result.
 */
public final class Pool2dF64 {
    private Pool2dF64() {}

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

package io.vecgrad.tensor.kernel;

import java.util.Arrays;

/**
 * The im2col lowering of one image and one group of a convolution, and its adjoint col2im.
 *
 * <p>The column matrix has {@code patchSize = C/groups * kH * kW} rows and {@code OH*OW}
 * columns, row-major. Row {@code (c*kH + i)*kW + j} holds, for every output pixel, the input
 * value that kernel tap (c, i, j) sees, or zero where the tap falls into padding. This row
 * order matches the weight layout {@code [Cout, C/groups, kH, kW]}, so the forward pass is the
 * plain product {@code W_group · col}.
 *
 * <p>Each (tap, output row) is a contiguous run of valid pixels between two zero runs; we
 * compute that run's bounds once per tap column so the copy loop has no bounds tests, and
 * stride 1 becomes a single {@link System#arraycopy}.
 */
final class ConvIm2colF64 {
    private ConvIm2colF64() {}

    /** Fills {@code col} from the group's first channel at {@code x[xOff]}. */
    static void im2col(Conv2dGeometry g, double[] x, int xOff, double[] col) {
        int ow = g.outWidth();
        int ohw = g.outputPlane();
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = xOff + c * g.inputPlane();
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int lo = firstValidColumn(g, j);
                    int hi = Math.max(lo, endValidColumn(g, j));
                    int iwLo = lo * g.strideW() - g.padW() + j * g.dilationW();
                    for (int oh = 0; oh < g.outHeight(); oh++) {
                        int dst = row * ohw + oh * ow;
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (ih < 0 || ih >= g.inHeight() || lo == hi) {
                            Arrays.fill(col, dst, dst + ow, 0);
                            continue;
                        }
                        Arrays.fill(col, dst, dst + lo, 0);
                        copyRun(x, plane + ih * g.inWidth() + iwLo, g.strideW(), col, dst + lo, hi - lo);
                        Arrays.fill(col, dst + hi, dst + ow, 0);
                    }
                }
            }
        }
    }

    /** Adds each column entry back onto the input pixel it was copied from (the adjoint of im2col). */
    static void col2imAdd(Conv2dGeometry g, double[] col, double[] dx, int dxOff) {
        int ow = g.outWidth();
        int ohw = g.outputPlane();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = dxOff + c * g.inputPlane();
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int lo = firstValidColumn(g, j);
                    int hi = endValidColumn(g, j);
                    int iwLo = lo * sw - g.padW() + j * g.dilationW();
                    for (int oh = 0; oh < g.outHeight(); oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (ih < 0 || ih >= g.inHeight()) {
                            continue;
                        }
                        int src = row * ohw + oh * ow + lo;
                        int dst = plane + ih * g.inWidth() + iwLo;
                        for (int t = 0; t < hi - lo; t++) {
                            dx[dst + t * sw] += col[src + t];
                        }
                    }
                }
            }
        }
    }

    /** Smallest output column whose tap j lands at input column >= 0. */
    static int firstValidColumn(Conv2dGeometry g, int j) {
        int need = g.padW() - j * g.dilationW();
        return need <= 0 ? 0 : Math.min(g.outWidth(), (need + g.strideW() - 1) / g.strideW());
    }

    /** One past the largest output column whose tap j lands at input column < W. */
    static int endValidColumn(Conv2dGeometry g, int j) {
        int room = g.inWidth() - 1 + g.padW() - j * g.dilationW();
        return room < 0 ? 0 : Math.min(g.outWidth(), room / g.strideW() + 1);
    }

    private static void copyRun(double[] src, int from, int stride, double[] dst, int to, int len) {
        if (stride == 1) {
            System.arraycopy(src, from, dst, to, len);
            return;
        }
        for (int t = 0; t < len; t++) {
            dst[to + t] = src[from + t * stride];
        }
    }
}

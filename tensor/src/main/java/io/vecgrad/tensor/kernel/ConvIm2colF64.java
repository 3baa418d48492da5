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
 * <p>Padding is materialized first: the group's planes are copied once into a zero-bordered
 * scratch, after which every (tap, output row) is an in-bounds run of {@code OW} elements with
 * no zero runs to fill and no bounds tests. That copy is {@code C/groups*H*W} elements, while
 * the lowering writes {@code kH*kW} times as many, so it pays for itself. Without padding the
 * input is read directly.
 */
final class ConvIm2colF64 {
    /** Per thread: the zero-padded planes of one (image, group). */
    private static final ThreadLocal<double[][]> PADDED = ThreadLocal.withInitial(() -> new double[1][0]);

    private ConvIm2colF64() {}

    /** Fills {@code col} from the group's first channel at {@code x[xOff]}. */
    static void im2col(Conv2dGeometry g, double[] x, int xOff, double[] col) {
        double[] src = x;
        int srcOff = xOff;
        if (padded(g)) {
            src = paddedScratch(g);
            srcOff = 0;
            pad(g, x, xOff, src);
        }
        int hp = g.inHeight() + 2 * g.padH();
        int wp = g.inWidth() + 2 * g.padW();
        int ow = g.outWidth();
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = srcOff + c * hp * wp;
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int dst = row * g.outputPlane();
                    int first = plane + i * g.dilationH() * wp + j * g.dilationW();
                    for (int oh = 0; oh < g.outHeight(); oh++, dst += ow) {
                        copyRun(src, first + oh * g.strideH() * wp, g.strideW(), col, dst, ow);
                    }
                }
            }
        }
    }

    /** Adds each column entry back onto the input pixel it was copied from (the adjoint of im2col). */
    static void col2imAdd(Conv2dGeometry g, double[] col, double[] dx, int dxOff) {
        double[] dst = dx;
        int dstOff = dxOff;
        if (padded(g)) {
            dst = paddedScratch(g);
            dstOff = 0;
            Arrays.fill(dst, 0, paddedSize(g), 0);
        }
        int wp = g.inWidth() + 2 * g.padW();
        int hp = g.inHeight() + 2 * g.padH();
        int ow = g.outWidth();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = dstOff + c * hp * wp;
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int src = row * g.outputPlane();
                    int first = plane + i * g.dilationH() * wp + j * g.dilationW();
                    for (int oh = 0; oh < g.outHeight(); oh++, src += ow) {
                        int to = first + oh * g.strideH() * wp;
                        for (int t = 0; t < ow; t++) {
                            dst[to + t * sw] += col[src + t];
                        }
                    }
                }
            }
        }
        if (padded(g)) {
            unpadAdd(g, dst, dx, dxOff);
        }
    }

    private static boolean padded(Conv2dGeometry g) {
        return g.padH() > 0 || g.padW() > 0;
    }

    private static int paddedSize(Conv2dGeometry g) {
        return g.inChannelsPerGroup() * (g.inHeight() + 2 * g.padH()) * (g.inWidth() + 2 * g.padW());
    }

    private static double[] paddedScratch(Conv2dGeometry g) {
        double[][] scratch = PADDED.get();
        if (scratch[0].length < paddedSize(g)) {
            scratch[0] = new double[paddedSize(g)];
        }
        return scratch[0];
    }

    /** Copies the group's planes into the middle of zero-bordered planes. */
    private static void pad(Conv2dGeometry g, double[] x, int xOff, double[] out) {
        int wp = g.inWidth() + 2 * g.padW();
        int hp = g.inHeight() + 2 * g.padH();
        Arrays.fill(out, 0, paddedSize(g), 0);
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            for (int h = 0; h < g.inHeight(); h++) {
                System.arraycopy(x, xOff + (c * g.inHeight() + h) * g.inWidth(),
                        out, (c * hp + h + g.padH()) * wp + g.padW(), g.inWidth());
            }
        }
    }

    /** Adds the interior of the padded gradient planes onto dx; the border was padding and is dropped. */
    private static void unpadAdd(Conv2dGeometry g, double[] padded, double[] dx, int dxOff) {
        int wp = g.inWidth() + 2 * g.padW();
        int hp = g.inHeight() + 2 * g.padH();
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            for (int h = 0; h < g.inHeight(); h++) {
                int from = (c * hp + h + g.padH()) * wp + g.padW();
                int to = dxOff + (c * g.inHeight() + h) * g.inWidth();
                for (int t = 0; t < g.inWidth(); t++) {
                    dx[to + t] += padded[from + t];
                }
            }
        }
    }

    /**
     * One output row of one tap. For stride 1 {@link System#arraycopy} wins: measured on JDK 25,
     * a plain loop over these short runs (one output row, often under 32 elements) was 4x slower.
     */
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

package io.vecgrad.tensor.kernel;

import java.util.Arrays;

/**
 * Plain nested-loop 2-D convolution: the test oracle for {@link Conv2dF64}. Slow on purpose:
 * one formula per output element, bounds checked per tap, no lowering, no SIMD.
 *
 * <pre>{@code
 * ConvReferenceF64.forward(g, x, w, bias, y);   // same contract as Conv2dF64.forward, offsets 0
 * }</pre>
 */
public final class ConvReferenceF64 {
    private ConvReferenceF64() {}

    /** {@code y[n][co][oh][ow] = bias[co] + sum over (c, i, j) of x·w}; bias may be null. Writes y. */
    public static void forward(Conv2dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int cinG = g.inChannelsPerGroup();
        int coutG = g.outChannelsPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                int grp = co / coutG;
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    for (int ow = 0; ow < g.outWidth(); ow++) {
                        double s = 0;
                        for (int c = 0; c < cinG; c++) {
                            for (int i = 0; i < g.kernelHeight(); i++) {
                                for (int j = 0; j < g.kernelWidth(); j++) {
                                    int ih = inRow(g, oh, i);
                                    int iw = inCol(g, ow, j);
                                    if (inside(g, ih, iw)) {
                                        s += x[inIndex(g, n, grp * cinG + c, ih, iw)] * w[wIndex(g, co, c, i, j)];
                                    }
                                }
                            }
                        }
                        y[outIndex(g, n, co, oh, ow)] = s + (bias == null ? 0 : bias[co]);
                    }
                }
            }
        }
    }

    /** Input gradient by scattering every output gradient back along its taps. Overwrites dx. */
    public static void backwardInput(Conv2dGeometry g, double[] dy, double[] w, double[] dx) {
        Arrays.fill(dx, 0, g.inputSize(), 0);
        forEachTap(g, (n, co, oh, ow, c, i, j, ih, iw) -> {
            int grp = co / g.outChannelsPerGroup();
            dx[inIndex(g, n, grp * g.inChannelsPerGroup() + c, ih, iw)] +=
                    dy[outIndex(g, n, co, oh, ow)] * w[wIndex(g, co, c, i, j)];
        });
    }

    /** Weight gradient by accumulating input times output gradient along every tap. Overwrites dw. */
    public static void backwardWeight(Conv2dGeometry g, double[] x, double[] dy, double[] dw) {
        Arrays.fill(dw, 0, g.weightSize(), 0);
        forEachTap(g, (n, co, oh, ow, c, i, j, ih, iw) -> {
            int grp = co / g.outChannelsPerGroup();
            dw[wIndex(g, co, c, i, j)] +=
                    x[inIndex(g, n, grp * g.inChannelsPerGroup() + c, ih, iw)] * dy[outIndex(g, n, co, oh, ow)];
        });
    }

    /** Bias gradient: sum of dy over batch and pixels. Overwrites db. */
    public static void backwardBias(Conv2dGeometry g, double[] dy, double[] db) {
        for (int co = 0; co < g.outChannels(); co++) {
            double s = 0;
            for (int n = 0; n < g.batch(); n++) {
                for (int p = 0; p < g.outputPlane(); p++) {
                    s += dy[(n * g.outChannels() + co) * g.outputPlane() + p];
                }
            }
            db[co] = s;
        }
    }

    /** Visitor of one (output pixel, tap) pair whose input position lies inside the image. */
    private interface Tap {
        void at(int n, int co, int oh, int ow, int c, int i, int j, int ih, int iw);
    }

    private static void forEachTap(Conv2dGeometry g, Tap tap) {
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    for (int ow = 0; ow < g.outWidth(); ow++) {
                        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
                            for (int i = 0; i < g.kernelHeight(); i++) {
                                for (int j = 0; j < g.kernelWidth(); j++) {
                                    int ih = inRow(g, oh, i);
                                    int iw = inCol(g, ow, j);
                                    if (inside(g, ih, iw)) {
                                        tap.at(n, co, oh, ow, c, i, j, ih, iw);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int inRow(Conv2dGeometry g, int oh, int i) {
        return oh * g.strideH() - g.padH() + i * g.dilationH();
    }

    private static int inCol(Conv2dGeometry g, int ow, int j) {
        return ow * g.strideW() - g.padW() + j * g.dilationW();
    }

    private static boolean inside(Conv2dGeometry g, int ih, int iw) {
        return ih >= 0 && ih < g.inHeight() && iw >= 0 && iw < g.inWidth();
    }

    private static int inIndex(Conv2dGeometry g, int n, int c, int h, int w) {
        return ((n * g.inChannels() + c) * g.inHeight() + h) * g.inWidth() + w;
    }

    private static int outIndex(Conv2dGeometry g, int n, int c, int h, int w) {
        return ((n * g.outChannels() + c) * g.outHeight() + h) * g.outWidth() + w;
    }

    private static int wIndex(Conv2dGeometry g, int co, int c, int i, int j) {
        return ((co * g.inChannelsPerGroup() + c) * g.kernelHeight() + i) * g.kernelWidth() + j;
    }
}

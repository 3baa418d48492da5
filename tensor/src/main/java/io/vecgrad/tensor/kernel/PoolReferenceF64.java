package io.vecgrad.tensor.kernel;

/**
 * Plain nested-loop pooling: the test oracle for {@link Pool2dF64}. Visits every window tap
 * and tests it against the image bounds, with no precomputed clipping.
 *
 * <pre>{@code
 * PoolReferenceF64.maxForward(g, x, y, argmax);   // same contract as Pool2dF64, offsets 0
 * }</pre>
 */
public final class PoolReferenceF64 {
    private PoolReferenceF64() {}

    /** Max of each window into y, its plane index into argmax; first maximum wins, NaN wins. */
    public static void maxForward(Pool2dGeometry g, double[] x, double[] y, int[] argmax) {
        for (int pl = 0; pl < g.batch() * g.channels(); pl++) {
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++) {
                    int best = -1;
                    for (int i = 0; i < g.kernelHeight(); i++) {
                        for (int j = 0; j < g.kernelWidth(); j++) {
                            int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                            int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                            if (ih < 0 || ih >= g.inHeight() || iw < 0 || iw >= g.inWidth()) {
                                continue;
                            }
                            int idx = ih * g.inWidth() + iw;
                            double v = x[pl * g.inputPlane() + idx];
                            if (best < 0 || v > x[pl * g.inputPlane() + best] || Double.isNaN(v)) {
                                best = idx;
                            }
                        }
                    }
                    int o = (pl * g.outHeight() + oh) * g.outWidth() + ow;
                    y[o] = x[pl * g.inputPlane() + best];
                    argmax[o] = best;
                }
            }
        }
    }

    /** Window sums over the zero-padded input divided by kH*kW. */
    public static void avgForward(Pool2dGeometry g, double[] x, double[] y) {
        for (int pl = 0; pl < g.batch() * g.channels(); pl++) {
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++) {
                    double s = 0;
                    for (int i = 0; i < g.kernelHeight(); i++) {
                        for (int j = 0; j < g.kernelWidth(); j++) {
                            int ih = oh * g.strideH() - g.padH() + i;
                            int iw = ow * g.strideW() - g.padW() + j;
                            if (ih >= 0 && ih < g.inHeight() && iw >= 0 && iw < g.inWidth()) {
                                s += x[pl * g.inputPlane() + ih * g.inWidth() + iw];
                            }
                        }
                    }
                    y[(pl * g.outHeight() + oh) * g.outWidth() + ow] = s / (g.kernelHeight() * g.kernelWidth());
                }
            }
        }
    }
}

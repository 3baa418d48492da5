package io.vecgrad.optim.problems.twolayer;

/** Small shared helpers of the two-layer package. */
final class TwoLayerMath {
    private TwoLayerMath() {}

    /** {@code (1/2n) Σ (f_i − y_i)²}. */
    static double halfMeanSquare(double[] f, double[] y) {
        double s = 0;
        for (int i = 0; i < f.length; i++) s += (f[i] - y[i]) * (f[i] - y[i]);
        return s / (2 * f.length);
    }
}

package io.vecgrad.optim.prox;

/**
 * {@code g(x) = λ‖x‖₁}; its prox is soft thresholding, {@code sign(v)·max(|v| − tλ, 0)}.
 *
 * <pre>{@code
 * new L1Norm(1).prox(new double[] {3, -0.5}, 1);   // {2, 0}
 * }</pre>
 */
public record L1Norm(double lambda) implements Prox {
    public L1Norm {
        Prox.nonNegative("L1Norm", "lambda", lambda);
    }

    /** {@code sign(v)·max(|v| − k, 0)}, the scalar soft threshold. */
    public static double softThreshold(double v, double k) {
        if (v > k) return v - k;
        if (v < -k) return v + k;
        return 0.0;
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (double xi : x) s += Math.abs(xi);
        return lambda * s;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("L1Norm", v, t, out);
        double k = t * lambda;
        for (int i = 0; i < v.length; i++) out[i] = softThreshold(v[i], k);
    }
}

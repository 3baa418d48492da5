package io.vecgrad.optim.prox;

/**
 * {@code g(x) = λ‖x‖₂} (not squared); its prox is block soft thresholding,
 * {@code max(1 − tλ/‖v‖₂, 0)·v}.
 *
 * <pre>{@code
 * new L2Norm(1).prox(new double[] {3, 4}, 1);   // {2.4, 3.2}
 * }</pre>
 */
public record L2Norm(double lambda) implements Prox {
    public L2Norm {
        Prox.nonNegative("L2Norm", "lambda", lambda);
    }

    @Override
    public double value(double[] x) {
        return lambda * norm(x, null, 0, x.length);
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("L2Norm", v, t, out);
        double scale = shrink(norm(v, null, 0, v.length), t * lambda);
        for (int i = 0; i < v.length; i++) out[i] = scale * v[i];
    }

    /** {@code max(1 − k/norm, 0)}, 0 for a zero vector. */
    static double shrink(double norm, double k) {
        return norm > k ? 1 - k / norm : 0.0;
    }

    /** Euclidean norm of {@code x[idx[i]]} (or of {@code x[from..to)} when {@code idx} is null), scaled against overflow. */
    static double norm(double[] x, int[] idx, int from, int to) {
        double max = 0;
        for (int i = from; i < to; i++) max = Math.max(max, Math.abs(x[idx == null ? i : idx[i]]));
        if (max == 0 || Double.isInfinite(max) || Double.isNaN(max)) return max;
        double s = 0;
        for (int i = from; i < to; i++) {
            double r = x[idx == null ? i : idx[i]] / max;
            s += r * r;
        }
        return max * Math.sqrt(s);
    }
}

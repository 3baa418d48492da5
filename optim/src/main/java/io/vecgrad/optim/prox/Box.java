package io.vecgrad.optim.prox;

/**
 * Indicator of the box {@code lo ≤ x_i ≤ hi}; its prox is clipping.
 *
 * <pre>{@code
 * new Box(0, 1).prox(new double[] {-2, 0.5, 3}, 1);   // {0, 0.5, 1}
 * }</pre>
 */
public record Box(double lo, double hi) implements Prox {
    public Box {
        if (!(lo <= hi)) throw new IllegalArgumentException("Box: needs lo ≤ hi, got lo=" + lo + ", hi=" + hi);
    }

    @Override
    public double value(double[] x) {
        for (double xi : x) {
            if (!(xi >= lo && xi <= hi)) return Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("Box", v, t, out);
        for (int i = 0; i < v.length; i++) out[i] = Math.min(hi, Math.max(lo, v[i]));
    }
}

package io.vecgrad.optim.prox;

/**
 * Elastic net {@code g(x) = λ₁‖x‖₁ + (λ₂/2)‖x‖₂²}; its prox is
 * {@code soft(v, tλ₁) / (1 + tλ₂)}.
 *
 * <pre>{@code
 * new ElasticNet(1, 1).prox(new double[] {3}, 1);   // {1}
 * }</pre>
 */
public record ElasticNet(double l1, double l2) implements Prox {
    public ElasticNet {
        Prox.nonNegative("ElasticNet", "l1", l1);
        Prox.nonNegative("ElasticNet", "l2", l2);
    }

    @Override
    public double value(double[] x) {
        double a = 0, s = 0;
        for (double xi : x) {
            a += Math.abs(xi);
            s += xi * xi;
        }
        return l1 * a + 0.5 * l2 * s;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("ElasticNet", v, t, out);
        double k = t * l1, d = 1 + t * l2;
        for (int i = 0; i < v.length; i++) out[i] = L1Norm.softThreshold(v[i], k) / d;
    }
}

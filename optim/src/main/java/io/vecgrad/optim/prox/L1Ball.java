package io.vecgrad.optim.prox;

/**
 * Indicator of the L1 ball {@code ‖x‖₁ ≤ r}; its prox is the Euclidean projection of Duchi,
 * Shalev-Shwartz, Singer, Chandra (2008), Section 4: {@code v} itself when inside, else
 * {@code sign(v)·max(|v| − θ, 0)} with θ the simplex threshold of {@code |v|} ({@link Simplex}).
 *
 * <pre>{@code
 * new L1Ball(1).prox(new double[] {2, 0}, 1);   // {1, 0}
 * }</pre>
 */
public record L1Ball(double radius) implements Prox {
    public L1Ball {
        Prox.nonNegative("L1Ball", "radius", radius);
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (double xi : x) s += Math.abs(xi);
        return s <= radius * (1 + Simplex.SUM_TOL * Math.max(1, x.length)) ? 0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("L1Ball", v, t, out);
        double[] a = new double[v.length];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
            s += a[i];
        }
        if (s <= radius) {
            if (out != v) System.arraycopy(v, 0, out, 0, v.length);
            return;
        }
        double theta = radius == 0 ? Double.POSITIVE_INFINITY : Simplex.threshold(a, radius);
        for (int i = 0; i < v.length; i++) out[i] = Math.copySign(Math.max(a[i] - theta, 0), v[i]);
    }
}

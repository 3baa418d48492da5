package io.vecgrad.optim.prox;

import java.util.Arrays;

/**
 * Indicator of the simplex {@code {x ≥ 0, Σx = r}}, {@code r > 0}; its prox is the Euclidean
 * projection by sorting (Duchi, Shalev-Shwartz, Singer, Chandra 2008, Figure 1), O(n log n):
 * sort {@code v} descending into {@code u}, take the largest {@code ρ} with
 * {@code u_ρ − (Σ_{j≤ρ} u_j − r)/ρ > 0}, then {@code x = max(v − θ, 0)} with
 * {@code θ = (Σ_{j≤ρ} u_j − r)/ρ}.
 *
 * <pre>{@code
 * new Simplex(1).prox(new double[] {0.5, 0.5, 0.5}, 1);   // {1/3, 1/3, 1/3}
 * }</pre>
 */
public record Simplex(double radius) implements Prox {
    /** Feasibility tolerance of {@link #value} on the sum, relative to the radius. */
    static final double SUM_TOL = 1e-12;

    public Simplex {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("Simplex: radius must be positive and finite, got " + radius);
        }
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (double xi : x) {
            if (!(xi >= 0)) return Double.POSITIVE_INFINITY;
            s += xi;
        }
        return Math.abs(s - radius) <= SUM_TOL * Math.max(radius, s) * Math.max(1, x.length) ? 0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("Simplex", v, t, out);
        if (v.length == 0) throw new IllegalArgumentException("Simplex.prox: the simplex in R^0 is empty");
        double theta = threshold(v, radius);
        for (int i = 0; i < v.length; i++) out[i] = Math.max(v[i] - theta, 0);
    }

    /** The θ of Duchi et al.'s Figure 1 for projecting {@code v} onto {@code {x ≥ 0, Σx = r}}. */
    static double threshold(double[] v, double r) {
        double[] u = v.clone();
        Arrays.sort(u);
        double cumsum = 0, theta = 0;
        for (int j = 1; j <= u.length; j++) {
            double uj = u[u.length - j];
            cumsum += uj;
            double candidate = (cumsum - r) / j;
            if (uj - candidate > 0) theta = candidate;
            else break;
        }
        return theta;
    }
}

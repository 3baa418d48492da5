package io.vecgrad.optim.schedule;

import java.util.Arrays;

/**
 * P52 schedule refinement (Defazio, Cutkosky, Mehta and Mishchenko, "When, Why and How Much?
 * Adaptive Learning Rate Scheduling by Refinement", arXiv:2310.07831; closed form of the authors'
 * {@code find_closed_form_schedule}). From the gradient norms G_1..G_T of a previous run:
 *
 * <pre>
 * 1. smooth: median filter of odd width 2⌊⌊τT⌋/2⌋ + 1 (edges "nearest"), the end padded with
 *    2·width reflected values that are dropped afterwards
 * 2. w_t = Ĝ_t^−2 (SGD, ℓ2 norms)  or  Ĝ_t^−1 (Adam, ℓ1 norms)
 * 3. s_t = w_t·Σ_{p&gt;t} w_p   (s_T = 0)
 * 4. η_t = s_t / max_p s_p
 * </pre>
 *
 * Constant norms give exactly linear decay {@code (T − 1 − t)/(T − 1)}. The result is a table in
 * [0, 1]; use {@link Schedules#table} with the peak rate.
 *
 * <pre>{@code
 * double[] shape = Refinement.refine(norms, 0.1, false);
 * Schedule lr = Schedules.table(shape, 0.1);
 * }</pre>
 */
public final class Refinement {
    private Refinement() {}

    /** The refined schedule shape (max 1, last 0) from gradient norms; {@code adam} selects ℓ1 weights. */
    public static double[] refine(double[] gradNorms, double tau, boolean adam) {
        int n = gradNorms.length;
        if (n < 2) throw new IllegalArgumentException("Refinement.refine: need at least 2 norms, got " + n);
        for (double g : gradNorms) {
            if (!(g > 0) || Double.isInfinite(g)) throw new IllegalArgumentException("Refinement.refine: norms must be positive and finite, got " + g);
        }
        double[] sm = smooth(gradNorms, tau);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = adam ? 1 / sm[i] : 1 / (sm[i] * sm[i]);
        double[] s = new double[n];
        double tail = 0, max = 0;
        for (int t = n - 1; t >= 0; t--) {
            s[t] = w[t] * tail;
            tail += w[t];
            max = Math.max(max, s[t]);
        }
        for (int t = 0; t < n; t++) s[t] /= max;
        return s;
    }

    /** The median smoothing of step 1. */
    public static double[] smooth(double[] x, double tau) {
        int n = x.length;
        int width = 2 * ((int) Math.floor(tau * n) / 2) + 1;
        if (width <= 1) return x.clone();
        int pad = 2 * width;
        double[] padded = Arrays.copyOf(x, n + pad);
        // Reflect about the last sample ("reflect" keeps the edge value out of the mirror).
        for (int i = 0; i < pad; i++) padded[n + i] = x[Math.max(0, n - 2 - (i % Math.max(1, n - 1)))];
        double[] out = new double[n];
        int h = width / 2;
        double[] win = new double[width];
        for (int i = 0; i < n; i++) {
            for (int k = -h; k <= h; k++) {
                int j = Math.min(Math.max(i + k, 0), padded.length - 1);
                win[k + h] = padded[j];
            }
            Arrays.sort(win);
            out[i] = win[h];
        }
        return out;
    }
}

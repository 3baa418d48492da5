package io.vecgrad.optim.linear;

import java.util.SplittableRandom;

/**
 * The Tsallis-INF bandit over a grid of actions (Zimmert and Seldin), as P51's code implements it
 * ({@code learners/TsallisINF.m} of mkhodak/learning-to-relax): at round t, {@code η = 2/sqrt(t)};
 * the FTRL distribution with the ½-Tsallis entropy {@code p_i = 4(η(L̂_i/s − x))⁻²} with the
 * normaliser x by Newton's method (the code: 20 steps from −1; here safeguarded by bisection so no
 * step crosses a pole, then renormalised exactly, which the code leaves to its sampler); an arm is sampled, and its loss c updates {@code L̂_i += (c − 1)/p_i} (costs
 * are iteration counts ≥ 1) and the scale {@code s = mean(c) − 1} (kept at 1 while it is ≤ 0).
 *
 * <pre>{@code
 * TsallisInf bandit = new TsallisInf(omegas, 7);
 * int arm = bandit.select();
 * bandit.update(iterations);
 * }</pre>
 */
public final class TsallisInf {
    private final int d;
    private final double[] cumulative;
    private final SplittableRandom rnd;
    private int t = 1, arm = -1;
    private double prob, scale = 1, lossSum;

    public TsallisInf(int arms, long seed) {
        if (arms < 1) throw new IllegalArgumentException("TsallisInf: needs at least one arm, got " + arms);
        d = arms;
        cumulative = new double[arms];
        rnd = new SplittableRandom(seed);
    }

    /** The current sampling distribution. */
    public double[] probabilities() {
        double eta = 2 / Math.sqrt(t);
        double min = Double.POSITIVE_INFINITY;
        for (double k : cumulative) min = Math.min(min, k / scale);
        // Σp(x) − 1 increases on (−∞, min): bracket the root, Newton steps that leave the bracket bisect
        double lo = min - 2 * Math.sqrt(d) / eta, hi = min;   // Σp(lo) ≤ 1 (each p_i ≤ 1/d)
        double x = Math.min(-1, lo);
        if (x < lo) x = lo;
        double[] p = new double[d];
        for (int it = 0; it < 100; it++) {
            double s = 0, ds = 0;
            for (int i = 0; i < d; i++) {
                double z = cumulative[i] / scale - x;
                p[i] = 4 / (eta * eta * z * z);
                s += p[i];
                ds += eta * Math.pow(p[i], 1.5);
            }
            if (s > 1) hi = x;
            else lo = x;
            double next = x - (s - 1) / ds;
            x = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (Math.abs(s - 1) < 1e-13) break;
        }
        double s = 0;
        for (int i = 0; i < d; i++) {
            double z = eta * (cumulative[i] / scale - x);
            p[i] = 4 / (z * z);
            s += p[i];
        }
        for (int i = 0; i < d; i++) p[i] /= s;
        return p;
    }

    /** Samples an arm from {@link #probabilities()}. */
    public int select() {
        double[] p = probabilities();
        arm = TsallisInf.draw(p, rnd);
        prob = p[arm];
        return arm;
    }

    /** An index drawn with probabilities p (the last index absorbs rounding). */
    static int draw(double[] p, SplittableRandom rnd) {
        double u = rnd.nextDouble(), c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) return i;
        }
        return p.length - 1;
    }

    /** Feeds back the cost (≥ 1, e.g. an iteration count) of the last selected arm. */
    public void update(double cost) {
        if (arm < 0) throw new IllegalStateException("TsallisInf.update: call select() first");
        lossSum += cost;
        double mean = lossSum / t - 1;
        scale = mean > 0 ? mean : 1;
        cumulative[arm] += (cost - 1) / prob;
        t++;
        arm = -1;
    }
}

package io.vecgrad.experiments.papers;

import java.util.Arrays;

/**
 * Mean and standard error of one figure over seeds (sample standard deviation with divisor n − 1,
 * divided by √n). The margins of the experiments in this package are derived from these: a
 * difference of two means is "within the seed spread" when it is smaller than twice the standard
 * error of the difference, {@code 2·sqrt(se_a² + se_b²)}.
 *
 * <pre>{@code
 * SeedStats s = SeedStats.of(new double[] {0.91, 0.93, 0.92});
 * String text = s.format(100, 2);      // "92.00 ± 0.58"
 * }</pre>
 */
public record SeedStats(double[] values, double mean, double se) {
    public static SeedStats of(double[] values) {
        int n = values.length;
        if (n == 0) throw new IllegalArgumentException("SeedStats: no values");
        double m = 0;
        for (double v : values) m += v / n;
        double ss = 0;
        for (double v : values) ss += (v - m) * (v - m);
        double se = n < 2 ? 0 : Math.sqrt(ss / (n - 1) / n);
        return new SeedStats(values.clone(), m, se);
    }

    /** Twice the standard error of the difference of two means: the margin used by these experiments. */
    public static double margin(SeedStats a, SeedStats b) {
        return 2 * Math.sqrt(a.se * a.se + b.se * b.se);
    }

    /** The median (ties averaged). */
    public double median() {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code mean ± se} scaled by {@code scale} with {@code digits} decimals. */
    public String format(double scale, int digits) {
        String f = "%." + digits + "f";
        return String.format(f + " ± " + f, mean * scale, se * scale);
    }
}

package io.vecgrad.optim.particles;

/**
 * Maximum mean discrepancy between two samples with an RBF kernel {@code exp(−‖x − y‖² / bw)}:
 * the biased (V-statistic) estimate {@code MMD² = mean k(X, X) + mean k(Y, Y) − 2 mean k(X, Y)},
 * which is ≥ 0 and exactly 0 for identical samples. {@link #medianBandwidth} picks bw as the median
 * squared distance of the pooled sample (Gretton et al.'s heuristic).
 *
 * <pre>{@code
 * double mmd2 = Mmd.squared(particles, referenceSamples, Mmd.medianBandwidth(particles, referenceSamples));
 * }</pre>
 */
public final class Mmd {
    private Mmd() {}

    /** Biased MMD² with bandwidth {@code bw}. */
    public static double squared(double[][] x, double[][] y, double bw) {
        if (x.length == 0 || y.length == 0) throw new IllegalArgumentException("Mmd.squared: empty sample (" + x.length + " and " + y.length + " points)");
        if (x[0].length != y[0].length) throw new IllegalArgumentException("Mmd.squared: samples of dimension " + x[0].length + " and " + y[0].length);
        if (!(bw > 0)) throw new IllegalArgumentException("Mmd.squared: bandwidth must be > 0, got " + bw);
        double v = mean(x, x, bw) + mean(y, y, bw) - 2 * mean(x, y, bw);
        return Math.max(v, 0);
    }

    private static double mean(double[][] a, double[][] b, double bw) {
        double s = 0;
        for (double[] p : a) for (double[] q : b) s += RbfKernel.value(p, q, bw);
        return s / ((double) a.length * b.length);
    }

    /** The median squared pairwise distance of the pooled sample (off-diagonal pairs); 1 if it is 0. */
    public static double medianBandwidth(double[][] x, double[][] y) {
        double[][] all = new double[x.length + y.length][];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        int n = all.length;
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int m = 0; m < all[i].length; m++) s += (all[i][m] - all[j][m]) * (all[i][m] - all[j][m]);
                d[k++] = s;
            }
        }
        if (d.length == 0) return 1;
        java.util.Arrays.sort(d);
        double med = d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
        return med > 0 ? med : 1;
    }
}

package io.vecgrad.optim.solvers.relu;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sampled ReLU activation patterns {@code D_i = diag(𝟙[X h_i ≥ 0])}, {@code h_i ~ N(0, I_d)}, kept
 * unique — the hyperplane-arrangement sample of the approximate convex program (Pilanci and
 * Ergen, ICML 2020; Bai, Gautam, Sojoudi, SIMODS 2023). As the re-implementation
 * github.com/zachary-shah/admmNN ({@code get_hyperplane_cuts}) does, we draw until {@code P}
 * distinct patterns exist (in draw order; a pattern seen before is skipped).
 *
 * <pre>{@code
 * ActivationPatterns p = ActivationPatterns.sample(x, n, d, 20, 7);
 * boolean[] active = p.pattern(3);   // which rows of X the 4th unit is active on
 * }</pre>
 */
public final class ActivationPatterns {
    private final boolean[][] patterns;
    private final double[][] generators;
    private final int n;

    private ActivationPatterns(boolean[][] patterns, double[][] generators, int n) {
        this.patterns = patterns;
        this.generators = generators;
        this.n = n;
    }

    /** Samples {@code count} distinct patterns of X (n×d row-major); gives up after {@code 100·count} draws. */
    public static ActivationPatterns sample(double[] x, int n, int d, int count, long seed) {
        return sample(x, n, d, count, seed, new double[0][]);
    }

    /**
     * The patterns of the given directions first (e.g. the hidden units of a trained network, so
     * that network is a feasible point of the convex program), then sampled ones until
     * {@code count} distinct patterns exist in all.
     */
    public static ActivationPatterns sample(double[] x, int n, int d, int count, long seed, double[][] directions) {
        if (x.length != n * d || count < 1) {
            throw new IllegalArgumentException("ActivationPatterns: need X of n*d = " + n * d + " entries and count >= 1; got "
                    + x.length + " entries, count " + count);
        }
        Rng rng = new Rng(seed).split("activation-patterns");
        Set<String> seen = new LinkedHashSet<>();
        List<boolean[]> pats = new ArrayList<>();
        List<double[]> gens = new ArrayList<>();
        for (double[] h : directions) add(x, n, d, h.clone(), seen, pats, gens);
        for (int draw = 0; pats.size() < count; draw++) {
            if (draw >= 100 * count) {
                throw new IllegalStateException("ActivationPatterns: only " + pats.size() + " distinct patterns after " + draw
                        + " draws; X (" + n + "x" + d + ") has too few for " + count);
            }
            double[] h = new double[d];
            for (int k = 0; k < d; k++) h[k] = rng.nextGaussian();
            add(x, n, d, h, seen, pats, gens);
        }
        return new ActivationPatterns(pats.toArray(new boolean[0][]), gens.toArray(new double[0][]), n);
    }

    private static void add(double[] x, int n, int d, double[] h, Set<String> seen, List<boolean[]> pats, List<double[]> gens) {
        boolean[] p = new boolean[n];
        StringBuilder key = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += x[i * d + k] * h[k];
            p[i] = s >= 0;
            key.append(p[i] ? '1' : '0');
        }
        if (seen.add(key.toString())) {
            pats.add(p);
            gens.add(h);
        }
    }

    /** Number of patterns P. */
    public int count() {
        return patterns.length;
    }

    /** Number of samples n. */
    public int samples() {
        return n;
    }

    /** The diagonal of {@code D_i} (a copy). */
    public boolean[] pattern(int i) {
        return patterns[i].clone();
    }

    /** The Gaussian direction {@code h_i} that generated pattern i (a copy). */
    public double[] generator(int i) {
        return generators[i].clone();
    }

    boolean active(int i, int row) {
        return patterns[i][row];
    }
}

package io.vecgrad.optim.sbl;

import java.util.Arrays;

/**
 * The M-steps of Kronecker-structured SBL (He and Joseph, "Bayesian Algorithms for Kronecker-structured
 * Sparse Vector Recovery With Application to IRS-MIMO Channel Estimation", arXiv:2307.14719): minimize
 * {@code F(γ) = Σ_j q_j/γ_j + log γ_j} over {@code γ = γ_1 ⊗ … ⊗ γ_I}, with {@code q = diag(Σ) + μ⊙μ}
 * read as an I-way tensor {@code Q} in Kronecker (row-major) order.
 *
 * <ul>
 *   <li>{@link #alternating}: AM-KroSBL. With the other factors fixed the exact minimizer is
 *       {@code γ_i[k] = (1/n_k) Σ_{idx_i = k} Q[idx] / Π_{l≠i} γ_l[idx_l]}, {@code n_k} the number of
 *       terms (the spec's {@code N_i/N} when nothing is pruned; the reference code's {@code (l2·l3)⁻¹} over
 *       the kept entries). Factors are cycled in order 1..I; after each cycle factors 1..I−1 are scaled to
 *       unit norm and the scale moves into the last, as in the reference code
 *       ({@code KroSBL_f/functions/am_kroSBL.m}).</li>
 *   <li>{@link #svd}: SVD-KroSBL. Unfold Q as {@code N_1 × (N/N_1)}, take its best rank-1 approximation
 *       {@code s u vᵀ}, set {@code γ_1 = |u|}, continue with {@code s|v|} unfolded along the next factor;
 *       the last factor takes the remaining scaled vector (the reference code's sequential SVDs,
 *       {@code svd_kroSBL.m}; for I = 2 this is the spec's rank-1 rule with the scale on {@code γ_2}).
 *       The rank-1 triple comes from power iteration, which on a non-negative matrix converges to the
 *       non-negative Perron pair.</li>
 * </ul>
 * Zero entries (pruned) stay zero: a term whose other factors are zero is left out.
 *
 * <pre>{@code
 * double[][] g = KroneckerMStep.alternating(q, new int[] {16, 16}, KroneckerMStep.ones(new int[] {16, 16}), 1e-10, 500);
 * double[] gamma = KroneckerMStep.kron(g);
 * }</pre>
 */
public final class KroneckerMStep {
    private KroneckerMStep() {}

    /** Factors whose Kronecker product is all ones: {@code 1/√N_i} for all but the last, {@code Π_{l<I} √N_l} for the last. */
    public static double[][] ones(int[] dims) {
        double[][] g = new double[dims.length][];
        double scale = 1;
        for (int i = 0; i < dims.length; i++) {
            g[i] = new double[dims[i]];
            double v = i + 1 < dims.length ? 1 / Math.sqrt(dims[i]) : scale;
            if (i + 1 < dims.length) scale *= Math.sqrt(dims[i]);
            Arrays.fill(g[i], v);
        }
        return g;
    }

    /** {@code γ_1 ⊗ … ⊗ γ_I}. */
    public static double[] kron(double[][] factors) {
        double[] out = {1};
        for (double[] f : factors) {
            double[] next = new double[out.length * f.length];
            for (int a = 0; a < out.length; a++) {
                for (int b = 0; b < f.length; b++) next[a * f.length + b] = out[a] * f[b];
            }
            out = next;
        }
        return out;
    }

    /** The M-step objective {@code Σ_{γ_j > 0} q_j/γ_j + log γ_j}. */
    public static double objective(double[] q, double[] gamma) {
        double s = 0;
        for (int j = 0; j < q.length; j++) if (gamma[j] > 0) s += q[j] / gamma[j] + Math.log(gamma[j]);
        return s;
    }

    /**
     * AM-KroSBL M-step from {@code start} (not modified): full cycles until the relative change of
     * {@code γ} is below {@code tolerance} or {@code maxCycles} cycles ran.
     */
    public static double[][] alternating(double[] q, int[] dims, double[][] start, double tolerance, int maxCycles) {
        check("alternating", q, dims, start);
        double[][] g = new double[start.length][];
        for (int i = 0; i < g.length; i++) g[i] = start[i].clone();
        double[] before = kron(g);
        for (int cycle = 0; cycle < maxCycles; cycle++) {
            for (int i = 0; i < g.length; i++) g[i] = updateFactor(q, dims, g, i);
            normalize(g);
            double[] after = kron(g);
            double change = relativeChange(after, before);
            before = after;
            if (change < tolerance) break;
        }
        return g;
    }

    /** The exact minimizer of {@code F} over factor {@code i} with the others fixed (one AM update). */
    public static double[] updateFactor(double[] q, int[] dims, double[][] g, int i) {
        check("updateFactor", q, dims, g);
        int order = dims.length;
        double[] sum = new double[dims[i]];
        int[] count = new int[dims[i]];
        int[] idx = new int[order];
        for (int j = 0; j < q.length; j++) {
            double denom = 1;
            for (int l = 0; l < order; l++) if (l != i) denom *= g[l][idx[l]];
            if (denom > 0) {
                sum[idx[i]] += q[j] / denom;
                count[idx[i]]++;
            }
            for (int l = order - 1; l >= 0 && ++idx[l] == dims[l]; l--) idx[l] = 0;
        }
        double[] out = new double[dims[i]];
        for (int k = 0; k < out.length; k++) out[k] = g[i][k] > 0 && count[k] > 0 ? sum[k] / count[k] : 0;
        return out;
    }

    /** SVD-KroSBL M-step: factors of sequential rank-1 approximations of {@code q}. */
    public static double[][] svd(double[] q, int[] dims) {
        int n = 1;
        for (int d : dims) n *= d;
        if (q.length != n) throw new IllegalArgumentException("KroneckerMStep.svd: q has length " + q.length + ", dims " + Arrays.toString(dims) + " give " + n);
        double[][] g = new double[dims.length][];
        double[] rest = q.clone();
        for (int i = 0; i + 1 < dims.length; i++) {
            int cols = rest.length / dims[i];
            double[] u = new double[dims[i]], v = new double[cols];
            double s = rankOne(rest, dims[i], cols, u, v);
            for (int k = 0; k < u.length; k++) u[k] = Math.abs(u[k]);
            for (int k = 0; k < v.length; k++) v[k] = s * Math.abs(v[k]);
            g[i] = u;
            rest = v;
        }
        g[dims.length - 1] = rest;
        return g;
    }

    /** Top singular triple of the row-major r × c matrix {@code a} by power iteration; returns s, fills unit u and v. */
    static double rankOne(double[] a, int r, int c, double[] u, double[] v) {
        Arrays.fill(v, 1 / Math.sqrt(c));
        double s = 0;
        for (int it = 0; it < 2000; it++) {
            Arrays.fill(u, 0);
            for (int i = 0; i < r; i++) {
                double t = 0;
                for (int j = 0; j < c; j++) t += a[i * c + j] * v[j];
                u[i] = t;
            }
            double nu = norm(u);
            if (nu == 0) {
                Arrays.fill(v, 0);
                return 0;
            }
            for (int i = 0; i < r; i++) u[i] /= nu;
            double[] w = new double[c];
            for (int i = 0; i < r; i++) {
                double ui = u[i];
                for (int j = 0; j < c; j++) w[j] += a[i * c + j] * ui;
            }
            double sNew = norm(w);
            double diff = 0;
            for (int j = 0; j < c; j++) {
                w[j] /= sNew;
                diff = Math.max(diff, Math.abs(w[j] - v[j]));
            }
            System.arraycopy(w, 0, v, 0, c);
            boolean done = diff < 1e-14 || Math.abs(sNew - s) <= 1e-15 * sNew;
            s = sNew;
            if (done) break;
        }
        return s;
    }

    /** Scales factors 1..I−1 to unit norm and moves the scale into the last. */
    static void normalize(double[][] g) {
        double scale = 1;
        for (int i = 0; i + 1 < g.length; i++) {
            double n = norm(g[i]);
            if (n == 0) continue;
            for (int k = 0; k < g[i].length; k++) g[i][k] /= n;
            scale *= n;
        }
        double[] last = g[g.length - 1];
        for (int k = 0; k < last.length; k++) last[k] *= scale;
    }

    static double relativeChange(double[] a, double[] b) {
        double d = 0, n = 0;
        for (int j = 0; j < a.length; j++) {
            d += (a[j] - b[j]) * (a[j] - b[j]);
            n += b[j] * b[j];
        }
        return n == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(d / n);
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }

    private static void check(String op, double[] q, int[] dims, double[][] g) {
        int n = 1;
        for (int d : dims) n *= d;
        if (q.length != n || g.length != dims.length) {
            throw new IllegalArgumentException("KroneckerMStep." + op + ": q of length " + q.length + " and " + g.length + " factors for dims "
                    + Arrays.toString(dims) + " (need length " + n + ", " + dims.length + " factors)");
        }
        for (int i = 0; i < dims.length; i++) {
            if (g[i].length != dims[i]) {
                throw new IllegalArgumentException("KroneckerMStep." + op + ": factor " + i + " has length " + g[i].length + ", expected " + dims[i]);
            }
        }
    }
}

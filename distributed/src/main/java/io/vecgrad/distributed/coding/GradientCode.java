package io.vecgrad.distributed.coding;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.linalg.LinalgException;
import io.vecgrad.tensor.random.Rng;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A gradient code (Tandon, Lei, Dimakis, Karampatziakis, ICML 2017): n workers, n data
 * partitions, each worker holding s + 1 partitions and sending one coded vector
 * {@code c_i = Σ_j B_ij g_j}; the master recovers {@code g = Σ_j g_j} exactly from any
 * n − s workers by solving {@code a_Fᵀ B_F = 1ᵀ}.
 *
 * <p>Two constructions: {@link #fractional} (requires (s+1) | n; groups of s+1 workers share
 * s+1 partitions and send their sum) and {@link #cyclic} (worker i holds partitions
 * i, …, i+s mod n; rows lie in the null space of a random s×n matrix H with H·1 = 0, as
 * {@code get_B} in github.com/rashisht1/gradient_coding {@code src/util.py}). Decoding solves
 * the (consistent) system by least squares and checks the residual, so a straggler set that
 * cannot be decoded is reported, never silently mis-decoded.
 *
 * <pre>{@code
 * GradientCode code = GradientCode.cyclic(6, 2, new Rng(7));
 * double[][] coded = new double[6][];
 * for (int i = 0; i < 6; i++) coded[i] = code.encode(i, partialGradients);
 * double[] g = code.decode(new int[] {0, 2, 3, 5}, coded);   // workers 1 and 4 straggled
 * }</pre>
 */
public final class GradientCode {
    private final int n;
    private final int s;
    private final double[][] b;
    private final boolean fractional;

    private GradientCode(int n, int s, double[][] b, boolean fractional) {
        this.n = n;
        this.s = s;
        this.b = b;
        this.fractional = fractional;
    }

    /** Fractional repetition: n/(s+1) groups of s+1 workers, each sending its group's sum. */
    public static GradientCode fractional(int n, int s) {
        check("GradientCode.fractional", n, s);
        if (n % (s + 1) != 0) {
            throw new IllegalArgumentException("GradientCode.fractional: s + 1 = " + (s + 1)
                    + " must divide the number of workers n = " + n);
        }
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            int group = i / (s + 1);
            for (int j = group * (s + 1); j < (group + 1) * (s + 1); j++) b[i][j] = 1;
        }
        return new GradientCode(n, s, b, true);
    }

    /**
     * Cyclic repetition: worker i holds partitions {i, …, i+s} mod n with {@code B_ii = 1} and
     * the other s weights chosen so that {@code H·b_iᵀ = 0} for a random H (Gaussian from
     * {@code rng}) whose columns sum to zero.
     */
    public static GradientCode cyclic(int n, int s, Rng rng) {
        check("GradientCode.cyclic", n, s);
        double[][] h = new double[s][n];
        for (int r = 0; r < s; r++) {
            double sum = 0;
            for (int j = 0; j < n - 1; j++) {
                h[r][j] = rng.nextGaussian();
                sum += h[r][j];
            }
            h[r][n - 1] = -sum;
        }
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            b[i][i] = 1;
            if (s == 0) continue;
            double[] a = new double[s * s];
            double[] rhs = new double[s];
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) a[r * s + c] = h[r][(i + 1 + c) % n];
                rhs[r] = -h[r][i];
            }
            double[] x;
            try {
                x = Linalg.solve(Tensor.of(a, s, s), Tensor.of(rhs)).toDoubleArray();
            } catch (LinalgException e) {
                throw new IllegalStateException("GradientCode.cyclic: singular " + s + "×" + s
                        + " block for worker " + i + " (draw another H with a different seed)", e);
            }
            for (int c = 0; c < s; c++) b[i][(i + 1 + c) % n] = x[c];
        }
        return new GradientCode(n, s, b, false);
    }

    private static void check(String op, int n, int s) {
        if (n < 1) throw new IllegalArgumentException(op + ": number of workers must be ≥ 1, got " + n);
        if (s < 0 || s >= n) {
            throw new IllegalArgumentException(op + ": stragglers s must be in [0, n−1] = [0, " + (n - 1) + "], got " + s);
        }
    }

    /** Number of workers (= partitions). */
    public int workers() {
        return n;
    }

    /** Stragglers tolerated. */
    public int stragglers() {
        return s;
    }

    /** Normalized computational load per worker, (s+1)/n. */
    public double load() {
        return (s + 1) / (double) n;
    }

    /** A copy of the encoding matrix B (n × n). */
    public double[][] matrix() {
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) copy[i] = b[i].clone();
        return copy;
    }

    /** The partitions worker {@code i} must compute (its row's support), ascending. */
    public int[] partitionsOf(int worker) {
        checkWorker("partitionsOf", worker);
        return IntStream.range(0, n).filter(j -> b[worker][j] != 0).toArray();
    }

    /** Worker {@code i}'s coded vector {@code Σ_j B_ij g_j} from all n partial gradients. */
    public double[] encode(int worker, double[][] partials) {
        checkWorker("encode", worker);
        if (partials.length != n) {
            throw new IllegalArgumentException("GradientCode.encode: expected " + n + " partial gradients, got " + partials.length);
        }
        int d = partials[0].length;
        double[] c = new double[d];
        for (int j = 0; j < n; j++) {
            if (b[worker][j] == 0) continue;
            if (partials[j].length != d) {
                throw new IllegalArgumentException("GradientCode.encode: partial gradient " + j + " has length "
                        + partials[j].length + ", partial 0 has " + d);
            }
            double w = b[worker][j];
            for (int k = 0; k < d; k++) c[k] += w * partials[j][k];
        }
        return c;
    }

    /**
     * Decoding weights a (one per survivor, in the order given) with {@code Σ_i a_i B_{F_i} = 1ᵀ}.
     *
     * @throws IllegalArgumentException if fewer than n − s distinct valid survivors are given,
     *                                  or the survivors' rows do not span 1
     */
    public double[] decodeWeights(int[] survivors) {
        int[] f = checkSurvivors(survivors);
        if (fractional) return fractionalWeights(f);
        int m = n - s;                             // any n − s rows suffice; extra survivors get weight 0
        double[] bt = new double[n * m];           // B_Fᵀ restricted to the first n − s survivors, n × (n − s)
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) bt[j * m + r] = b[f[r]][j];
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] a;
        try {
            a = Arrays.copyOf(Linalg.lstsq(Tensor.of(bt, n, m), Tensor.of(ones)).toDoubleArray(), f.length);
        } catch (LinalgException e) {
            throw notDecodable(f, "rank deficient");
        }
        double worst = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int r = 0; r < f.length; r++) sum += a[r] * b[f[r]][j];
            worst = Math.max(worst, Math.abs(sum - 1));
        }
        if (worst > 1e-8) throw notDecodable(f, "residual " + worst);
        return a;
    }

    private double[] fractionalWeights(int[] f) {
        double[] a = new double[f.length];
        boolean[] covered = new boolean[n / (s + 1)];
        for (int r = 0; r < f.length; r++) {
            int group = f[r] / (s + 1);
            if (!covered[group]) {
                covered[group] = true;
                a[r] = 1;
            }
        }
        for (int g = 0; g < covered.length; g++) {
            if (!covered[g]) throw notDecodable(f, "group " + g + " has no survivor");
        }
        return a;
    }

    /** The full gradient {@code Σ_j g_j} from the survivors' coded vectors ({@code coded[i]} for worker i). */
    public double[] decode(int[] survivors, double[][] coded) {
        double[] a = decodeWeights(survivors);
        int d = -1;
        for (int w : survivors) {
            if (w < coded.length && coded[w] != null) {
                d = coded[w].length;
                break;
            }
        }
        if (d < 0) throw new IllegalArgumentException("GradientCode.decode: no coded vector from any survivor " + Arrays.toString(survivors));
        double[] g = new double[d];
        for (int r = 0; r < survivors.length; r++) {
            if (a[r] == 0) continue;
            double[] c = survivors[r] < coded.length ? coded[survivors[r]] : null;
            if (c == null || c.length != d) {
                throw new IllegalArgumentException("GradientCode.decode: survivor " + survivors[r] + " sent "
                        + (c == null ? "nothing" : "length " + c.length) + ", expected length " + d);
            }
            for (int k = 0; k < d; k++) g[k] += a[r] * c[k];
        }
        return g;
    }

    private int[] checkSurvivors(int[] survivors) {
        boolean[] seen = new boolean[n];
        for (int w : survivors) {
            checkWorker("decode", w);
            if (seen[w]) throw new IllegalArgumentException("GradientCode.decode: survivor " + w + " listed twice");
            seen[w] = true;
        }
        if (survivors.length < n - s) {
            throw new IllegalArgumentException("GradientCode.decode: " + survivors.length + " survivors of n = " + n
                    + " workers, but decoding needs at least n − s = " + (n - s));
        }
        return survivors;
    }

    private IllegalArgumentException notDecodable(int[] f, String why) {
        return new IllegalArgumentException("GradientCode.decode: survivors " + Arrays.toString(f) + " cannot recover the sum ("
                + why + "; n = " + n + ", s = " + s + ")");
    }

    private void checkWorker(String op, int worker) {
        if (worker < 0 || worker >= n) {
            throw new IllegalArgumentException("GradientCode." + op + ": worker " + worker + " outside [0, " + n + ")");
        }
    }
}

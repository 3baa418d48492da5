package io.vecgrad.train.diagnostics;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.linalg.iterative.Lanczos;
import io.vecgrad.tensor.linalg.iterative.LanczosResult;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.random.Rng;

/**
 * P25 (Chaudhari &amp; Soatto, ICLR 2018): the covariance of per-example gradients at one point,
 * {@code Σ(x) = c·Σ_k (g_k − ḡ)(g_k − ḡ)ᵀ}, whose scaled version is the diffusion matrix D(x)
 * of SGD ({@code mini-batch covariance ≈ Σ/b}). The d × d matrix is never formed:
 *
 * <ul>
 *   <li>{@link #operator()} is the matrix-free product {@code Σv = c·Cᵀ(Cv)} (C the M × d
 *       centred gradients) for {@link Lanczos} ({@link #top});
 *   <li>{@link #gramEigenvalues()} uses the Gram trick: the non-zero eigenvalues of
 *       {@code c·CᵀC} are those of the M × M matrix {@code c·CCᵀ} — exact, O(M²d + M³);
 *   <li>{@link #trace()} is {@code c·Σ_k ‖g_k − ḡ‖²}, the cheap sanity value.
 * </ul>
 *
 * <p>Normalisation c: {@link Normalization#UNBIASED} ({@code 1/(M−1)}, the default) makes the
 * estimator unbiased for the per-example gradient covariance; {@link Normalization#POPULATION}
 * ({@code 1/M}) is the spec's form, for which {@code tr Σ} equals the mean squared deviation.
 * The recipe (Gram trick, matrix-free Lanczos, rank and anisotropy figures) follows the spec's
 * P25 section, itself marked [reconstructed]/[design note]; the estimator is the textbook one.
 *
 * <pre>{@code
 * double[][] g = PerExample.gradients(model, probe.x(), probe.y());
 * NoiseCovariance cov = NoiseCovariance.of(g);
 * NoiseSpectrum s = cov.spectrum();                 // rank, effective rank, anisotropy
 * NoiseCovariance.Eigenpairs top = cov.top(10, new Rng(0));
 * double batchScale = NoiseCovariance.miniBatchFactor(32, 1437);   // D ≈ batchScale · Σ
 * }</pre>
 */
public final class NoiseCovariance {
    /** The normalisation c of the sum of outer products. */
    public enum Normalization {
        /** {@code 1/(M−1)}: unbiased for the per-example gradient covariance. */
        UNBIASED,
        /** {@code 1/M}: the empirical (population) covariance of the probe set. */
        POPULATION
    }

    /** Leading eigenpairs, values descending; {@code vectors[i]} is a unit vector of length d. */
    public record Eigenpairs(double[] values, double[][] vectors) {}

    private final double[][] centred;
    private final double[] mean;
    private final double scale;
    private final int d;

    private NoiseCovariance(double[][] centred, double[] mean, double scale) {
        this.centred = centred;
        this.mean = mean;
        this.scale = scale;
        this.d = mean.length;
    }

    /** The unbiased estimator from per-example gradients {@code g[k]} (all of one length). */
    public static NoiseCovariance of(double[][] perExampleGradients) {
        return of(perExampleGradients, Normalization.UNBIASED);
    }

    public static NoiseCovariance of(double[][] g, Normalization normalization) {
        int m = g.length;
        int min = normalization == Normalization.UNBIASED ? 2 : 1;
        if (m < min) throw new IllegalArgumentException("NoiseCovariance.of: needs at least " + min + " per-example gradients for " + normalization + ", got " + m);
        int d = g[0].length;
        if (d == 0) throw new IllegalArgumentException("NoiseCovariance.of: gradients of length 0");
        double[] mean = new double[d];
        for (int k = 0; k < m; k++) {
            if (g[k].length != d) throw new IllegalArgumentException("NoiseCovariance.of: gradient " + k + " has length " + g[k].length + ", gradient 0 has " + d);
            for (int i = 0; i < d; i++) mean[i] += g[k][i];
        }
        for (int i = 0; i < d; i++) mean[i] /= m;
        double[][] c = new double[m][d];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) c[k][i] = g[k][i] - mean[i];
        }
        return new NoiseCovariance(c, mean, normalization == Normalization.UNBIASED ? 1.0 / (m - 1) : 1.0 / m);
    }

    /**
     * The factor f with mini-batch gradient covariance {@code = f·Σ_pop} for batches of size b
     * drawn without replacement from n examples: {@code (1/b)·(n − b)/(n − 1)}.
     */
    public static double miniBatchFactor(int b, int n) {
        if (b < 1 || n < 2 || b > n) throw new IllegalArgumentException("NoiseCovariance.miniBatchFactor: needs 1 <= b <= n and n >= 2, got b=" + b + ", n=" + n);
        return (double) (n - b) / ((double) b * (n - 1));
    }

    /** The number of per-example gradients M. */
    public int examples() {
        return centred.length;
    }

    /** The dimension d (number of parameters). */
    public int dimension() {
        return d;
    }

    /** The mean gradient ḡ (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** {@code tr Σ = c·Σ_k ‖g_k − ḡ‖²}. */
    public double trace() {
        double s = 0;
        for (double[] row : centred) s += dot(row, row);
        return scale * s;
    }

    /** {@code Σv} for a vector of length d. */
    public double[] apply(double[] v) {
        if (v.length != d) throw new IllegalArgumentException("NoiseCovariance.apply: vector of length " + v.length + " for dimension " + d);
        double[] out = new double[d];
        for (double[] row : centred) {
            double a = scale * dot(row, v);
            for (int i = 0; i < d; i++) out[i] += a * row[i];
        }
        return out;
    }

    /** The symmetric d × d float64 operator {@code v ↦ Σv}, never formed as a matrix. */
    public LinearOperator operator() {
        return LinearOperator.symmetric(d, DType.FLOAT64, v -> Tensor.wrap(apply(v.to(DType.FLOAT64).contiguous().toDoubleArray()), d));
    }

    /** The dense d × d matrix (tests and small models only: d ≤ 4096). */
    public double[][] dense() {
        if (d > 4096) throw new IllegalArgumentException("NoiseCovariance.dense: dimension " + d + " is over 4096; use operator() or gramEigenvalues()");
        double[][] a = new double[d][d];
        for (double[] row : centred) {
            for (int i = 0; i < d; i++) {
                double s = scale * row[i];
                if (s == 0) continue;
                for (int j = 0; j <= i; j++) a[i][j] += s * row[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) a[j][i] = a[i][j];
        }
        return a;
    }

    /**
     * The min(M, d) largest eigenvalues of the Gram matrix {@code c·CCᵀ}, descending: Σ's non-zero
     * spectrum (plus zeros).
     */
    public double[] gramEigenvalues() {
        int m = centred.length;
        double[] k = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double v = scale * dot(centred[a], centred[b]);
                k[a * m + b] = v;
                k[b * m + a] = v;
            }
        }
        double[] w = Linalg.eigvalsh(Tensor.wrap(k, m, m)).toDoubleArray();
        double[] desc = new double[Math.min(m, d)];
        for (int i = 0; i < desc.length; i++) desc[i] = Math.max(0, w[m - 1 - i]);  // PSD: round-off negatives are zeros
        return desc;
    }

    /** Rank and spectrum figures from {@link #gramEigenvalues()}. */
    public NoiseSpectrum spectrum() {
        return new NoiseSpectrum(gramEigenvalues(), d);
    }

    /**
     * The k leading eigenpairs by Lanczos with full re-orthogonalisation on {@link #operator()},
     * from a start vector drawn from {@code rng}; {@code steps = min(d, 2k + 20)} products.
     * Fewer than k pairs come back when Σ's rank is below k (the Krylov space closes).
     */
    public Eigenpairs top(int k, Rng rng) {
        if (k < 1) throw new IllegalArgumentException("NoiseCovariance.top: k must be >= 1, got " + k);
        LanczosResult r = Lanczos.run(operator(), Math.min(d, 2 * k + 20), rng, Lanczos.Reorthogonalization.FULL);
        double[] ritz = r.ritzValues();
        int n = Math.min(k, ritz.length);
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            int j = ritz.length - 1 - i;
            values[i] = ritz[j];
            vectors[i] = r.ritzVector(j).to(DType.FLOAT64).contiguous().toDoubleArray();
        }
        return new Eigenpairs(values, vectors);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}

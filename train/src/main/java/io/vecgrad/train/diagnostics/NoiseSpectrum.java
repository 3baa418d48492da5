package io.vecgrad.train.diagnostics;

/**
 * Figures of a gradient-noise covariance spectrum (P25): the eigenvalues, descending, of a d × d
 * covariance known through its non-zero part (the Gram trick gives at most M of them), and the
 * rank and shape numbers the spec lists.
 *
 * <pre>{@code
 * NoiseSpectrum s = NoiseCovariance.of(g).spectrum();
 * int r = s.rank(1e-3);                   // #{λ_i > 1e-3·λ_max}
 * double share = s.rank(1e-3) / (double) s.dimension();
 * double a = s.anisotropy();              // λ_max / (tr / d); 1 for isotropic noise
 * }</pre>
 *
 * @param eigenvalues non-negative, descending (eigenvalues not listed are zero)
 * @param dimension d, the side of the covariance matrix
 */
public record NoiseSpectrum(double[] eigenvalues, int dimension) {
    public NoiseSpectrum {
        eigenvalues = eigenvalues.clone();
        for (int i = 0; i < eigenvalues.length; i++) {
            if (!(eigenvalues[i] >= 0) || (i > 0 && eigenvalues[i] > eigenvalues[i - 1])) {
                throw new IllegalArgumentException("NoiseSpectrum: eigenvalues must be finite, non-negative and descending; entry " + i + " is " + eigenvalues[i]);
            }
        }
        if (dimension < eigenvalues.length) throw new IllegalArgumentException("NoiseSpectrum: " + eigenvalues.length + " eigenvalues for dimension " + dimension);
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** The largest eigenvalue (0 for an empty or zero spectrum). */
    public double max() {
        return eigenvalues.length == 0 ? 0 : eigenvalues[0];
    }

    /** The trace, the sum of the eigenvalues. */
    public double trace() {
        double s = 0;
        for (double v : eigenvalues) s += v;
        return s;
    }

    /** Numerical rank {@code #{λ_i > tol·λ_max}}; 0 when Σ = 0. */
    public int rank(double tol) {
        double cut = tol * max();
        int r = 0;
        for (double v : eigenvalues) r += v > cut && v > 0 ? 1 : 0;
        return r;
    }

    /** {@code (tr Σ)² / ‖Σ‖_F²}: between 1 (rank one) and the rank (flat spectrum); 0 when Σ = 0. */
    public double effectiveRank() {
        double s = 0, s2 = 0;
        for (double v : eigenvalues) {
            s += v;
            s2 += v * v;
        }
        return s2 == 0 ? 0 : s * s / s2;
    }

    /** {@code exp(entropy of λ/Σλ)} (Roy &amp; Vetterli's effective rank); 0 when Σ = 0. */
    public double entropyRank() {
        double s = trace();
        if (s == 0) return 0;
        double h = 0;
        for (double v : eigenvalues) {
            if (v > 0) h -= v / s * Math.log(v / s);
        }
        return Math.exp(h);
    }

    /** {@code λ_max / (tr Σ / d)}: 1 for isotropic noise, up to d for rank one; NaN when Σ = 0. */
    public double anisotropy() {
        double t = trace();
        return t == 0 ? Double.NaN : max() / (t / dimension);
    }

    /** The share of the trace held by the k largest eigenvalues. */
    public double topShare(int k) {
        double t = trace(), s = 0;
        for (int i = 0; i < Math.min(k, eigenvalues.length); i++) s += eigenvalues[i];
        return t == 0 ? Double.NaN : s / t;
    }
}

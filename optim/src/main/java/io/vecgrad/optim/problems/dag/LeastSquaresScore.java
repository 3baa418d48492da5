package io.vecgrad.optim.problems.dag;

/**
 * The linear-SEM least-squares score {@code Q(W) = (1/2n)‖X − XW‖_F²} in its covariance form
 * {@code ½·tr((I−W)ᵀ Σ̂ (I−W))} with {@code Σ̂ = XᵀX/n}, and its gradient {@code −Σ̂(I−W)}
 * (NOTEARS {@code _loss} with {@code loss_type='l2'}; CoLiDE {@code _score} up to σ). Working on
 * the d×d covariance makes each evaluation O(d³) instead of O(n·d²).
 *
 * <pre>{@code
 * LeastSquaresScore q = LeastSquaresScore.of(x, n, d);     // centres X
 * double loss = q.value(w);
 * double[] g = q.gradient(w);
 * }</pre>
 */
public final class LeastSquaresScore {
    private final double[] cov;
    private final int d;

    private LeastSquaresScore(double[] cov, int d) {
        this.cov = cov;
        this.d = d;
    }

    /** From samples X (n×d row-major); columns are centred first, as NOTEARS and CoLiDE do. */
    public static LeastSquaresScore of(double[] x, int n, int d) {
        if (x.length != n * d) throw new IllegalArgumentException("LeastSquaresScore: X has " + x.length + " entries, expected n*d = " + n * d);
        return new LeastSquaresScore(DenseOps.gram(DenseOps.centerColumns(x, n, d), n, d, 1.0 / n), d);
    }

    /** Number of variables. */
    public int d() {
        return d;
    }

    /** {@code Σ̂ = XᵀX/n} of the centred data (a copy). */
    public double[] covariance() {
        return cov.clone();
    }

    /** {@code Σ̂(I − W)}. */
    public double[] covTimesResidual(double[] w) {
        return DenseOps.matmul(cov, DenseOps.identityMinus(w, d), d, d, d);
    }

    /** Per-column residual variances {@code [(I−W)ᵀ Σ̂ (I−W)]_jj}. */
    public double[] residualVariances(double[] w) {
        double[] r = covTimesResidual(w);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) v[j] += ((i == j ? 1 : 0) - w[i * d + j]) * r[i * d + j];
        }
        return v;
    }

    /** {@code Q(W)}. */
    public double value(double[] w) {
        double s = 0;
        for (double v : residualVariances(w)) s += v;
        return 0.5 * s;
    }

    /** {@code ∇Q(W) = −Σ̂(I−W)}. */
    public double[] gradient(double[] w) {
        double[] r = covTimesResidual(w);
        for (int i = 0; i < r.length; i++) r[i] = -r[i];
        return r;
    }
}

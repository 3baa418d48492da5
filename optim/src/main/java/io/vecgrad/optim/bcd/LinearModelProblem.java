package io.vecgrad.optim.bcd;

/**
 * Shared structure of losses of a linear model {@code f(x) = ℓ(Ax) + ½λ₂‖x‖²}: gradients
 * {@code Aᵀr(x) + λ₂x} with a loss-specific residual r, coordinate constants
 * {@code L_i = κ‖A_i‖² + λ₂} and upper bounds {@code H_b = κA_bᵀA_b + λ₂I} (κ = 1 for least
 * squares, ¼ for logistic regression).
 */
abstract sealed class LinearModelProblem implements BlockProblem permits LeastSquaresProblem, LogisticProblem {
    final ColumnMatrix a;
    final double[] b;
    final double l2, kappa;
    private final double[] lipschitz;

    LinearModelProblem(String name, ColumnMatrix a, double[] b, double l2, double kappa) {
        if (b.length != a.rows()) {
            throw new IllegalArgumentException(name + ": b has length " + b.length + " but A has " + a.rows() + " rows");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) throw new IllegalArgumentException(name + ": l2 must be finite and ≥ 0, got " + l2);
        this.a = a;
        this.b = b.clone();
        this.l2 = l2;
        this.kappa = kappa;
        lipschitz = new double[a.cols()];
        for (int j = 0; j < lipschitz.length; j++) lipschitz[j] = kappa * a.colNorm2(j) + l2;
    }

    /** The residual r(x) with ∇f = Aᵀr + λ₂x. */
    abstract double[] residual(double[] x);

    /** The design matrix. */
    public ColumnMatrix matrix() {
        return a;
    }

    @Override
    public int dim() {
        return a.cols();
    }

    @Override
    public void gradient(double[] x, double[] out) {
        double[] r = residual(x);
        a.timesTransposed(r, out);
        for (int j = 0; j < out.length; j++) out[j] += l2 * x[j];
    }

    @Override
    public double[] blockGradient(double[] x, int[] block) {
        double[] r = residual(x);
        double[] g = new double[block.length];
        for (int k = 0; k < block.length; k++) g[k] = a.dot(block[k], r) + l2 * x[block[k]];
        return g;
    }

    @Override
    public double[] coordinateLipschitz() {
        return lipschitz;
    }

    @Override
    public double[][] upperBound(int[] block) {
        int k = block.length;
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kappa * a.colDot(block[i], block[j]);
                h[i][j] = v;
                h[j][i] = v;
            }
            h[i][i] += l2;
        }
        return h;
    }

    /** Σ_j |H_ij| without forming H. */
    @Override
    public double[] upperBoundRowSums() {
        int p = a.cols();
        double[] s = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                double v = Math.abs(kappa * a.colDot(i, j));
                s[i] += v;
                s[j] += v;
            }
            s[i] += Math.abs(kappa * a.colNorm2(i) + l2);
        }
        return s;
    }

    /** out = (κAᵀA + λ₂I) v. */
    @Override
    public void upperBoundTimes(double[] v, double[] out) {
        double[] av = new double[a.rows()];
        a.times(v, av);
        a.timesTransposed(av, out);
        for (int j = 0; j < out.length; j++) out[j] = kappa * out[j] + l2 * v[j];
    }
}

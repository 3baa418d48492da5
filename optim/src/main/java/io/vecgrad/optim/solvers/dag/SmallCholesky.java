package io.vecgrad.optim.solvers.dag;

/** In-place Cholesky solve of small SPD systems (row-major), with a ridge retry when not positive definite. */
final class SmallCholesky {
    private SmallCholesky() {}

    /** Solves {@code A x = b} for SPD A (k×k); A is not modified. */
    static double[] solve(double[] a, double[] b, int k) {
        double trace = 0;
        for (int i = 0; i < k; i++) trace += a[i * k + i];
        double ridge = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            double[] l = factor(a, k, ridge);
            if (l != null) return substitute(l, b, k);
            ridge = ridge == 0 ? 1e-12 * Math.max(trace / k, 1e-300) : ridge * 100;
        }
        throw new ArithmeticException("SmallCholesky: matrix of size " + k + " is not positive definite even with ridge " + ridge);
    }

    private static double[] factor(double[] a, int k, double ridge) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j] + (i == j ? ridge : 0);
                for (int p = 0; p < j; p++) s -= l[i * k + p] * l[j * k + p];
                if (i == j) {
                    if (!(s > 0)) return null;
                    l[i * k + i] = Math.sqrt(s);
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        return l;
    }

    private static double[] substitute(double[] l, double[] b, int k) {
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) s -= l[i * k + p] * y[p];
            y[i] = s / l[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < k; p++) s -= l[p * k + i] * x[p];
            x[i] = s / l[i * k + i];
        }
        return x;
    }
}

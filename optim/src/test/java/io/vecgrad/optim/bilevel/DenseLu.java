package io.vecgrad.optim.bilevel;

/** Gaussian elimination with partial pivoting on small dense float64 systems (in place): the tests' independent oracle. */
final class DenseLu {
    private DenseLu() {}

    /** Solves {@code a x = b}, overwriting both; null when a pivot is exactly zero or not finite. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
            if (a[p][k] == 0 || !Double.isFinite(a[p][k])) return null;
            double[] tr = a[p]; a[p] = a[k]; a[k] = tr;
            double tb = b[p]; b[p] = b[k]; b[k] = tb;
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) a[i][j] -= f * a[k][j];
                b[i] -= f * b[k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }
}

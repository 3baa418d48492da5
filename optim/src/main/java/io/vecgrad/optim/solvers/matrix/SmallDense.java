package io.vecgrad.optim.solvers.matrix;

/**
 * In-place kernels on small row-major k×k matrices for the per-column regressions of alternating
 * minimization (k is the rank: tens, so plain loops beat building tensors thousands of times).
 */
final class SmallDense {
    private SmallDense() {}

    /** Adds {@code aᵀa} of the {@code rows}×k row-major {@code a} to the upper triangle of {@code g}. */
    static void addGram(double[] a, int rows, int k, double[] g) {
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            for (int p = 0; p < k; p++) {
                double ap = a[base + p];
                int gp = p * k;
                for (int q = p; q < k; q++) g[gp + q] += ap * a[base + q];
            }
        }
    }

    /** {@code out = aᵀ b} for the {@code rows}×k {@code a}. */
    static void transposeTimes(double[] a, int rows, int k, double[] b, double[] out) {
        java.util.Arrays.fill(out, 0, k, 0);
        for (int r = 0; r < rows; r++) {
            double br = b[r];
            int base = r * k;
            for (int p = 0; p < k; p++) out[p] += a[base + p] * br;
        }
    }

    /** {@code out = a x} for the {@code rows}×k {@code a}. */
    static void times(double[] a, int rows, int k, double[] x, double[] out) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            int base = r * k;
            for (int p = 0; p < k; p++) s += a[base + p] * x[p];
            out[r] = s;
        }
    }

    /**
     * Upper Cholesky {@code g = Rᵀ R} in place (reads and writes the upper triangle); a pivot at or below
     * {@code ridge} (a singular or rank-deficient Gram matrix) is replaced by {@code max(pivot, 0) + ridge}.
     * Returns false only when {@code ridge} is not positive and a pivot is not either.
     */
    static boolean cholesky(double[] g, int k, double ridge) {
        for (int j = 0; j < k; j++) {
            double d = g[j * k + j];
            for (int p = 0; p < j; p++) d -= g[p * k + j] * g[p * k + j];
            if (!(d > ridge)) d = Math.max(d, 0) + ridge;
            if (!(d > 0)) return false;
            double rjj = Math.sqrt(d);
            g[j * k + j] = rjj;
            for (int c = j + 1; c < k; c++) {
                double s = g[j * k + c];
                for (int p = 0; p < j; p++) s -= g[p * k + j] * g[p * k + c];
                g[j * k + c] = s / rjj;
            }
        }
        return true;
    }

    /** Solves {@code Rᵀ y = b} in place (R upper, stored in the upper triangle). */
    static void solveUpperTransposed(double[] r, int k, double[] b) {
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) s -= r[p * k + i] * b[p];
            b[i] = s / r[i * k + i];
        }
    }

    /** Solves {@code R x = b} in place. */
    static void solveUpper(double[] r, int k, double[] b) {
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int p = i + 1; p < k; p++) s -= r[i * k + p] * b[p];
            b[i] = s / r[i * k + i];
        }
    }
}

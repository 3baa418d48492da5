package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.Tensor;
import java.util.Random;

/**
 * Plain scalar matrix helpers and textbook reference factorizations for the linalg tests:
 * row-major {@code double[]}, no blocking, no SIMD, the loops as printed in Golub &amp; Van Loan.
 */
final class Mat {
    private Mat() {}

    static final double EPS = Math.ulp(1.0);

    static double[] normal(Random r, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
        return a;
    }

    static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) {
            double x = a[i * k + p];
            for (int j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
        }
        return c;
    }

    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }

    static double fro(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }

    static double diffFro(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /** ‖QᵀQ − I‖_F for the m×n Q. */
    static double orthogonality(double[] q, int m, int n) {
        return diffFro(multiply(transpose(q, m, n), q, n, m, n), identity(n));
    }

    /** An SPD matrix {@code Q·diag(λ)·Qᵀ} with λ log-spaced from 1 down to 1/cond. */
    static double[] spd(Random r, int n, double cond) {
        double[] q = orthogonal(r, n);
        double[] qd = q.clone();
        for (int j = 0; j < n; j++) {
            double lambda = n == 1 ? 1 : Math.pow(cond, -(double) j / (n - 1));
            for (int i = 0; i < n; i++) qd[i * n + j] *= lambda;
        }
        double[] a = multiply(qd, transpose(q, n, n), n, n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j]; // exactly symmetric
        return a;
    }

    /** A random orthogonal matrix (Q of a Gaussian matrix by modified Gram–Schmidt, twice). */
    static double[] orthogonal(Random r, int n) {
        double[] a = normal(r, n, n);
        for (int round = 0; round < 2; round++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < j; p++) {
                    double d = 0;
                    for (int i = 0; i < n; i++) d += a[i * n + j] * a[i * n + p];
                    for (int i = 0; i < n; i++) a[i * n + j] -= d * a[i * n + p];
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += a[i * n + j] * a[i * n + j];
                s = Math.sqrt(s);
                for (int i = 0; i < n; i++) a[i * n + j] /= s;
            }
        }
        return a;
    }

    static Tensor t(double[] a, int... shape) {
        return Tensor.of(a.clone(), shape);
    }

    // ------------------------------------------------------------------ references

    /** Cholesky–Banachiewicz, row by row; null if not positive definite. */
    static double[] choleskyReference(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
                if (i == j) {
                    if (!(s > 0)) return null;
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }

    /** Doolittle LU with partial pivoting (first largest |entry|), LAPACK pivot format. */
    static double[] luReference(double[] a, int n, int[] piv) {
        double[] lu = a.clone();
        for (int j = 0; j < n; j++) {
            int p = j;
            for (int i = j + 1; i < n; i++) if (Math.abs(lu[i * n + j]) > Math.abs(lu[p * n + j])) p = i;
            piv[j] = p;
            for (int c = 0; c < n; c++) {
                double t = lu[j * n + c];
                lu[j * n + c] = lu[p * n + c];
                lu[p * n + c] = t;
            }
            if (lu[j * n + j] == 0) continue;
            for (int i = j + 1; i < n; i++) {
                lu[i * n + j] /= lu[j * n + j];
                for (int c = j + 1; c < n; c++) lu[i * n + c] -= lu[i * n + j] * lu[j * n + c];
            }
        }
        return lu;
    }
}

package io.vecgrad.tensor.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations: O(n³) per sweep, meant for
 * the small dense problems of tests and experiments (condition numbers, spectra of Hessians), and
 * accurate for the smallest eigenvalues (the P11 experiment's μ).
 *
 * <pre>{@code
 * double[] ev = SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}});   // {1, 3}
 * }</pre>
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /** Ascending eigenvalues; the input is not modified. */
    public static double[] values(double[][] sym) {
        int n = sym.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = sym[i].clone();
        for (int sweep = 0; sweep < 100 && offDiagonal(a) > 1e-30 * frobenius(a); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) rotate(a, p, q);
                }
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) ev[i] = a[i][i];
        Arrays.sort(ev);
        return ev;
    }

    /** Zeroes a[p][q] with a Givens rotation applied on both sides. */
    private static void rotate(double[][] a, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < a.length; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < a.length; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
    }

    private static double offDiagonal(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (i != j) s += a[i][j] * a[i][j];
        return s;
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) for (double v : row) s += v * v;
        return s;
    }
}

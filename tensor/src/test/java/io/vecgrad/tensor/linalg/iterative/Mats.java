package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Dense test matrices (row-major double[][]) with known structure, and tiny dense oracles. */
final class Mats {
    private Mats() {}

    static double[][] gaussian(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return a;
    }

    /** M·Mᵀ/n + I: SPD, well conditioned (WORKLOADS.md's "SPD"). */
    static double[][] spd(Random r, int n) {
        double[][] m = gaussian(r, n, n);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += m[i][k] * m[j][k];
                a[i][j] = s / n + (i == j ? 1 : 0);
            }
        }
        return symmetrize(a);
    }

    /** A random orthogonal matrix (columns), from Gram–Schmidt of a Gaussian matrix. */
    static double[][] orthogonal(Random r, int n) {
        List<double[]> cols = new ArrayList<>();
        while (true) {
            cols.clear();
            for (int j = 0; j < n; j++) {
                double[] c = new double[n];
                for (int i = 0; i < n; i++) c[i] = r.nextGaussian();
                cols.add(c);
            }
            double[][] q = TraceEstimation.orthonormalColumns(cols);
            if (q.length == n) {
                double[][] out = new double[n][n];
                for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) out[i][j] = q[j][i];
                return out;
            }
        }
    }

    /** Q·diag(λ)·Qᵀ for a random orthogonal Q. */
    static double[][] withSpectrum(Random r, double[] lambda) {
        int n = lambda.length;
        double[][] q = orthogonal(r, n);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[i][k] * lambda[k] * q[j][k];
                a[i][j] = s;
            }
        }
        return symmetrize(a);
    }

    static double[][] symmetrize(double[][] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    static Tensor tensor(double[][] a) {
        int r = a.length, c = r == 0 ? 0 : a[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) System.arraycopy(a[i], 0, flat, i * c, c);
        return Tensor.wrap(flat, r, c);
    }

    static double[] matvec(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) s += a[i][j] * x[j];
            y[i] = s;
        }
        return y;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) for (int l = 0; l < k; l++) for (int j = 0; j < m; j++) c[i][j] += a[i][l] * b[l][j];
        return c;
    }

    /** Gaussian elimination with partial pivoting: the dense oracle for solves. */
    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            double tb = b[c]; b[c] = b[p]; b[p] = tb;
            for (int i = c + 1; i < n; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j < n; j++) a[i][j] -= f * a[c][j];
                b[i] -= f * b[c];
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

    static double[] gaussianVector(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i][i];
        return s;
    }
}

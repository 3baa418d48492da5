package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

/**
 * Symmetric eigendecomposition {@code A = V·diag(λ)·Vᵀ}, the kernel behind {@link Linalg#eigh}:
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson-like
 * shifts, accumulating the rotations into V (EISPACK {@code tred2}/{@code tql2}, the algorithm
 * JAMA and Numerical Recipes also use). Only the lower triangle of A is read, as NumPy's
 * {@code eigh} with {@code UPLO='L'}.
 *
 * <p>The working matrix is stored transposed (row i holds column i of EISPACK's V), so every
 * inner loop — the rank-2 updates, the accumulation and the QL rotations — runs over
 * contiguous memory.
 *
 * <p>Conventions: eigenvalues ascending; each eigenvector is scaled so that its entry of
 * largest magnitude (the first such one on ties) is positive. Eigenvectors of a repeated
 * eigenvalue are an orthonormal basis of its eigenspace, not unique.
 */
final class TridiagonalEigen {
    private TridiagonalEigen() {}

    /**
     * Eigenvalues into {@code w[wOff..wOff+n]} and, when {@code vectors} is not null, the
     * eigenvectors as its columns (n×n row-major at vOff). Returns -1, or the index of the
     * eigenvalue that did not converge in 30·n QL iterations.
     */
    static int decompose(double[] a, int off, int n, double[] w, int wOff, double[] vectors, int vOff) {
        if (n == 0) return -1;
        double[] z = new double[n * n]; // z[j*n + k] = V[k][j]
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) z[j * n + i] = a[off + i * n + j];
        double[] d = new double[n], e = new double[n];
        tridiagonalize(z, n, d, e);
        int fail = ql(z, n, d, e);
        if (fail >= 0) return fail;
        sort(z, n, d);
        System.arraycopy(d, 0, w, wOff, n);
        if (vectors != null) {
            for (int j = 0; j < n; j++) {
                int row = j * n;
                int big = 0;
                for (int k = 1; k < n; k++) if (Math.abs(z[row + k]) > Math.abs(z[row + big])) big = k;
                double sign = z[row + big] < 0 ? -1 : 1;
                for (int k = 0; k < n; k++) vectors[vOff + k * n + j] = sign * z[row + k];
            }
        }
        return -1;
    }

    /** tred2 on the transposed store: {@code V(x, y)} is {@code z[y*n + x]}. */
    private static void tridiagonalize(double[] z, int n, double[] d, double[] e) {
        for (int j = 0; j < n; j++) d[j] = z[j * n + n - 1];
        for (int i = n - 1; i > 0; i--) {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = z[j * n + i - 1];
                    z[j * n + i] = 0;
                    z[i * n + j] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    int cj = j * n;
                    z[i * n + j] = f;
                    int len = i - 1 - j; // k = j+1 .. i-1
                    g = e[j] + z[cj + j] * f + Level1F64.dot(len, z, cj + j + 1, d, j + 1);
                    Level1F64.axpy(len, f, z, cj + j + 1, e, j + 1);
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    int cj = j * n;
                    Level1F64.axpy(i - j, -f, e, j, z, cj + j);
                    Level1F64.axpy(i - j, -g, d, j, z, cj + j);
                    d[j] = z[cj + i - 1];
                    z[cj + i] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            int ci = i * n, c1 = (i + 1) * n;
            z[ci + n - 1] = z[ci + i];
            z[ci + i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) d[k] = z[c1 + k] / h;
                for (int j = 0; j <= i; j++) {
                    int cj = j * n;
                    double g = Level1F64.dot(i + 1, z, c1, z, cj);
                    Level1F64.axpy(i + 1, -g, d, 0, z, cj);
                }
            }
            for (int k = 0; k <= i; k++) z[c1 + k] = 0;
        }
        for (int j = 0; j < n; j++) {
            d[j] = z[j * n + n - 1];
            z[j * n + n - 1] = 0;
        }
        z[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    /** tql2: diagonalizes the tridiagonal (d, e), rotating rows of z. */
    private static int ql(double[] z, int n, double[] d, double[] e) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 30 * Math.max(n, 1)) return l;
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        rotate(z, n, i, c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        return -1;
    }

    /** Columns i and i+1 of V (rows of z): {@code (v_i, v_{i+1}) ← (c·v_i − s·v_{i+1}, s·v_i + c·v_{i+1})}. */
    private static void rotate(double[] z, int n, int i, double c, double s) {
        Level1F64.rotate(n, z, i * n, z, (i + 1) * n, c, s);
    }

    /** Ascending eigenvalues, rows of z permuted alike (selection sort: n swaps of rows). */
    private static void sort(double[] z, int n, double[] d) {
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            for (int j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
            if (k != i) {
                double t = d[k];
                d[k] = d[i];
                d[i] = t;
                for (int c = 0; c < n; c++) {
                    double u = z[i * n + c];
                    z[i * n + c] = z[k * n + c];
                    z[k * n + c] = u;
                }
            }
        }
    }
}

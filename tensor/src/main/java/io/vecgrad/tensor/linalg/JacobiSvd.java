package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.Level1F64;

/**
 * Singular value decomposition {@code A = U·diag(σ)·Vᵀ} by one-sided (Hestenes) Jacobi
 * rotations, the kernel behind {@link Linalg#svd}. Pairs of columns are rotated until every
 * pair is orthogonal to {@code √m·ε} relative to their norms (LAPACK {@code dgesvj}'s test);
 * the column norms are then the singular values. Chosen over bidiagonalisation + implicit QR
 * for accuracy: it computes small singular values to high relative accuracy and its U is
 * orthogonal to working precision by construction; it is slower (O(sweeps·m·n²), about 6–10
 * sweeps), see the benchmark note.
 *
 * <p>Columns are stored transposed (each column of A is a contiguous row), so rotations and
 * dot products stream through memory. Conventions: σ descending; each column of U is scaled
 * so that its entry of largest magnitude (the first on ties) is positive, and the matching row
 * of Vᵀ alike. Columns of U for σ = 0 (and the extra columns of a full U) are completed to an
 * orthonormal basis by Gram–Schmidt on unit vectors.
 */
final class JacobiSvd {
    private JacobiSvd() {}

    static final int MAX_SWEEPS = 60;

    /**
     * SVD of the m×n row-major matrix at {@code off} with m ≥ n. Writes σ (n), U (m×uCols
     * row-major, uCols = n or m) and Vᵀ (n×n row-major); U and Vᵀ may be null for values only.
     * Returns the number of sweeps, or -1 when they ran out.
     */
    static int decompose(double[] a, int off, int m, int n, double[] s, int sOff, double[] u, int uOff, int uCols,
                         double[] vt, int vtOff) {
        double[] c = new double[n * m]; // c[j*m + i] = A[i][j]
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[j * m + i] = a[off + i * n + j];
        double[] v = vt == null ? null : new double[n * n]; // v[j*n + k] = V[k][j]
        if (v != null) for (int j = 0; j < n; j++) v[j * n + j] = 1;
        int sweeps = sweep(c, m, n, v);
        double[] sigma = new double[n];
        for (int j = 0; j < n; j++) sigma[j] = Math.sqrt(dot(c, j * m, j * m, m));
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) order[j] = j;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sigma[y], sigma[x]));
        for (int r = 0; r < n; r++) s[sOff + r] = sigma[order[r]];
        if (u == null) return sweeps;
        double[] ucols = new double[uCols * m]; // column r of U as a row
        boolean[] done = new boolean[uCols];
        for (int r = 0; r < n; r++) {
            int j = order[r];
            double sg = sigma[j];
            if (sg == 0) continue;
            for (int i = 0; i < m; i++) ucols[r * m + i] = c[j * m + i] / sg;
            done[r] = true;
        }
        complete(ucols, m, uCols, done);
        for (int r = 0; r < uCols; r++) {
            int row = r * m;
            int big = 0;
            for (int i = 1; i < m; i++) if (Math.abs(ucols[row + i]) > Math.abs(ucols[row + big])) big = i;
            double sign = m > 0 && ucols[row + big] < 0 ? -1 : 1;
            for (int i = 0; i < m; i++) u[uOff + i * uCols + r] = sign * ucols[row + i];
            if (r < n && vt != null) {
                int j = order[r];
                for (int k = 0; k < n; k++) vt[vtOff + r * n + k] = sign * v[j * n + k];
            }
        }
        return sweeps;
    }

    private static int sweep(double[] c, int m, int n, double[] v) {
        double tol = Math.sqrt(Math.max(m, 1)) * Math.ulp(1.0);
        double[] norms = new double[n];
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            for (int j = 0; j < n; j++) norms[j] = dot(c, j * m, j * m, m);
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = norms[p], beta = norms[q];
                    if (alpha == 0 || beta == 0) continue;
                    double gamma = dot(c, p * m, q * m, m);
                    if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.copySign(1, zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
                    rotate(c, p * m, q * m, m, cs, sn);
                    if (v != null) rotate(v, p * n, q * n, n, cs, sn);
                    norms[p] = alpha - t * gamma;
                    norms[q] = beta + t * gamma;
                }
            }
            if (!rotated) return sweep;
        }
        return -1;
    }

    private static void rotate(double[] x, int p, int q, int len, double c, double s) {
        Level1F64.rotate(len, x, p, x, q, c, s);
    }

    static double dot(double[] x, int p, int q, int len) {
        return Level1F64.dot(len, x, p, x, q);
    }

    /**
     * Fills the rows r with {@code !done[r]} of the count×m array so that all rows are
     * orthonormal: each is the unit vector with the largest part outside the rows present
     * (at least 1/m of it, by counting), orthogonalised by two rounds of Gram–Schmidt.
     */
    static void complete(double[] rows, int m, int count, boolean[] done) {
        for (int r = 0; r < count; r++) {
            if (done[r]) continue;
            int best = 0;
            double bestRest = -1;
            for (int i = 0; i < m; i++) {
                double rest = 1;
                for (int o = 0; o < count; o++) if (done[o]) rest -= rows[o * m + i] * rows[o * m + i];
                if (rest > bestRest) {
                    bestRest = rest;
                    best = i;
                }
            }
            java.util.Arrays.fill(rows, r * m, (r + 1) * m, 0);
            rows[r * m + best] = 1;
            for (int round = 0; round < 2; round++) {
                for (int o = 0; o < count; o++) {
                    if (!done[o]) continue;
                    double d = dot(rows, r * m, o * m, m);
                    for (int i = 0; i < m; i++) rows[r * m + i] -= d * rows[o * m + i];
                }
            }
            double norm = Math.sqrt(dot(rows, r * m, r * m, m));
            for (int i = 0; i < m; i++) rows[r * m + i] /= norm;
            done[r] = true;
        }
    }
}

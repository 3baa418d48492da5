package io.vecgrad.tensor.linalg.iterative;

/**
 * Eigenvalues and eigenvectors of a small symmetric tridiagonal matrix (the Lanczos T) by
 * the implicit QL algorithm with Wilkinson-type shifts (the classic {@code tql2}/{@code tqli}
 * scheme, O(k²) for values and O(k³) with vectors). Eigenvalues ascending, eigenvectors as
 * columns, each with its largest-magnitude component made positive (a fixed sign convention
 * so results are reproducible).
 *
 * <pre>{@code
 * SymmetricTridiagonal.Eigen e = SymmetricTridiagonal.eigen(new double[] {2, 2}, new double[] {1});
 * e.values();          // {1, 3}
 * e.vectors()[i][j];   // component i of eigenvector j
 * }</pre>
 */
public final class SymmetricTridiagonal {
    private SymmetricTridiagonal() {}

    /**
     * @param values  ascending eigenvalues
     * @param vectors {@code vectors[i][j]} is component i of the eigenvector of {@code values[j]}
     */
    public record Eigen(double[] values, double[][] vectors) {}

    /**
     * @param diagonal    the k diagonal entries α
     * @param offDiagonal the k − 1 entries β below (and above) the diagonal
     */
    public static Eigen eigen(double[] diagonal, double[] offDiagonal) {
        int n = diagonal.length;
        if (offDiagonal.length != Math.max(0, n - 1)) {
            throw new IllegalArgumentException("SymmetricTridiagonal.eigen: " + n + " diagonal entries need " + Math.max(0, n - 1)
                    + " off-diagonal ones, got " + offDiagonal.length);
        }
        double[] d = diagonal.clone();
        double[] e = new double[n];
        System.arraycopy(offDiagonal, 0, e, 0, Math.max(0, n - 1));
        for (double v : d) if (!Double.isFinite(v)) throw new IllegalArgumentException("SymmetricTridiagonal.eigen: non-finite diagonal " + v);
        for (double v : e) if (!Double.isFinite(v)) throw new IllegalArgumentException("SymmetricTridiagonal.eigen: non-finite off-diagonal " + v);
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) z[i][i] = 1;
        ql(d, e, z);
        return sorted(d, z);
    }

    /** Implicit QL: {@code e[i]} couples rows i and i+1; z accumulates the rotations. */
    private static void ql(double[] d, double[] e, double[][] z) {
        int n = d.length;
        for (int l = 0; l < n; l++) {
            int iter = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= 0x1p-53 * dd) break;
                }
                if (m != l) {
                    if (iter++ == 100) throw new ArithmeticException("SymmetricTridiagonal.eigen: QL did not converge for eigenvalue " + l);
                    double g = (d[l + 1] - d[l]) / (2 * e[l]);
                    double r = Math.hypot(g, 1);
                    g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                    double s = 1, c = 1, p = 0;
                    int i;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0) {
                            d[i + 1] -= p;
                            e[m] = 0;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                        for (int k = 0; k < n; k++) {
                            double zf = z[k][i + 1];
                            z[k][i + 1] = s * z[k][i] + c * zf;
                            z[k][i] = c * z[k][i] - s * zf;
                        }
                    }
                    if (r == 0 && i >= l) continue;
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
    }

    private static Eigen sorted(double[] d, double[][] z) {
        int n = d.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]) != 0 ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            int src = order[j];
            values[j] = d[src];
            int big = 0;
            for (int i = 0; i < n; i++) if (Math.abs(z[i][src]) > Math.abs(z[big][src])) big = i;
            double sign = z[big][src] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) vectors[i][j] = sign * z[i][src];
        }
        return new Eigen(values, vectors);
    }
}

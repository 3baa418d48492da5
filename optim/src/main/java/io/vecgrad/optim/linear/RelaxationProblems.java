package io.vecgrad.optim.linear;

import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import io.vecgrad.tensor.DType;

/**
 * P51's instance family (mkhodak/learning-to-relax, {@code scripts/learning.m}): the 2-D
 * Laplacian {@code delsq(numgrid('S', m))} — the 5-point stencil on the {@code (m−2)×(m−2)}
 * interior of an m×m grid — shifted by {@code c_t·I} with {@code c_t = −0.15 + 0.6·Beta(0.5, 1.5)}
 * (the high-variance setting), and right-hand sides with N(0, 1) entries (the code truncates
 * its normals; we do not).
 *
 * <pre>{@code
 * CsrMatrix a = RelaxationProblems.shiftedLaplacian(12, 0.1);
 * }</pre>
 */
public final class RelaxationProblems {
    private RelaxationProblems() {}

    /** delsq(numgrid('S', m)) + shift·I, (m−2)² unknowns. */
    public static CsrMatrix shiftedLaplacian(int m, double shift) {
        int k = m - 2;
        if (k < 1) throw new IllegalArgumentException("RelaxationProblems: grid size must be ≥ 3, got " + m);
        int n = k * k;
        int[] r = new int[5 * n], c = new int[5 * n];
        double[] v = new double[5 * n];
        int e = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int p = i + j * k;   // column-major, as numgrid
                r[e] = p; c[e] = p; v[e++] = 4 + shift;
                int[][] nb = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
                for (int[] q : nb) {
                    if (q[0] < 0 || q[0] >= k || q[1] < 0 || q[1] >= k) continue;
                    r[e] = p; c[e] = q[0] + q[1] * k; v[e++] = -1;
                }
            }
        }
        return CsrMatrix.fromCoo(n, n, java.util.Arrays.copyOf(r, e), java.util.Arrays.copyOf(c, e), java.util.Arrays.copyOf(v, e), DType.FLOAT64);
    }

    /** The high-variance shift −0.15 + 0.6·Beta(0.5, 1.5). */
    public static double highVarianceShift(Rng rng) {
        return -0.15 + 0.6 * beta(rng, 0.5, 1.5);
    }

    /** Beta(a, b) as G_a/(G_a + G_b) of Gamma variates. */
    static double beta(Rng rng, double a, double b) {
        double x = gamma(rng, a), y = gamma(rng, b);
        return x / (x + y);
    }

    /** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 through Gamma(shape + 1)·U^{1/shape}. */
    static double gamma(Rng rng, double shape) {
        if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
        }
    }

    /** A right-hand side with N(0, 1) entries. */
    public static double[] rhs(Rng rng, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = rng.nextGaussian();
        return b;
    }

    /** The Jacobi spectral radius of the shifted Laplacian: 4cos(π/(m−1))/(4 + shift). */
    public static double jacobiRadius(int m, double shift) {
        return 4 * Math.cos(Math.PI / (m - 1)) / (4 + shift);
    }
}

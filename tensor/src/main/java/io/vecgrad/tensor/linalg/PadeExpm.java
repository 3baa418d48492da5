package io.vecgrad.tensor.linalg;

import io.vecgrad.tensor.kernel.GemmF64;

/**
 * Matrix exponential by scaling and squaring with Padé approximants, Higham (2005), "The
 * scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix Anal.
 * Appl. 26(4) — Algorithm 2.3, the method behind SciPy's {@code expm} before its 2009
 * refinement: the degree m ∈ {3, 5, 7, 9, 13} is the smallest whose θ_m bounds ‖A‖₁, else A
 * is scaled by 2^−s so that ‖A/2^s‖₁ ≤ θ₁₃, and the result squared s times. All products are
 * {@link GemmF64} calls; the Padé denominator is solved by {@link Lu}. The kernel behind
 * {@link Linalg#expm}.
 */
final class PadeExpm {
    private PadeExpm() {}

    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};
    private static final int[] DEGREE = {3, 5, 7, 9, 13};
    private static final double[][] COEF = {
        {120, 60, 12, 1},
        {30240, 15120, 3360, 420, 30, 1},
        {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
        {17643225600d, 8821612800d, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1},
        {64764752532480000d, 32382376266240000d, 7771770303897600d, 1187353796428800d, 129060195264000d,
            10559470521600d, 670442572800d, 33522128640d, 1323241920, 40840800, 960960, 16380, 182, 1}};

    /** exp of the n×n matrix at {@code off}, written to {@code out} at {@code outOff}. */
    static void expm(double[] a, int off, int n, double[] out, int outOff) {
        if (n == 0) return;
        double norm = norm1(a, off, n);
        double[] x = new double[n * n];
        System.arraycopy(a, off, x, 0, n * n);
        int choice = 4, s = 0;
        for (int i = 0; i < 4; i++) {
            if (norm <= THETA[i]) {
                choice = i;
                break;
            }
        }
        if (choice == 4 && norm > THETA[4]) {
            s = Math.max(0, (int) Math.ceil(Math.log(norm / THETA[4]) / Math.log(2)));
            double f = Math.scalb(1.0, -s);
            for (int i = 0; i < x.length; i++) x[i] *= f;
        }
        double[] r = pade(x, n, choice);
        for (int k = 0; k < s; k++) {
            double[] sq = new double[n * n];
            mul(r, r, sq, n);
            r = sq;
        }
        System.arraycopy(r, 0, out, outOff, n * n);
    }

    /** r_m(X) = (V − U)⁻¹(V + U) for the chosen degree. */
    private static double[] pade(double[] x, int n, int choice) {
        double[] b = COEF[choice];
        int nn = n * n;
        double[] x2 = new double[nn];
        mul(x, x, x2, n);
        double[] u = new double[nn], v = new double[nn];
        if (DEGREE[choice] < 13) {
            // U = X·Σ b_{2k+1} X^{2k}, V = Σ b_{2k} X^{2k}
            double[] pow = identity(n);
            double[] uo = new double[nn];
            for (int k = 0; 2 * k < b.length; k++) {
                axpy(b[2 * k + 1], pow, uo);
                axpy(b[2 * k], pow, v);
                if (2 * k + 2 < b.length) {
                    double[] next = new double[nn];
                    mul(pow, x2, next, n);
                    pow = next;
                }
            }
            mul(x, uo, u, n);
        } else {
            double[] x4 = new double[nn], x6 = new double[nn];
            mul(x2, x2, x4, n);
            mul(x4, x2, x6, n);
            double[] t = new double[nn];
            axpy(b[13], x6, t);
            axpy(b[11], x4, t);
            axpy(b[9], x2, t);
            double[] uo = new double[nn];
            mul(x6, t, uo, n);
            axpy(b[7], x6, uo);
            axpy(b[5], x4, uo);
            axpy(b[3], x2, uo);
            addIdentity(b[1], uo, n);
            mul(x, uo, u, n);
            double[] w = new double[nn];
            axpy(b[12], x6, w);
            axpy(b[10], x4, w);
            axpy(b[8], x2, w);
            mul(x6, w, v, n);
            axpy(b[6], x6, v);
            axpy(b[4], x4, v);
            axpy(b[2], x2, v);
            addIdentity(b[0], v, n);
        }
        double[] p = new double[nn], q = new double[nn];
        for (int i = 0; i < nn; i++) {
            p[i] = v[i] + u[i];
            q[i] = v[i] - u[i];
        }
        int[] piv = new int[n];
        int zero = Lu.factor(q, 0, n, piv);
        if (zero >= 0) throw new ArithmeticException("expm: the Padé denominator is singular at pivot " + zero);
        Lu.solve(q, 0, n, piv, p, 0, n);
        return p;
    }

    private static void mul(double[] x, double[] y, double[] out, int n) {
        GemmF64.gemm(n, n, n, x, 0, n, 1, y, 0, n, 1, out, 0, n, false);
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }

    private static void addIdentity(double alpha, double[] y, int n) {
        for (int i = 0; i < n; i++) y[i * n + i] += alpha;
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        addIdentity(1, e, n);
        return e;
    }

    /** Max column sum of |A|. */
    static double norm1(double[] a, int off, int n) {
        double[] col = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) col[j] += Math.abs(a[off + i * n + j]);
        double m = 0;
        for (double c : col) m = Math.max(m, c);
        return m;
    }
}

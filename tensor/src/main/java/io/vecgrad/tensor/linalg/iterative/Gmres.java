package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.Tensor;

/**
 * Restarted GMRES(m) (Saad &amp; Schultz 1986) for general square systems {@code A·x = b}:
 * Arnoldi with modified Gram–Schmidt, Givens rotations on the Hessenberg matrix, right
 * preconditioning ({@code A·M·u = r₀}, {@code x = x₀ + M·u}, so the residual minimised is
 * the true one). The basis is rebuilt every {@link SolveOptions#restart()} iterations.
 *
 * <p>{@code maxIter} counts inner (Arnoldi) iterations — SciPy counts restart cycles. The
 * history holds the recurrence's residual norm after each inner iteration; at the end of a
 * cycle that entry is replaced by the true {@code ‖b − A·x‖} (one extra product with A per
 * cycle, as in SciPy).
 *
 * <pre>{@code
 * SolveResult r = Gmres.solve(LinearOperator.of(nonSymmetric), b, SolveOptions.defaults().restart(30).rtol(1e-10));
 * }</pre>
 */
public final class Gmres {
    private Gmres() {}

    public static SolveResult solve(LinearOperator a, Tensor b) {
        return solve(a, b, SolveOptions.defaults());
    }

    public static SolveResult solve(LinearOperator a, Tensor b, SolveOptions o) {
        Krylov k = Krylov.setup("gmres", a, b, o);
        int n = k.n;
        int m = Math.min(o.restart(), Math.max(1, n));
        double[] x = k.start();
        double[] r = o.x0() == null ? k.b.clone() : k.residual(x);
        double beta = Krylov.norm(r);
        k.record(beta);
        if (k.done(beta)) return k.finish(x, 0, SolveResult.Reason.CONVERGED);
        int total = 0;
        double[][] v = new double[m + 1][];
        double[][] z = new double[m][];
        double[][] h = new double[m + 1][m];
        double[] cs = new double[m];
        double[] sn = new double[m];
        double[] g = new double[m + 1];
        while (total < k.maxIter) {
            v[0] = r.clone();
            Krylov.scale(1 / beta, v[0]);
            java.util.Arrays.fill(g, 0);
            g[0] = beta;
            int j = 0;
            boolean singular = false;
            while (j < m && total < k.maxIter) {
                z[j] = k.precondition(v[j]);
                double[] w = k.apply(z[j]);
                total++;
                for (int i = 0; i <= j; i++) {
                    h[i][j] = Krylov.dot(w, v[i]);
                    Krylov.axpy(-h[i][j], v[i], w);
                }
                double hNext = Krylov.norm(w);
                h[j + 1][j] = hNext;
                for (int i = 0; i < j; i++) {
                    double t = cs[i] * h[i][j] + sn[i] * h[i + 1][j];
                    h[i + 1][j] = -sn[i] * h[i][j] + cs[i] * h[i + 1][j];
                    h[i][j] = t;
                }
                double rho = Math.hypot(h[j][j], h[j + 1][j]);
                if (rho == 0) {
                    singular = true;
                    break;
                }
                cs[j] = h[j][j] / rho;
                sn[j] = h[j + 1][j] / rho;
                h[j][j] = rho;
                h[j + 1][j] = 0;
                g[j + 1] = -sn[j] * g[j];
                g[j] = cs[j] * g[j];
                k.record(Math.abs(g[j + 1]));
                j++;
                if (Math.abs(g[j]) <= k.target || hNext == 0) break;
                v[j] = w;
                Krylov.scale(1 / hNext, v[j]);
            }
            // x += M·V·y with H[0..j)·y = g[0..j) (back substitution); M·V is kept as z.
            double[] y = new double[j];
            for (int i = j - 1; i >= 0; i--) {
                double s = g[i];
                for (int l = i + 1; l < j; l++) s -= h[i][l] * y[l];
                y[i] = s / h[i][i];
            }
            for (int i = 0; i < j; i++) Krylov.axpy(y[i], z[i], x);
            r = k.residual(x);
            beta = Krylov.norm(r);
            if (j > 0) k.replaceLast(beta);
            else k.record(beta);
            if (k.done(beta)) return k.finish(x, total, SolveResult.Reason.CONVERGED);
            if (singular) return k.finish(x, total, SolveResult.Reason.BREAKDOWN);
        }
        return k.finish(x, total, SolveResult.Reason.MAX_ITERATIONS);
    }
}

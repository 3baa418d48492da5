package io.vecgrad.optim.linear;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.sparse.CsrMatrix;

/**
 * Successive over-relaxation for {@code Ax = b} with A symmetric positive definite, as in P51's
 * code ({@code solvers/sor.m} of mkhodak/learning-to-relax): with {@code A = D + L + U},
 * {@code x_{k+1} = x_k + (D/ω + L)⁻¹(b − Ax_k)}, run here as the equivalent forward sweep
 * {@code x_i ← (1 − ω)x_i + ω(b_i − Σ_{j≠i} a_ij x_j)/a_ii} with the newest x_j. The cost is
 * the number of sweeps until {@code ‖b − Ax_k‖/‖b − Ax_0‖ < tol} (the code: 1e-8, at most 10000).
 * ω = 1 is Gauss–Seidel; SSOR adds a backward sweep. Dense matrices are converted to CSR once.
 *
 * <pre>{@code
 * SorResult r = Sor.solve(csr, b, new double[n], 1.5, 1e-8, 10_000);
 * int cost = r.iterations();
 * }</pre>
 */
public final class Sor {
    private Sor() {}

    /** The result: solution, sweeps used, final relative residual, whether tol was met. */
    public record SorResult(double[] x, int iterations, double relativeResidual, boolean converged) {}

    public static SorResult solve(CsrMatrix a, double[] b, double[] x0, double omega, double tol, int maxIterations) {
        return run(a, b, x0, omega, tol, maxIterations, false);
    }

    /** Dense row-major n×n A. */
    public static SorResult solve(double[] a, int n, double[] b, double[] x0, double omega, double tol, int maxIterations) {
        return solve(dense(a, n), b, x0, omega, tol, maxIterations);
    }

    /** Symmetric SOR: each iteration a forward then a backward sweep. */
    public static SorResult ssor(CsrMatrix a, double[] b, double[] x0, double omega, double tol, int maxIterations) {
        return run(a, b, x0, omega, tol, maxIterations, true);
    }

    static CsrMatrix dense(double[] a, int n) {
        if ((long) n * n != a.length) throw new IllegalArgumentException("Sor: A has " + a.length + " entries, not " + n + "×" + n);
        return CsrMatrix.fromDense(Tensor.of(a.clone(), n, n));
    }

    private static SorResult run(CsrMatrix a, double[] b, double[] x0, double omega, double tol, int maxIterations, boolean symmetric) {
        int n = a.rows();
        if (a.cols() != n || b.length != n || x0.length != n) {
            throw new IllegalArgumentException("Sor: A is " + a.rows() + "×" + a.cols() + ", b has " + b.length + " and x0 " + x0.length + " entries");
        }
        if (!(omega > 0 && omega < 2)) throw new IllegalArgumentException("Sor: omega must be in (0, 2), got " + omega);
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = a.rowStart(i); k < a.rowStart(i) + a.rowNnz(i); k++) if (a.col(k) == i) diag[i] += a.value(k);
            if (!(diag[i] > 0)) throw new IllegalArgumentException("Sor: A[" + i + "," + i + "] = " + diag[i] + " (SPD needs a positive diagonal)");
        }
        double[] x = x0.clone();
        double r0 = residualNorm(a, b, x);
        if (r0 == 0) return new SorResult(x, 0, 0, true);
        double rel = 1;
        for (int k = 1; k <= maxIterations; k++) {
            for (int i = 0; i < n; i++) relax(a, b, x, diag, omega, i);
            if (symmetric) for (int i = n - 1; i >= 0; i--) relax(a, b, x, diag, omega, i);
            rel = residualNorm(a, b, x) / r0;
            if (rel < tol) return new SorResult(x, k, rel, true);
        }
        return new SorResult(x, maxIterations, rel, false);
    }

    private static void relax(CsrMatrix a, double[] b, double[] x, double[] diag, double omega, int i) {
        double s = b[i];
        for (int k = a.rowStart(i); k < a.rowStart(i) + a.rowNnz(i); k++) {
            if (a.col(k) != i) s -= a.value(k) * x[a.col(k)];
        }
        x[i] = (1 - omega) * x[i] + omega * s / diag[i];
    }

    static double residualNorm(CsrMatrix a, double[] b, double[] x) {
        double s = 0;
        for (int i = 0; i < a.rows(); i++) {
            double r = b[i] - a.rowDot(i, x);
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /** ω* = 2/(1 + sqrt(1 − ρ_J²)) for a consistently ordered A with Jacobi spectral radius ρ_J. */
    public static double optimalOmega(double rhoJacobi) {
        return 2 / (1 + Math.sqrt(1 - rhoJacobi * rhoJacobi));
    }
}

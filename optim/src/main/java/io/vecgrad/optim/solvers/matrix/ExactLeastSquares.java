package io.vecgrad.optim.solvers.matrix;

/**
 * {@code min ‖A x − b‖} by the normal equations {@code AᵀA x = Aᵀb} and an upper Cholesky factor:
 * {@code rows·k²/2 + k³/6} multiply-adds. Accurate to about {@code κ(A)²·ε}, ample for the
 * well-conditioned designs of incoherent completion (row-subsampled orthonormal factors).
 */
final class ExactLeastSquares implements LeastSquaresSolver {
    private double[] gram = new double[0], rhs = new double[0];

    @Override
    public void solve(double[] a, int rows, int k, double[] b, double[] x, long stream) {
        if (gram.length < k * k) {
            gram = new double[k * k];
            rhs = new double[k];
        }
        java.util.Arrays.fill(gram, 0, k * k, 0);
        SmallDense.addGram(a, rows, k, gram);
        SmallDense.transposeTimes(a, rows, k, b, rhs);
        factorAndSolve(gram, k, rhs, x);
    }

    /** Cholesky of {@code gram} (a tiny ridge when singular) and the solve of {@code gram · x = rhs}. */
    static void factorAndSolve(double[] gram, int k, double[] rhs, double[] x) {
        double trace = 0;
        for (int i = 0; i < k; i++) trace += gram[i * k + i];
        double ridge = 1e-12 * (trace / k) + Double.MIN_NORMAL;   // only touches pivots of a (near-)singular Gram
        if (!SmallDense.cholesky(gram, k, ridge)) {
            throw new ArithmeticException("least squares: Gram matrix not positive after ridge " + ridge + " (k=" + k + ")");
        }
        System.arraycopy(rhs, 0, x, 0, k);
        SmallDense.solveUpperTransposed(gram, k, x);
        SmallDense.solveUpper(gram, k, x);
    }

    @Override
    public LeastSquaresSolver copy() {
        return new ExactLeastSquares();
    }
}

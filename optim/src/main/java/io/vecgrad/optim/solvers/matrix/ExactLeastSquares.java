package io.vecgrad.optim.solvers.matrix;

/**
 * {@code min ‖A x − b‖} by the normal equations {@code AᵀA x = Aᵀb} and an upper Cholesky factor:
 * {@code rows·k²/2 + k³/6} multiply-adds. Accurate to about {@code κ(A)²·ε}, ample for the
 * well-conditioned designs of incoherent completion (row-subsampled orthonormal factors). Tall
 * designs ({@code rows ≥ 2k}) form {@code AᵀA} with the tensor module's SIMD matrix product (about 2×
 * faster than the scalar loop at k = 30, measured under load); short ones use {@link SmallDense#addGram}.
 */
final class ExactLeastSquares implements LeastSquaresSolver {
    private double[] gram = new double[0], rhs = new double[0];

    @Override
    public void solve(double[] a, int rows, int k, double[] b, double[] x, long stream) {
        if (gram.length < k * k) {
            gram = new double[k * k];
            rhs = new double[k];
        }
        if (rows >= 2 * k) {
            io.vecgrad.tensor.Tensor design = io.vecgrad.tensor.Tensor.wrap(java.util.Arrays.copyOf(a, rows * k), rows, k);
            System.arraycopy(design.mT().matmul(design).toDoubleArray(), 0, gram, 0, k * k);
        } else {
            java.util.Arrays.fill(gram, 0, k * k, 0);
            SmallDense.addGram(a, rows, k, gram);
        }
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

package io.vecgrad.optim.solvers.matrix;

/**
 * Solves the small dense regressions {@code min_x ‖A x − b‖} that alternating minimization runs per
 * column and per row (P34). {@code A} is row-major {@code rows×k} with {@code rows ≥ k} expected; a
 * regression with fewer rows (or a singular Gram matrix) gets a tiny ridge so it stays defined.
 * Implementations may keep scratch buffers: use one instance per thread.
 *
 * <pre>{@code
 * LeastSquaresSolver exact = LeastSquaresSolver.exact();
 * LeastSquaresSolver fast = LeastSquaresSolver.sketched(4, 3, 1);    // 4k sketch rows, 3 PCG iterations
 * exact.solve(a, rows, k, b, x, 0);
 * }</pre>
 */
public interface LeastSquaresSolver {
    /**
     * Writes into {@code x[0..k)} the (approximate) minimizer of {@code ‖A x − b‖}; {@code stream}
     * numbers the randomness a randomized solver uses, so that each regression draws its own sketch
     * whatever order regressions are solved in.
     */
    void solve(double[] a, int rows, int k, double[] b, double[] x, long stream);

    /** A fresh instance with its own scratch buffers (for another thread). */
    LeastSquaresSolver copy();

    /** Exact solve by the normal equations and a Cholesky factor (the AltMin baseline). */
    static LeastSquaresSolver exact() {
        return new ExactLeastSquares();
    }

    /**
     * Sketch-and-precondition (P34's approximate regression step): a CountSketch with
     * {@code sketchFactor·k} rows gives the preconditioner R, the sketched solution the start, then
     * {@code iterations} preconditioned CGLS steps.
     */
    static LeastSquaresSolver sketched(int sketchFactor, int iterations, long seed) {
        return new SketchedLeastSquares(sketchFactor, iterations, seed);
    }
}

package io.vecgrad.optim.solvers.matrix;

import io.vecgrad.tensor.random.Rng;

/**
 * Sketch-and-precondition least squares, the approximate regression step of P34 (Gu, Song, Yin, Zhang,
 * arXiv:2302.11068, following the spec's reconstruction: sketch, factor the sketch, iterate on the
 * preconditioned problem):
 * <ol>
 *   <li>CountSketch S with {@code s = sketchFactor·k} rows: each row of {@code [A | b]} is added, with a
 *       random sign, to one random bucket ({@code rows·k} additions);</li>
 *   <li>{@code R} from the Cholesky factor of {@code (SA)ᵀ(SA)} — the R of a QR of SA, up to signs;</li>
 *   <li>start from the sketched solution {@code argmin ‖S(Ax − b)‖}, then run {@code iterations} steps of
 *       CGLS on {@code min_z ‖A R⁻¹ z − b‖} (each {@code 2·rows·k + 2k²}).</li>
 * </ol>
 * The sketched start's excess residual is a fraction of the optimal residual, and each CGLS step
 * shrinks {@code ‖A(x − x*)‖} by about {@code (√κ − 1)/(√κ + 1)} with {@code κ = cond(A R⁻¹)} small, so the
 * residual is within {@code (1 + ε)} of optimal with ε falling geometrically in {@code iterations}. With
 * {@code rows ≤ s} the sketch would not be smaller and the regression is solved exactly. The sketch of
 * regression number {@code stream} comes from the stream {@code (seed, "countsketch", stream)}.
 */
final class SketchedLeastSquares implements LeastSquaresSolver {
    private final int sketchFactor, iterations;
    private final long seed;
    private final Rng root;
    private double[] sa = new double[0], sb = new double[0], gram = new double[0], rhs = new double[0];
    private double[] res = new double[0], q = new double[0];
    private double[] sv = new double[0], p = new double[0], t = new double[0];

    SketchedLeastSquares(int sketchFactor, int iterations, long seed) {
        if (sketchFactor < 1 || iterations < 0) {
            throw new IllegalArgumentException("LeastSquaresSolver.sketched: sketchFactor=" + sketchFactor + ", iterations=" + iterations);
        }
        this.sketchFactor = sketchFactor;
        this.iterations = iterations;
        this.seed = seed;
        this.root = new Rng(seed).split("countsketch");
    }

    @Override
    public void solve(double[] a, int rows, int k, double[] b, double[] x, long stream) {
        int s = sketchFactor * k;
        if (gram.length < k * k) {
            gram = new double[k * k];
            rhs = new double[k];
            sv = new double[k];
            p = new double[k];
            t = new double[k];
        }
        java.util.Arrays.fill(gram, 0, k * k, 0);
        if (rows <= s) {                                   // nothing to gain: exact normal equations
            SmallDense.addGram(a, rows, k, gram);
            SmallDense.transposeTimes(a, rows, k, b, rhs);
            ExactLeastSquares.factorAndSolve(gram, k, rhs, x);
            return;
        }
        sketch(a, rows, k, b, s, root.split(stream));
        SmallDense.addGram(sa, s, k, gram);
        SmallDense.transposeTimes(sa, s, k, sb, rhs);
        ExactLeastSquares.factorAndSolve(gram, k, rhs, x);  // gram now holds R (upper), x the sketched solution
        refine(a, rows, k, b, x);
    }

    /** {@code [SA | Sb]} with a CountSketch of {@code s} buckets. */
    private void sketch(double[] a, int rows, int k, double[] b, int s, Rng rng) {
        if (sa.length < s * k) {
            sa = new double[s * k];
            sb = new double[s];
        }
        java.util.Arrays.fill(sa, 0, s * k, 0);
        java.util.Arrays.fill(sb, 0, s, 0);
        for (int r = 0; r < rows; r++) {
            long bits = rng.nextLong();
            int bucket = (int) Math.floorMod(bits >>> 1, (long) s);
            double sign = (bits & 1) == 0 ? 1 : -1;
            int dst = bucket * k, src = r * k;
            for (int c = 0; c < k; c++) sa[dst + c] += sign * a[src + c];
            sb[bucket] += sign * b[r];
        }
    }

    /** CGLS on {@code min_z ‖A R⁻¹ z − b‖} from x (R in {@code gram}'s upper triangle). */
    private void refine(double[] a, int rows, int k, double[] b, double[] x) {
        if (iterations == 0) return;
        if (res.length < rows) {
            res = new double[rows];
            q = new double[rows];
        }
        SmallDense.times(a, rows, k, x, res);
        for (int r = 0; r < rows; r++) res[r] = b[r] - res[r];
        preconditionedGradient(a, rows, k);
        System.arraycopy(sv, 0, p, 0, k);
        double gamma = dot(sv, sv, k);
        for (int it = 0; it < iterations && gamma > 0; it++) {
            System.arraycopy(p, 0, t, 0, k);
            SmallDense.solveUpper(gram, k, t);                  // t = R⁻¹ p
            SmallDense.times(a, rows, k, t, q);                 // q = A t
            double qq = dot(q, q, rows);
            if (!(qq > 0)) break;
            double alpha = gamma / qq;
            for (int c = 0; c < k; c++) x[c] += alpha * t[c];
            for (int r = 0; r < rows; r++) res[r] -= alpha * q[r];
            preconditionedGradient(a, rows, k);
            double next = dot(sv, sv, k);
            double beta = next / gamma;
            for (int c = 0; c < k; c++) p[c] = sv[c] + beta * p[c];
            gamma = next;
        }
    }

    /** {@code sv = R⁻ᵀ Aᵀ res}. */
    private void preconditionedGradient(double[] a, int rows, int k) {
        SmallDense.transposeTimes(a, rows, k, res, sv);
        SmallDense.solveUpperTransposed(gram, k, sv);
    }

    private static double dot(double[] u, double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += u[i] * v[i];
        return s;
    }

    @Override
    public LeastSquaresSolver copy() {
        return new SketchedLeastSquares(sketchFactor, iterations, seed);
    }
}

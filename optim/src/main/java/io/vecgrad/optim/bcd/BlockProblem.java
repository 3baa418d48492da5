package io.vecgrad.optim.bcd;

/**
 * The smooth part {@code f} of a block-coordinate problem {@code min_x f(x) + Σ_i g_i(x_i)}, as
 * the oracles of Nutini, Laradji and Schmidt (JMLR 2022, P40) and of their code's loss objects
 * ({@code src/losses.py} of IssamLaradji/BlockCoordinateDescent: {@code f_func}, {@code g_func},
 * {@code h_func}, {@code Lb_func}, {@code Hb_func}, {@code lipschitz}).
 *
 * <ul>
 *   <li>{@link #coordinateLipschitz()}: the coordinate constants {@code L_i} (code {@code loss.lipschitz});</li>
 *   <li>{@link #upperBound(int[])}: a fixed matrix {@code H_b ⪰ ∇²_bb f(x)} for every x (code {@code Hb_func});</li>
 *   <li>{@link #blockLipschitz(int[])}: {@code L_b = λ_max(H_b)} (code {@code Lb_func});</li>
 *   <li>{@link #hessianBlock(double[], int[])}: {@code ∇²_bb f(x)} (code {@code h_func}).</li>
 * </ul>
 *
 * <p>Blocks are arrays of distinct coordinate indices; block vectors and matrices follow the
 * order of the indices.
 *
 * <pre>{@code
 * BlockProblem f = LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
 * double[] g = new double[f.dim()];
 * f.gradient(x, g);
 * double lb = f.blockLipschitz(new int[] {0, 3, 4});
 * }</pre>
 */
public interface BlockProblem {
    /** Number of coordinates. */
    int dim();

    /** f(x). */
    double value(double[] x);

    /** Writes ∇f(x) into {@code out}. */
    void gradient(double[] x, double[] out);

    /** ∇_b f(x): by default the full gradient, gathered. */
    default double[] blockGradient(double[] x, int[] block) {
        double[] g = new double[dim()];
        gradient(x, g);
        return DenseBlocks.gather(g, block);
    }

    /** The coordinate Lipschitz constants L_i (a fresh or shared read-only array). */
    double[] coordinateLipschitz();

    /** A fixed upper bound H_b ⪰ ∇²_bb f(x) for all x, dense |b|×|b|. */
    double[][] upperBound(int[] block);

    /** ∇²_bb f(x), dense |b|×|b|. */
    double[][] hessianBlock(double[] x, int[] block);

    /** L_b = λ_max(H_b). */
    default double blockLipschitz(int[] block) {
        return DenseBlocks.lambdaMax(upperBound(block));
    }

    /**
     * Gershgorin row sums {@code Σ_j |H_ij|} of the full upper bound H (the code's {@code GSDHb}
     * diagonal); by default from {@link #upperBound} of every coordinate, O(n²) memory once.
     */
    default double[] upperBoundRowSums() {
        int n = dim();
        int[] all = DenseBlocks.range(n);
        double[][] h = upperBound(all);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) s[i] += Math.abs(h[i][j]);
        }
        return s;
    }

    /** {@code out = H v} with H the full upper bound (every coordinate); by default through a dense H. */
    default void upperBoundTimes(double[] v, double[] out) {
        double[][] h = upperBound(DenseBlocks.range(dim()));
        for (int i = 0; i < out.length; i++) out[i] = DenseBlocks.dot(h[i], v);
    }

    /** True when f is quadratic, so that the Newton step on a block minimizes f over it exactly. */
    default boolean isQuadratic() {
        return false;
    }
}

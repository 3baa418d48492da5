package io.vecgrad.optim.prox;

import java.util.Arrays;

/**
 * Group lasso {@code g(x) = λ Σ_g w_g ‖x_g‖₂} over disjoint index groups; coordinates in no
 * group are not penalized. Its prox applies {@link L2Norm}'s block soft threshold per group.
 * {@link #of} uses the customary weights {@code w_g = √|g|} (Yuan and Lin 2006).
 *
 * <pre>{@code
 * GroupLasso g = GroupLasso.of(new int[][] {{0, 1}, {2}}, 0.5);
 * double[] u = g.prox(new double[] {3, 4, 1}, 1.0);
 * }</pre>
 */
public final class GroupLasso implements Prox {
    private final int[][] groups;
    private final double[] weights;
    private final double lambda;

    /**
     * @throws IllegalArgumentException when groups overlap, hold a negative index, or the weights
     *     do not match the groups
     */
    public GroupLasso(int[][] groups, double[] weights, double lambda) {
        if (groups.length != weights.length) {
            throw new IllegalArgumentException("GroupLasso: " + groups.length + " groups but " + weights.length + " weights");
        }
        this.lambda = Prox.nonNegative("GroupLasso", "lambda", lambda);
        this.groups = new int[groups.length][];
        this.weights = weights.clone();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int g = 0; g < groups.length; g++) {
            Prox.nonNegative("GroupLasso", "weight of group " + g, weights[g]);
            this.groups[g] = groups[g].clone();
            for (int i : groups[g]) {
                if (i < 0) throw new IllegalArgumentException("GroupLasso: group " + g + " holds negative index " + i);
                if (!seen.add(i)) throw new IllegalArgumentException("GroupLasso: index " + i + " is in more than one group");
            }
        }
    }

    /** Weights {@code √|g|}. */
    public static GroupLasso of(int[][] groups, double lambda) {
        double[] w = new double[groups.length];
        for (int g = 0; g < groups.length; g++) w[g] = Math.sqrt(groups[g].length);
        return new GroupLasso(groups, w, lambda);
    }

    @Override
    public double value(double[] x) {
        checkRange(x.length);
        double s = 0;
        for (int g = 0; g < groups.length; g++) s += weights[g] * L2Norm.norm(x, groups[g], 0, groups[g].length);
        return lambda * s;
    }

    @Override
    public void prox(double[] v, double t, double[] out) {
        Prox.check("GroupLasso", v, t, out);
        checkRange(v.length);
        if (out != v) System.arraycopy(v, 0, out, 0, v.length);
        for (int g = 0; g < groups.length; g++) {
            int[] idx = groups[g];
            double scale = L2Norm.shrink(L2Norm.norm(v, idx, 0, idx.length), t * lambda * weights[g]);
            for (int i : idx) out[i] = scale * v[i];
        }
    }

    private void checkRange(int n) {
        for (int g = 0; g < groups.length; g++) {
            for (int i : groups[g]) {
                if (i >= n) {
                    throw new IllegalArgumentException("GroupLasso: group " + g + " holds index " + i + " but the vector has length " + n);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "GroupLasso[lambda=" + lambda + ", groups=" + Arrays.deepToString(groups) + ", weights=" + Arrays.toString(weights) + "]";
    }
}

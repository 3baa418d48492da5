package io.vecgrad.optim.mfac;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * WoodFisher-style one-shot pruning from the static M-FAC inverse (P48; {@code MFACPruner.prune} in
 * {@code main_prun.py} of IST-DASLab/M-FAC): the optimal-brain-surgeon saliency of removing weight k
 * under the quadratic model with Hessian F̂,
 *
 * <pre>
 * ρ_k = w_k² / (2·[F̂⁻¹]_kk)
 * </pre>
 *
 * the weights with the smallest ρ are dropped together, and the survivors receive the code's
 * compensating update {@code w ← w + F̂⁻¹t} with {@code t_k = −w_k/[F̂⁻¹]_kk} on the dropped
 * coordinates (0 elsewhere), after which the dropped weights are set to exactly 0. (For a single
 * dropped weight this is the exact OBS step; for several it is the code's diagonal
 * approximation.)
 *
 * <pre>{@code
 * StaticIhvp f = StaticIhvp.of(grads, 1e-5, 128);
 * double[] rho = WoodFisherPruning.saliency(w, f);
 * WoodFisherPruning.Result r = WoodFisherPruning.prune(w, f, 100);   // drop 100 weights
 * }</pre>
 */
public final class WoodFisherPruning {
    private WoodFisherPruning() {}

    /** The pruned weights and the mask of survivors ({@code true} = kept). */
    public record Result(double[] weights, boolean[] kept, int[] dropped) {}

    /** ρ_k = w_k² / (2·[F̂⁻¹]_kk) for every coordinate. */
    public static double[] saliency(double[] w, StaticIhvp inverse) {
        double[] diag = inverse.diag();
        check(w, inverse);
        double[] rho = new double[w.length];
        for (int k = 0; k < w.length; k++) rho[k] = w[k] * w[k] / (2 * diag[k]);
        return rho;
    }

    /** Drops the {@code count} weights of smallest saliency (ties by index) and updates the rest. */
    public static Result prune(double[] w, StaticIhvp inverse, int count) {
        check(w, inverse);
        if (count < 0 || count > w.length) throw new IllegalArgumentException("WoodFisherPruning.prune: count " + count + " outside [0, " + w.length + "]");
        double[] diag = inverse.diag();
        double[] rho = saliency(w, inverse);
        int[] drop = IntStream.range(0, w.length).boxed().sorted(Comparator.comparingDouble((Integer k) -> rho[k]).thenComparingInt(k -> k))
                .limit(count).mapToInt(Integer::intValue).toArray();
        double[] t = new double[w.length];
        for (int k : drop) t[k] = -w[k] / diag[k];
        double[] delta = inverse.mul(t);
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) out[k] = w[k] + delta[k];
        boolean[] kept = new boolean[w.length];
        Arrays.fill(kept, true);
        for (int k : drop) {
            out[k] = 0;
            kept[k] = false;
        }
        Arrays.sort(drop);
        return new Result(out, kept, drop);
    }

    private static void check(double[] w, StaticIhvp inverse) {
        if (w.length != inverse.d()) throw new IllegalArgumentException("WoodFisherPruning: " + w.length + " weights, inverse Fisher of dimension " + inverse.d());
    }
}

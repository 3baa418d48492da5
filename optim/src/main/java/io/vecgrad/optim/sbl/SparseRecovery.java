package io.vecgrad.optim.sbl;

import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * Test signals and scores for sparse recovery: Kronecker-supported sparse vectors
 * {@code x = x_1 ⊗ … ⊗ x_I} with {@code k} non-zeros per factor (the paper's signal model), the
 * normalized squared error and the support recovery rate {@code |Ŝ ∩ S| / |Ŝ ∪ S|} with
 * {@code Ŝ = {j : |x̂_j| > 10⁻³·max|x̂|}} (the KroSBL reference code's {@code recover_rate.m}).
 *
 * <pre>{@code
 * double[] x = SparseRecovery.kroneckerSparse(new Rng(3), new int[] {16, 16}, 3);
 * double rate = SparseRecovery.supportRecoveryRate(estimate, x);
 * }</pre>
 */
public final class SparseRecovery {
    /** Relative magnitude below which an estimated entry counts as zero. */
    public static final double SUPPORT_THRESHOLD = 1e-3;

    private SparseRecovery() {}

    /**
     * {@code x_1 ⊗ … ⊗ x_I}, each {@code x_i} with {@code k} non-zeros at uniformly random positions and
     * standard Gaussian values, drawn from {@code rng.split("factor/i")}.
     */
    public static double[] kroneckerSparse(Rng rng, int[] dims, int k) {
        double[][] f = new double[dims.length][];
        for (int i = 0; i < dims.length; i++) {
            if (k < 1 || k > dims[i]) {
                throw new IllegalArgumentException("SparseRecovery.kroneckerSparse: " + k + " non-zeros in a factor of length " + dims[i]);
            }
            Rng r = rng.split("factor/" + i);
            int[] perm = new int[dims[i]];
            for (int p = 0; p < perm.length; p++) perm[p] = p;
            for (int p = perm.length - 1; p > 0; p--) {
                int s = r.nextInt(p + 1);
                int tmp = perm[p];
                perm[p] = perm[s];
                perm[s] = tmp;
            }
            f[i] = new double[dims[i]];
            for (int p = 0; p < k; p++) f[i][perm[p]] = r.nextGaussian();
        }
        return KroneckerMStep.kron(f);
    }

    /** {@code ‖x̂ − x‖² / ‖x‖²}. */
    public static double nmse(double[] estimate, double[] truth) {
        check(estimate, truth);
        double d = 0, n = 0;
        for (int j = 0; j < truth.length; j++) {
            d += (estimate[j] - truth[j]) * (estimate[j] - truth[j]);
            n += truth[j] * truth[j];
        }
        return d / n;
    }

    /** {@code |Ŝ ∩ S| / |Ŝ ∪ S|}: 1 exactly when the estimated support equals the true one. */
    public static double supportRecoveryRate(double[] estimate, double[] truth) {
        check(estimate, truth);
        double max = Arrays.stream(estimate).map(Math::abs).max().orElse(0);
        int inter = 0, union = 0;
        for (int j = 0; j < truth.length; j++) {
            boolean a = Math.abs(estimate[j]) > SUPPORT_THRESHOLD * max, b = truth[j] != 0;
            if (a && b) inter++;
            if (a || b) union++;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    private static void check(double[] estimate, double[] truth) {
        if (estimate.length != truth.length) {
            throw new IllegalArgumentException("SparseRecovery: estimate of length " + estimate.length + ", truth of length " + truth.length);
        }
    }
}

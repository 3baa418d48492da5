package io.vecgrad.optim.batch;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * P41 adaptive batch-size tests (Lau, Liu and Kolar, "AdAdaGrad: Adaptive Batch Size Schemes
 * for Adaptive Gradient Methods", arXiv:2402.11215). Given the per-sample gradients ∇f_i of the
 * current batch (b samples, mean ḡ, unbiased variances with divisor b − 1), each test returns the
 * next batch size, never smaller than the current one and never above {@code cap}.
 *
 * <p>The norm, inner-product and orthogonality tests follow the authors' {@code tests.py}
 * (github.com/timlautk/AdAdaGrad) term for term: the statistics are computed <b>per parameter
 * tensor k</b> and the terms summed over tensors, with ‖ḡ‖² = Σ_k ‖ḡ_k‖²:
 *
 * <pre>
 * norm (η):           b' = max(b, ⌈Σ_k Σ_j Var_i(∂_j f_i^k) / (η²‖ḡ‖²)⌉)
 * inner product (θ):  b' = max(b, ⌈Σ_k Var_i(⟨∇f_i^k, ḡ_k⟩) / (θ²‖ḡ‖⁴)⌉)
 * orthogonality (ν):  b' = max(b, ⌈Σ_k Σ_j Var_i(∇f_i^k − (⟨∇f_i^k,ḡ_k⟩/‖ḡ_k‖²)ḡ_k)_j / (ν²‖ḡ‖²)⌉)
 * augmented IP:       the max of the inner-product and orthogonality sizes
 * coordinate (η):     b' = max(b, max_j ⌈Var_i(∂_j f_i) / (η² ḡ_j²)⌉)   (ḡ_j = 0 skipped)
 * </pre>
 *
 * The per-tensor inner products differ from one global inner product ⟨∇f_i, ḡ⟩: the global form
 * would add the covariances between tensors. The norm test is the same either way. As in
 * {@code tests.py}, a tensor whose mean gradient is exactly zero makes the orthogonality
 * projection undefined (NaN there), and an undefined or infinite size keeps the current size. The
 * coordinate-wise test (AdAdaGrad) is not in the public code and is [reconstructed] from the paper;
 * the authors' {@code expt.sh} runs AdaGrad with the norm test.
 *
 * <p><b>Current size vs samples.</b> {@code current} is the batch size the controller holds (e.g.
 * {@code loader.batchSize()}), not the number of per-sample gradients: the last batch of an epoch
 * may be smaller, and it must not shrink the size. Feed the result back to the loader:
 *
 * <pre>{@code
 * BatchSizeTest test = BatchSizeTests.norm(0.1, 60_000);
 * loader.setBatchSize(test.nextBatchSize(perSampleGrads, loader.batchSize()));
 * }</pre>
 */
public final class BatchSizeTests {
    private BatchSizeTests() {}

    /** Chooses the next batch size from per-sample gradients (each named like the parameters). */
    @FunctionalInterface
    public interface BatchSizeTest {
        /**
         * @param perSampleGrads at least two per-sample gradients of the batch just used
         * @param current the batch size the controller holds (≥ the number of samples of a remainder batch)
         * @return the next batch size, in [current, cap] (or current when current is above the cap)
         */
        int nextBatchSize(List<Params> perSampleGrads, int current);
    }

    public static BatchSizeTest norm(double eta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            return decide(s.sumVar() / (eta * eta * s.meanSq()), s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest innerProduct(double theta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            return decide(s.ipVar() / (theta * theta * s.meanSq() * s.meanSq()), s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest orthogonality(double nu, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            return decide(s.orthVar() / (nu * nu * s.meanSq()), s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest augmentedInnerProduct(double theta, double nu, int cap) {
        return (gs, b) -> Math.max(innerProduct(theta, cap).nextBatchSize(gs, b), orthogonality(nu, cap).nextBatchSize(gs, b));
    }

    public static BatchSizeTest coordinate(double eta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            double need = 0;
            for (Block k : s.blocks) {
                for (int j = 0; j < k.mean.length; j++) {
                    double m2 = k.mean[j] * k.mean[j];
                    if (m2 > 0) need = Math.max(need, k.var[j] / (eta * eta * m2));
                }
            }
            return decide(need, s.meanSq(), b, cap);
        };
    }

    /**
     * The norm test from accumulated moments instead of a list of per-sample gradients (2P
     * transient memory: accumulate {@code sum = Σ∇f_i} and {@code sumSq = Σ∇f_i²} over the
     * {@code samples} examples of the batch), with the same result as {@link #norm} up to rounding.
     * {@code current} is the size the controller holds; a smaller remainder batch never shrinks it.
     */
    public static int normFromMoments(Params sum, Params sumSq, int samples, int current, double eta, int cap) {
        if (samples < 2) throw new IllegalArgumentException("BatchSizeTests.normFromMoments: need samples >= 2, got " + samples);
        double[] s = flatten(sum), q = flatten(sumSq);
        double var = 0, meanSq = 0;
        for (int j = 0; j < s.length; j++) {
            double m = s[j] / samples;
            var += Math.max(0, (q[j] - samples * m * m) / (samples - 1));
            meanSq += m * m;
        }
        return decide(var / (eta * eta * meanSq), meanSq, current, cap);
    }

    /**
     * The norm test from moments of a full batch of {@code b} samples (current size = b).
     *
     * @deprecated pass the held batch size separately: {@link #normFromMoments(Params, Params, int, int, double, int)};
     *     with a smaller remainder batch this form would shrink the size.
     */
    @Deprecated
    public static int normFromMoments(Params sum, Params sumSq, int b, double eta, int cap) {
        return normFromMoments(sum, sumSq, b, b, eta, cap);
    }

    /**
     * The statistics of {@code tests.py} for one batch, for tests and logs: {‖ḡ‖², Σ Var (norm
     * test), Σ_k Var_i⟨∇f_i^k, ḡ_k⟩ (inner product), Σ_k Σ_j Var_i(ortho) (orthogonality)}.
     */
    static double[] statistics(List<Params> perSampleGrads) {
        Stats s = Stats.of(perSampleGrads);
        return new double[] {s.meanSq(), s.sumVar(), s.ipVar(), s.orthVar()};
    }

    private static int decide(double need, double meanSq, int b, int cap) {
        if (!(meanSq > 0) || !Double.isFinite(need)) return Math.min(b, cap);
        return (int) Math.min(cap, Math.max(b, (long) Math.ceil(need)));
    }

    /** Per-sample gradients of one parameter tensor, flattened: g[i][j], their mean and variance. */
    private record Block(double[][] g, double[] mean, double[] var) {
        double meanSq() {
            double s = 0;
            for (double v : mean) s += v * v;
            return s;
        }

        double[] dots() {
            double[] ip = new double[g.length];
            for (int i = 0; i < g.length; i++) for (int j = 0; j < mean.length; j++) ip[i] += g[i][j] * mean[j];
            return ip;
        }
    }

    /** The per-tensor blocks of a batch of per-sample gradients. */
    private record Stats(List<Block> blocks) {
        static Stats of(List<Params> perSample) {
            int b = perSample.size();
            if (b < 2) throw new IllegalArgumentException("BatchSizeTests: need at least 2 per-sample gradients, got " + b);
            List<String> names = perSample.get(0).names();
            java.util.ArrayList<Block> blocks = new java.util.ArrayList<>();
            for (String name : names) {
                double[][] g = new double[b][];
                for (int i = 0; i < b; i++) g[i] = values(perSample.get(i).get(name));
                int d = g[0].length;
                double[] mean = new double[d], var = new double[d];
                for (double[] gi : g) for (int j = 0; j < d; j++) mean[j] += gi[j] / b;
                for (double[] gi : g) for (int j = 0; j < d; j++) var[j] += (gi[j] - mean[j]) * (gi[j] - mean[j]) / (b - 1);
                blocks.add(new Block(g, mean, var));
            }
            return new Stats(blocks);
        }

        double meanSq() {
            double s = 0;
            for (Block k : blocks) s += k.meanSq();
            return s;
        }

        double sumVar() {
            double s = 0;
            for (Block k : blocks) for (double v : k.var) s += v;
            return s;
        }

        /** Σ_k Var_i(⟨∇f_i^k, ḡ_k⟩), as {@code inner_product_test} in tests.py. */
        double ipVar() {
            double s = 0;
            for (Block k : blocks) s += variance(k.dots());
            return s;
        }

        /** Σ_k Σ_j Var_i(ortho_i^k)_j with the projection on each tensor's own ḡ_k, as {@code orthogonality_test}. */
        double orthVar() {
            double total = 0;
            for (Block k : blocks) {
                double[] ip = k.dots();
                double ms = k.meanSq();
                int b = k.g.length;
                for (int j = 0; j < k.mean.length; j++) {
                    double[] c = new double[b];
                    for (int i = 0; i < b; i++) c[i] = k.g[i][j] - ip[i] / ms * k.mean[j];
                    total += variance(c);
                }
            }
            return total;
        }

        private static double variance(double[] x) {
            double m = 0;
            for (double v : x) m += v / x.length;
            double s = 0;
            for (double v : x) s += (v - m) * (v - m);
            return s / (x.length - 1);
        }
    }

    private static double[] values(Tensor t) {
        return t.to(DType.FLOAT64).contiguous().toDoubleArray();
    }

    static double[] flatten(Params p) {
        int n = (int) p.numel(), off = 0;
        double[] out = new double[n];
        for (Tensor t : p.asMap().values()) {
            double[] v = values(t);
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }
}

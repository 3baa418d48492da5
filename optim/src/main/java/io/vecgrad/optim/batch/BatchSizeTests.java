package io.vecgrad.optim.batch;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * P41 adaptive batch-size tests (Lau, Liu and Kolar, "AdAdaGrad: Adaptive Batch Size Schemes
 * for Adaptive Gradient Methods", arXiv:2402.11215; norm, inner-product and orthogonality tests
 * follow the authors' {@code tests.py}). Given the per-sample gradients ∇f_i of the current batch
 * (size b, mean ḡ, unbiased variances with divisor b − 1), each test returns the next batch size,
 * never smaller than the current one and never above {@code cap}:
 *
 * <pre>
 * norm (η):           b' = max(b, ⌈Σ_j Var_i(∂_j f_i) / (η²‖ḡ‖²)⌉)
 * inner product (θ):  b' = max(b, ⌈Var_i(⟨∇f_i, ḡ⟩) / (θ²‖ḡ‖⁴)⌉)
 * orthogonality (ν):  b' = max(b, ⌈Σ_j Var_i(∇f_i − (⟨∇f_i,ḡ⟩/‖ḡ‖²)ḡ)_j / (ν²‖ḡ‖²)⌉)
 * augmented IP:       the max of the inner-product and orthogonality sizes
 * coordinate (η):     b' = max(b, max_j ⌈Var_i(∂_j f_i) / (η² ḡ_j²)⌉)   (ḡ_j = 0 skipped)
 * </pre>
 *
 * The coordinate-wise test (AdAdaGrad) is not in the public code and is [reconstructed] from the
 * paper. Feed the result to the data loader ({@code loader.setBatchSize(next)}). A zero mean
 * gradient leaves the size unchanged.
 *
 * <pre>{@code
 * BatchSizeTest test = BatchSizeTests.norm(0.1, 60_000);
 * int next = test.nextBatchSize(perSampleGrads, loader.batchSize());
 * }</pre>
 */
public final class BatchSizeTests {
    private BatchSizeTests() {}

    /** Chooses the next batch size from per-sample gradients (each named like the parameters). */
    @FunctionalInterface
    public interface BatchSizeTest {
        int nextBatchSize(List<Params> perSampleGrads, int current);
    }

    public static BatchSizeTest norm(double eta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            double need = s.sumVar() / (eta * eta * s.meanSq());
            return decide(need, s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest innerProduct(double theta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            double need = s.ipVar() / (theta * theta * s.meanSq() * s.meanSq());
            return decide(need, s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest orthogonality(double nu, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            double need = s.orthVar() / (nu * nu * s.meanSq());
            return decide(need, s.meanSq(), b, cap);
        };
    }

    public static BatchSizeTest augmentedInnerProduct(double theta, double nu, int cap) {
        return (gs, b) -> Math.max(innerProduct(theta, cap).nextBatchSize(gs, b), orthogonality(nu, cap).nextBatchSize(gs, b));
    }

    public static BatchSizeTest coordinate(double eta, int cap) {
        return (gs, b) -> {
            Stats s = Stats.of(gs);
            double need = 0;
            for (int j = 0; j < s.mean.length; j++) {
                double m2 = s.mean[j] * s.mean[j];
                if (m2 > 0) need = Math.max(need, s.var[j] / (eta * eta * m2));
            }
            return decide(need, s.meanSq(), b, cap);
        };
    }

    /**
     * The norm test from accumulated moments instead of a list of per-sample gradients (2P
     * transient memory: accumulate {@code sum = Σ∇f_i} and {@code sumSq = Σ∇f_i²} over
     * micro-batches), with the same result as {@link #norm} up to rounding.
     */
    public static int normFromMoments(Params sum, Params sumSq, int b, double eta, int cap) {
        if (b < 2) throw new IllegalArgumentException("BatchSizeTests.normFromMoments: need b >= 2, got " + b);
        double[] s = flatten(sum), q = flatten(sumSq);
        double var = 0, meanSq = 0;
        for (int j = 0; j < s.length; j++) {
            double m = s[j] / b;
            var += Math.max(0, (q[j] - b * m * m) / (b - 1));
            meanSq += m * m;
        }
        return decide(var / (eta * eta * meanSq), meanSq, b, cap);
    }

    private static int decide(double need, double meanSq, int b, int cap) {
        if (!(meanSq > 0) || !Double.isFinite(need)) return Math.min(b, cap);
        return (int) Math.min(cap, Math.max(b, (long) Math.ceil(need)));
    }

    /** Flattened per-sample gradients and their moments. */
    private record Stats(double[][] g, double[] mean, double[] var) {
        static Stats of(List<Params> perSample) {
            int b = perSample.size();
            if (b < 2) throw new IllegalArgumentException("BatchSizeTests: need at least 2 per-sample gradients, got " + b);
            double[][] g = new double[b][];
            for (int i = 0; i < b; i++) g[i] = flatten(perSample.get(i));
            int d = g[0].length;
            double[] mean = new double[d], var = new double[d];
            for (double[] gi : g) for (int j = 0; j < d; j++) mean[j] += gi[j] / b;
            for (double[] gi : g) for (int j = 0; j < d; j++) var[j] += (gi[j] - mean[j]) * (gi[j] - mean[j]) / (b - 1);
            return new Stats(g, mean, var);
        }

        double meanSq() {
            double s = 0;
            for (double v : mean) s += v * v;
            return s;
        }

        double sumVar() {
            double s = 0;
            for (double v : var) s += v;
            return s;
        }

        double[] dots() {
            double[] ip = new double[g.length];
            for (int i = 0; i < g.length; i++) for (int j = 0; j < mean.length; j++) ip[i] += g[i][j] * mean[j];
            return ip;
        }

        double ipVar() {
            return variance(dots());
        }

        double orthVar() {
            double[] ip = dots();
            double ms = meanSq();
            int b = g.length, d = mean.length;
            double total = 0;
            for (int j = 0; j < d; j++) {
                double[] c = new double[b];
                for (int i = 0; i < b; i++) c[i] = g[i][j] - ip[i] / ms * mean[j];
                total += variance(c);
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

    static double[] flatten(Params p) {
        int n = (int) p.numel(), off = 0;
        double[] out = new double[n];
        for (Tensor t : p.asMap().values()) {
            double[] v = t.to(io.vecgrad.tensor.DType.FLOAT64).toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }
}

package io.vecgrad.optim.compress;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;

/**
 * Gradient compressors as transformations, each applied per tensor; wrap any of them in
 * {@link #errorFeedback} to keep the residual. Randomised compressors draw from
 * {@code new Rng(seed).split(step).split(tensorName)}, so they are deterministic and their state
 * is only the step counter. Sizes {@code k} are counts when ≥ 1, else fractions of the tensor size.
 *
 * <pre>{@code
 * GradientTransformation c = Compressors.errorFeedback(Compressors.rTopK(0.1, 0.01, 7));
 * Optimizer.of(params, Transforms.chain(c, Sgd.gradientDescent(0.1)));
 * }</pre>
 */
public final class Compressors {
    private Compressors() {}

    /** Top-k: keeps the k largest-magnitude entries; {@code ‖C(x) − x‖² ≤ (1 − k/d)‖x‖²}. */
    public static GradientTransformation topK(double k) {
        return perTensor((name, g, rng) -> {
            double[] x = Sparsify.values(g);
            return Sparsify.keep(g, x, Sparsify.topK(x, Sparsify.resolveK(k, x.length)), 1);
        }, Map.of("k", k));
    }

    /** Rand-k: keeps k uniformly random entries, scaled by d/k when {@code unbiased}. */
    public static GradientTransformation randK(double k, boolean unbiased, long seed) {
        return perTensor((name, g, rng) -> {
            double[] x = Sparsify.values(g);
            int kk = Sparsify.resolveK(k, x.length);
            int[] all = new int[x.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return Sparsify.keep(g, x, Sparsify.randomSubset(all, kk, rng), unbiased ? (double) x.length / kk : 1);
        }, seed, Map.of("k", k));
    }

    /**
     * P08 rTop-k (Barnes, Inan, Isik and Özgür, IEEE JSAIT 2020, arXiv:2005.10761): the r
     * largest-magnitude entries, then a uniformly random k of those (k ≤ r; r = k is top-k, r = d
     * is rand-k). No rescaling (the optional r/k factor is [reconstructed] and not used).
     */
    public static GradientTransformation rTopK(double r, double k, long seed) {
        return perTensor((name, g, rng) -> {
            double[] x = Sparsify.values(g);
            int rr = Sparsify.resolveK(r, x.length), kk = Math.min(rr, Sparsify.resolveK(k, x.length));
            return Sparsify.keep(g, x, Sparsify.randomSubset(Sparsify.topK(x, rr), kk, rng), 1);
        }, seed, Map.of("r", r, "k", k));
    }

    /**
     * P13 stochastic sign (Jin et al., arXiv:2002.10940): {@code q_i = +1} with probability
     * {@code (B + g_i)/(2B)}, else −1, so {@code E[B·q] = g}. B is {@code bound} when positive,
     * otherwise the tensor's {@code ‖g‖∞} (the per-worker choice; which one the paper uses is
     * [reconstructed]). With {@code scaled} the output is {@code B·q} (unbiased), otherwise the
     * 1-bit {@code q}. An all-zero tensor gives 0.
     */
    public static GradientTransformation stochasticSign(double bound, boolean scaled, long seed) {
        return perTensor((name, g, rng) -> {
            double[] x = Sparsify.values(g);
            double b = bound;
            if (!(b > 0)) for (double v : x) b = Math.max(b, Math.abs(v));
            double[] out = new double[x.length];
            if (b > 0) {
                for (int i = 0; i < x.length; i++) {
                    if (Math.abs(x[i]) > b) throw new IllegalArgumentException("stochasticSign: |g| = " + Math.abs(x[i]) + " exceeds bound " + b + " in '" + name + "'");
                    double q = rng.nextDouble() < (b + x[i]) / (2 * b) ? 1 : -1;
                    out[i] = scaled ? b * q : q;
                }
            }
            return Tensor.zeros(g.dtype(), g.shape()).copyFrom(Tensor.wrap(out, g.shape()));
        }, seed, Map.of("bound", bound));
    }

    /** Scaled sign (EF-signSGD): {@code (‖g‖₁/d)·sign(g)} per tensor. */
    public static GradientTransformation scaledSign() {
        return perTensor((name, g, rng) -> {
            double l1 = g.to(io.vecgrad.tensor.DType.FLOAT64).normL1(null, false).item();
            return g.sign().mul(l1 / g.numel());
        }, Map.of());
    }

    /**
     * P09 sparsified Laplace mechanism (Farokhi, arXiv:2011.14572), in the spec's simplified form
     * (no compressed-sensing measurement/recovery): keep the s largest-|g| entries and add
     * independent Laplace(0, b) noise to those s coordinates only; b = Δ/ε is the caller's
     * privacy calibration (Δ the ℓ1 sensitivity after clipping, e.g. from
     * {@link io.vecgrad.optim.Transforms#clipByGlobalNorm}). b = 0 is top-s.
     */
    public static GradientTransformation laplaceSparsify(double s, double b, long seed) {
        if (!(b >= 0)) throw new IllegalArgumentException("laplaceSparsify: noise scale must be >= 0, got " + b);
        return perTensor((name, g, rng) -> {
            double[] x = Sparsify.values(g);
            int[] idx = Sparsify.topK(x, Sparsify.resolveK(s, x.length));
            double[] out = new double[x.length];
            for (int i : idx) out[i] = x[i] + laplace(rng, b);
            return Tensor.zeros(g.dtype(), g.shape()).copyFrom(Tensor.wrap(out, g.shape()));
        }, seed, Map.of("s", s, "laplace_scale", b));
    }

    /** Laplace(0, b) by inversion of a uniform in (−½, ½). */
    static double laplace(Rng rng, double b) {
        if (b == 0) return 0;
        double u = rng.nextDouble() - 0.5;
        return -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    /**
     * Error feedback around a compressor C (memory e, initially 0):
     * {@code p = g + e;  c = C(p);  e ← p − c;  output c}. Then {@code Σ_t c_t + e_T = Σ_t g_t}.
     */
    public static GradientTransformation errorFeedback(GradientTransformation compressor) {
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY.withSlot("error", params.zerosLike()).withChildren(java.util.List.of(compressor.init(params)));
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Params p = grads.zip(state.slot("error"), Tensor::add);
                Update c = compressor.update(p, state.child(0), params);
                Params e = p.zip(c.updates(), Tensor::sub);
                return new Update(c.updates(), state.withSlot("error", e).withChildren(java.util.List.of(c.state())));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return compressor.hyperParams(state.child(0));
            }
        };
    }

    /** A per-tensor compressor body. */
    @FunctionalInterface
    interface Body {
        Tensor apply(String name, Tensor g, Rng rng);
    }

    private static GradientTransformation perTensor(Body body, Map<String, Double> hyper) {
        return perTensor(body, 0, hyper);
    }

    private static GradientTransformation perTensor(Body body, long seed, Map<String, Double> hyper) {
        Rng root = new Rng(seed);
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY.withCount(0);
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Rng step = root.split(state.count());
                Params out = grads.map((name, g) -> body.apply(name, g, step.split(name)));
                return new Update(out, state.withCount(state.count() + 1));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return hyper;
            }
        };
    }
}

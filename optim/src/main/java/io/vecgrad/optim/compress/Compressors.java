package io.vecgrad.optim.compress;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient compressors as transformations, applied per tensor or, for the paper methods P08,
 * P09 and P13 (whose papers compress the flattened gradient), optionally over the whole vector
 * of all tensors; wrap any of them in {@link #errorFeedback} to keep the residual. Randomised
 * compressors draw from {@code new Rng(seed).split(step).split(tensorName)} (whole vector:
 * {@code .split("(whole vector)")}), so they are deterministic and their state is only the step
 * counter. Sizes {@code k} are counts when ≥ 1, else fractions of the tensor size.
 *
 * <pre>{@code
 * GradientTransformation c = Compressors.errorFeedback(Compressors.rTopK(0.1, 0.01, 7));
 * Optimizer.of(params, Transforms.chain(c, Sgd.gradientDescent(0.1)));
 * }</pre>
 */
public final class Compressors {
    private Compressors() {}

    /** Top-k per tensor: keeps the k largest-magnitude entries; {@code ‖C(x) − x‖² ≤ (1 − k/d)‖x‖²}. */
    public static GradientTransformation topK(double k) {
        return topK(k, false);
    }

    /** Top-k per tensor or, with {@code wholeVector}, over the flattened gradient of all tensors. */
    public static GradientTransformation topK(double k, boolean wholeVector) {
        return compressor((name, x, rng) -> Sparsify.keep(x, Sparsify.topK(x, Sparsify.resolveK(k, x.length)), 1), 0, wholeVector, Map.of("k", k));
    }

    /** Rand-k per tensor: keeps k uniformly random entries, scaled by d/k when {@code unbiased}. */
    public static GradientTransformation randK(double k, boolean unbiased, long seed) {
        return compressor((name, x, rng) -> {
            int kk = Sparsify.resolveK(k, x.length);
            int[] all = new int[x.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return Sparsify.keep(x, Sparsify.randomSubset(all, kk, rng), unbiased ? (double) x.length / kk : 1);
        }, seed, false, Map.of("k", k));
    }

    /**
     * P08 rTop-k (Barnes, Inan, Isik and Özgür, IEEE JSAIT 2020, arXiv:2005.10761) per tensor: the r
     * largest-magnitude entries, then a uniformly random k of those (k ≤ r; r = k is top-k, r = d
     * is rand-k). No rescaling (the optional r/k factor is [reconstructed] and not used).
     */
    public static GradientTransformation rTopK(double r, double k, long seed) {
        return rTopK(r, k, seed, false);
    }

    /** P08 rTop-k per tensor or, with {@code wholeVector}, over the flattened gradient (the paper's form). */
    public static GradientTransformation rTopK(double r, double k, long seed, boolean wholeVector) {
        return compressor((name, x, rng) -> {
            int rr = Sparsify.resolveK(r, x.length), kk = Math.min(rr, Sparsify.resolveK(k, x.length));
            return Sparsify.keep(x, Sparsify.randomSubset(Sparsify.topK(x, rr), kk, rng), 1);
        }, seed, wholeVector, Map.of("r", r, "k", k));
    }

    /**
     * P13 stochastic sign (Jin et al., arXiv:2002.10940) per tensor: {@code q_i = +1} with
     * probability {@code (B + g_i)/(2B)}, else −1, so {@code E[B·q] = g}. B is {@code bound} when
     * positive, otherwise {@code ‖g‖∞} of the compressed vector. [reconstructed] (spec): these sign
     * probabilities and the choice of B (a fixed bound or the worker's ‖g‖∞) are the spec's
     * reconstruction, not quoted from the paper. With {@code scaled} the output is {@code B·q}
     * (unbiased), otherwise the 1-bit {@code q}. An all-zero vector gives 0.
     */
    public static GradientTransformation stochasticSign(double bound, boolean scaled, long seed) {
        return stochasticSign(bound, scaled, seed, false);
    }

    /** P13 stochastic sign per tensor or, with {@code wholeVector}, over the flattened gradient (the paper's form). */
    public static GradientTransformation stochasticSign(double bound, boolean scaled, long seed, boolean wholeVector) {
        return compressor((name, x, rng) -> {
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
            return out;
        }, seed, wholeVector, Map.of("bound", bound));
    }

    /** Scaled sign (EF-signSGD): {@code (‖g‖₁/d)·sign(g)} per tensor. */
    public static GradientTransformation scaledSign() {
        return compressor((name, x, rng) -> {
            double l1 = 0;
            for (double v : x) l1 += Math.abs(v);
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) out[i] = Math.signum(x[i]) * (l1 / x.length);
            return out;
        }, 0, false, Map.of());
    }

    /**
     * P09 sparsified Laplace mechanism (Farokhi, arXiv:2011.14572) per tensor, in the spec's
     * simplified form (no compressed-sensing measurement/recovery): keep the s largest-|g| entries
     * and add independent Laplace(0, b) noise to those s coordinates only; b = Δ/ε is the caller's
     * privacy calibration (Δ the ℓ1 sensitivity after clipping, e.g. from
     * {@link io.vecgrad.optim.Transforms#clipByGlobalNorm}). b = 0 is top-s.
     */
    public static GradientTransformation laplaceSparsify(double s, double b, long seed) {
        return laplaceSparsify(s, b, seed, false);
    }

    /** P09 per tensor or, with {@code wholeVector}, over the flattened gradient (the paper's form). */
    public static GradientTransformation laplaceSparsify(double s, double b, long seed, boolean wholeVector) {
        if (!(b >= 0)) throw new IllegalArgumentException("laplaceSparsify: noise scale must be >= 0, got " + b);
        return compressor((name, x, rng) -> {
            int[] idx = Sparsify.topK(x, Sparsify.resolveK(s, x.length));
            double[] out = new double[x.length];
            for (int i : idx) out[i] = x[i] + laplace(rng, b);
            return out;
        }, seed, wholeVector, Map.of("s", s, "laplace_scale", b));
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

    /** A compressor body over one vector (a tensor's values, or all tensors' values flattened in name order). */
    @FunctionalInterface
    interface Body {
        double[] apply(String name, double[] x, Rng rng);
    }

    /** The name under which the whole-vector mode reports errors and draws its random stream. */
    static final String WHOLE = "(whole vector)";

    /**
     * Runs {@code body} per tensor (stream {@code root.split(step).split(name)}) or once over the
     * concatenation of all tensors (stream {@code root.split(step).split(WHOLE)}).
     */
    private static GradientTransformation compressor(Body body, long seed, boolean wholeVector, Map<String, Double> hyper) {
        Rng root = new Rng(seed);
        Map<String, Double> h = new java.util.LinkedHashMap<>(hyper);
        h.put("whole_vector", wholeVector ? 1.0 : 0.0);
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY.withCount(0);
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Rng step = root.split(state.count());
                Params out = wholeVector ? whole(grads, body, step.split(WHOLE))
                        : grads.map((name, g) -> like(g, body.apply(name, Sparsify.values(g), step.split(name))));
                return new Update(out, state.withCount(state.count() + 1));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return h;
            }
        };
    }

    private static Params whole(Params grads, Body body, Rng rng) {
        List<double[]> parts = new ArrayList<>();
        int n = 0;
        for (Tensor g : grads.asMap().values()) {
            double[] x = Sparsify.values(g);
            parts.add(x);
            n += x.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] x : parts) {
            System.arraycopy(x, 0, all, at, x.length);
            at += x.length;
        }
        double[] c = body.apply(WHOLE, all, rng);
        int[] from = {0};
        return grads.map(g -> {
            double[] part = java.util.Arrays.copyOfRange(c, from[0], from[0] + g.numel());
            from[0] += g.numel();
            return like(g, part);
        });
    }

    private static Tensor like(Tensor g, double[] values) {
        return Tensor.zeros(g.dtype(), g.shape()).copyFrom(Tensor.wrap(values, g.shape()));
    }
}

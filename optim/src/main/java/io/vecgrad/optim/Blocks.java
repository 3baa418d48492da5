package io.vecgrad.optim;

import io.vecgrad.optim.schedule.Schedule;
import java.util.Map;

/**
 * The element-wise building blocks that named optimizers are chained from (Optax
 * {@code scale_by_*}). Each is an {@link ElementwiseTransform}, so a chain of them runs fused;
 * moments use {@link Ema}. Blocks compute a direction; {@link #scaleByLearningRate} (or
 * {@link #scale}) at the end of a chain turns it into the signed update {@code θ ← θ + u}.
 *
 * <table>
 * <caption>blocks (state slots in brackets)</caption>
 * <tr><td>{@link #scaleByAdam}</td><td>{@code m̂/(sqrt(v̂) + ε)} [m, v, (v_max)]</td></tr>
 * <tr><td>{@link #scaleByAdamax}</td><td>{@code m̂/max(β2·u, |g| + ε)} [m, u]</td></tr>
 * <tr><td>{@link #scaleByRss}</td><td>{@code g/(sqrt(Σg²) + ε)} [sum]</td></tr>
 * <tr><td>{@link #scaleByRms}</td><td>{@code g/(sqrt(EMA g² [− (EMA g)²]) + ε)} [square_avg, (grad_avg)]</td></tr>
 * <tr><td>{@link #scaleByAdaDelta}</td><td>{@code sqrt(acc + ε)/sqrt(EMA g² + ε)·g} [square_avg, acc_delta]</td></tr>
 * <tr><td>{@link #scaleByBelief}</td><td>AdaBelief direction, optionally rectified [m, s, (s_max)]</td></tr>
 * <tr><td>{@link #scaleByDiffGrad}</td><td>Adam gated by ξ = σ(|g_prev − g|) [m, v, prev]</td></tr>
 * <tr><td>{@link #scaleByNadam}</td><td>NAdam direction with ψ momentum decay [m, v; scalar mu_product]</td></tr>
 * <tr><td>{@link #scaleByRprop}</td><td>{@code η_i·sign(g)} with sign-adapted η_i [prev, step_size]</td></tr>
 * <tr><td>{@link #trace}</td><td>momentum buffer, PyTorch semantics [trace]</td></tr>
 * <tr><td>{@link #scaleByPower}</td><td>{@code sign(g)·|g|^h}</td></tr>
 * <tr><td>{@link #addDecayedWeights}</td><td>{@code g + λθ}</td></tr>
 * <tr><td>{@link #scaleByLearningRate}, {@link #scale}, {@link #scaleBySchedule}</td><td>{@code −lr(t)·g}, {@code c·g}, {@code s(t)·g}</td></tr>
 * </table>
 *
 * <pre>{@code
 * GradientTransformation adamW = Transforms.chain(Blocks.scaleByAdam(0.9, 0.999, 1e-8, false),
 *         Blocks.addDecayedWeights(1e-2), Blocks.scaleByLearningRate(Schedule.constant(1e-3)));
 * }</pre>
 */
public final class Blocks {
    private Blocks() {}

    /** A stateless element-wise map {@code u ← f(u, θ)} reporting {@code hyper}. */
    public static ElementwiseTransform map(java.util.function.DoubleBinaryOperator f, Map<String, Double> hyper) {
        return new ElementwiseTransform() {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (u, p, s, i) -> f.applyAsDouble(u, p);
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return hyper;
            }
        };
    }

    /** {@code u ← c·u}. */
    public static ElementwiseTransform scale(double c) {
        return map((u, p) -> u * c, Map.of());
    }

    /** {@code u ← s(t)·u} with t the number of previous updates; reports {@code scale}. */
    public static ElementwiseTransform scaleBySchedule(Schedule s) {
        return scheduled(s, 1, "scale");
    }

    /** {@code u ← −lr(t)·u} with t the number of previous updates; reports {@code lr}. */
    public static ElementwiseTransform scaleByLearningRate(Schedule lr) {
        return scheduled(lr, -1, "lr");
    }

    private static ElementwiseTransform scheduled(Schedule s, double sign, String key) {
        return new ElementwiseTransform() {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double c = sign * s.at(t - 1);
                return inPrecision(u -> u * c, u -> (float) u * (float) c);
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of(key, s.at(state.count()));
            }
        };
    }

    /** Coupled L2 / decoupled decay term: {@code u ← u + λθ} (in the parameter's precision); reports {@code weight_decay}. */
    public static ElementwiseTransform addDecayedWeights(double lambda) {
        float lf = (float) lambda;
        return new ElementwiseTransform() {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                if (lambda == 0) return (u, p, s, i) -> u;
                Rule f64 = (u, p, s, i) -> u + p * lambda;
                Rule f32 = (u, p, s, i) -> (float) u + (float) p * lf;
                return new Rule() {
                    @Override
                    public double apply(double u, double p, Lane[] s, int i) {
                        return f64.apply(u, p, s, i);
                    }

                    @Override
                    public Rule forTensor(String name, io.vecgrad.tensor.Tensor in) {
                        return in.dtype() == io.vecgrad.tensor.DType.FLOAT32 ? f32 : f64;
                    }
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("weight_decay", lambda);
            }
        };
    }

    /** A rule computing {@code f64} in double and {@code f32} in float, chosen per tensor by dtype. */
    private static ElementwiseTransform.Rule inPrecision(java.util.function.DoubleUnaryOperator f64, java.util.function.DoubleUnaryOperator f32) {
        return new ElementwiseTransform.Rule() {
            @Override
            public double apply(double u, double p, Lane[] s, int i) {
                return f64.applyAsDouble(u);
            }

            @Override
            public ElementwiseTransform.Rule forTensor(String name, io.vecgrad.tensor.Tensor in) {
                if (in.dtype() != io.vecgrad.tensor.DType.FLOAT32) return this;
                return (u, p, s, i) -> f32.applyAsDouble(u);
            }
        };
    }

    /** P29 signed power {@code sign(u)·|u|^h(t)} (h = 1: identity); reports {@code power}. */
    public static ElementwiseTransform scaleByPower(Schedule h) {
        return new ElementwiseTransform() {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double e = h.at(t - 1);
                return (u, p, s, i) -> e == 1 ? u : Math.pow(Math.abs(u), e) * Math.signum(u);
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("power", h.at(state.count()));
            }
        };
    }

    /**
     * Momentum buffer with PyTorch SGD semantics (Optax {@code trace}): at t = 1 {@code b = u},
     * then {@code b = μ(t)·b + (1−τ)·u}; outputs {@code u + μ·b} (Nesterov) or {@code b}. A step
     * whose μ(t) is 0 passes {@code u} through and leaves the buffer. Reports {@code momentum}.
     */
    public static ElementwiseTransform trace(Schedule momentum, double dampening, boolean nesterov) {
        double mu0 = momentum.at(0);
        if (nesterov && (mu0 <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("trace: Nesterov momentum requires momentum > 0 and dampening = 0, got " + mu0 + ", " + dampening);
        }
        double keep = 1 - dampening;
        return new ElementwiseTransform("trace") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double mu = momentum.at(t - 1);
                if (mu == 0) return (u, p, s, i) -> u;
                boolean first = t == 1;
                return (u, p, s, i) -> {
                    Lane r = s[0];
                    double b = first ? u : r.round(r.round(s[0].get(i) * r.round(mu)) + r.round(u * r.round(keep)));
                    s[0].set(i, b);
                    return nesterov ? r.round(u + r.round(b * r.round(mu))) : b;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("momentum", momentum.at(state.count()));
            }
        };
    }

    /**
     * Adam's direction {@code m̂/(sqrt(v̂) + ε)} with PyTorch's placement of ε, computed as
     * {@code m·(1/(1−β1^t)) / (sqrt(v or v_max)·(1/sqrt(1−β2^t)) + ε)} (Optax {@code scale_by_adam}).
     */
    public static ElementwiseTransform scaleByAdam(double b1, double b2, double eps, boolean amsgrad) {
        checkBetas("scaleByAdam", b1, b2);
        double c1 = 1 - b1, c2 = 1 - b2;
        return new ElementwiseTransform(amsgrad ? new String[] {"m", "v", "v_max"} : new String[] {"m", "v"}) {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double r1 = 1 / Ema.correction(b1, t);
                double inv2 = 1 / Math.sqrt(Ema.correction(b2, t));
                return (g, p, s, i) -> {
                    double m = Ema.update(s[0], s[0].get(i), g, b1, c1);
                    double v = Ema.updateSquare(s[1], s[1].get(i), g, b2, c2);
                    s[0].set(i, m);
                    s[1].set(i, v);
                    if (amsgrad) {
                        v = Math.max(s[2].get(i), v);
                        s[2].set(i, v);
                    }
                    Lane r = s[0];
                    double d = r.round(r.round(r.round(Math.sqrt(v)) * r.round(inv2)) + r.round(eps));
                    return r.round(r.round(m * r.round(r1)) / d);
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("beta1", b1, "beta2", b2, "eps", eps);
            }
        };
    }

    /** Adamax's direction {@code m/(1−β1^t) / u}, {@code u ← max(β2·u, |g| + ε)} (PyTorch: ε inside the max). */
    public static ElementwiseTransform scaleByAdamax(double b1, double b2, double eps) {
        checkBetas("scaleByAdamax", b1, b2);
        double c1 = 1 - b1;
        return new ElementwiseTransform("m", "u") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double bc1 = Ema.correction(b1, t);
                return (g, p, s, i) -> {
                    double m = Ema.update(s[0], s[0].get(i), g, b1, c1);
                    double u = s[1].round(Math.max(s[1].round(s[1].get(i) * b2), s[1].round(Math.abs(g) + eps)));
                    s[0].set(i, m);
                    s[1].set(i, u);
                    return m / bc1 / u;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("beta1", b1, "beta2", b2, "eps", eps);
            }
        };
    }

    /** AdaGrad's direction {@code g/(sqrt(S) + ε)}, {@code S ← S + g²}, S₀ = {@code initial} (Optax {@code scale_by_rss}). */
    public static ElementwiseTransform scaleByRss(double initial, double eps) {
        return new ElementwiseTransform("sum") {
            @Override
            protected double initialValue(String slot) {
                return initial;
            }

            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double sum = s[0].round(s[0].get(i) + g * g);
                    s[0].set(i, sum);
                    return g / (Math.sqrt(sum) + eps);
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("eps", eps);
            }
        };
    }

    /**
     * RMSprop's direction {@code g/(sqrt(ṽ) + ε)}, {@code v ← α·v + (1−α)·g²}, ṽ = v or, centered,
     * {@code v − ḡ²} with {@code ḡ ← α·ḡ + (1−α)·g} (Optax {@code scale_by_rms}/{@code scale_by_stddev}).
     */
    public static ElementwiseTransform scaleByRms(double alpha, double eps, boolean centered) {
        double c = 1 - alpha;
        return new ElementwiseTransform(centered ? new String[] {"square_avg", "grad_avg"} : new String[] {"square_avg"}) {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double sq = Ema.updateSquare(s[0], s[0].get(i), g, alpha, c);
                    s[0].set(i, sq);
                    double var = sq;
                    if (centered) {
                        double ga = Ema.update(s[1], s[1].get(i), g, alpha, c);
                        s[1].set(i, ga);
                        var = s[0].round(sq + s[0].round(-ga * ga));
                    }
                    return g / s[0].round(s[0].round(Math.sqrt(var)) + eps);
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("alpha", alpha, "eps", eps);
            }
        };
    }

    /** AdaDelta's step {@code Δ = sqrt(acc + ε)/sqrt(v + ε)·g}, {@code acc ← ρ·acc + (1−ρ)·Δ²}. */
    public static ElementwiseTransform scaleByAdaDelta(double rho, double eps) {
        double c = 1 - rho;
        return new ElementwiseTransform("square_avg", "acc_delta") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double sq = Ema.updateSquare(s[0], s[0].get(i), g, rho, c);
                    double acc = s[1].get(i);
                    double delta = s[0].round(s[0].round(Math.sqrt(s[0].round(acc + eps))) / s[0].round(Math.sqrt(s[0].round(sq + eps)))) * g;
                    delta = s[0].round(delta);
                    s[0].set(i, sq);
                    s[1].set(i, Ema.updateSquare(s[1], acc, delta, rho, c));
                    return delta;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("rho", rho, "eps", eps);
            }
        };
    }

    static void checkBetas(String op, double b1, double b2) {
        if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new IllegalArgumentException(op + ": betas must be in [0, 1), got " + b1 + ", " + b2);
    }

    /**
     * P56 AdaBelief's direction (official {@code adabelief_pytorch} 0.2.1 order):
     * {@code m ← β1·m + (1−β1)·g; s ← β2·s + (1−β2)·(g − m)² + ε}; unrectified
     * {@code m/(1−β1^t) / (sqrt(s or s_max)/sqrt(1−β2^t) + ε)}; rectified (RAdam) with
     * {@code ρ_t ≥ 5}: {@code k_t·m/(sqrt(s) + ε)}, else {@code m/(1−β1^t)} when
     * {@code degeneratedToSgd}, else 0.
     */
    public static ElementwiseTransform scaleByBelief(double b1, double b2, double eps, boolean amsgrad, boolean rectify, boolean degeneratedToSgd) {
        checkBetas("scaleByBelief", b1, b2);
        double c1 = 1 - b1, c2 = 1 - b2;
        return new ElementwiseTransform(amsgrad ? new String[] {"m", "s", "s_max"} : new String[] {"m", "s"}) {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double bc1 = Ema.correction(b1, t), bc2Sqrt = Math.sqrt(Ema.correction(b2, t));
                double b2t = Math.pow(b2, t);
                double rhoInf = 2 / (1 - b2) - 1;
                double rho = rhoInf - 2 * t * b2t / (1 - b2t);
                // 0: Adam-like; 1: rectified; 2: SGD with momentum; 3: no update
                int mode = !rectify ? 0 : rho >= 5 ? 1 : degeneratedToSgd ? 2 : 3;
                double k = mode == 1 ? Math.sqrt((1 - b2t) * (rho - 4) / (rhoInf - 4) * (rho - 2) / rho * rhoInf / (rhoInf - 2)) / bc1 : 0;
                return (g, p, st, i) -> {
                    double m = Ema.update(st[0], st[0].get(i), g, b1, c1);
                    double res = st[0].round(g - m);
                    double s = st[1].round(Ema.updateSquare(st[1], st[1].get(i), res, b2, c2) + eps);
                    st[0].set(i, m);
                    st[1].set(i, s);
                    double sx = s;
                    if (amsgrad) {
                        sx = Math.max(st[2].get(i), s);
                        st[2].set(i, sx);
                    }
                    return switch (mode) {
                        case 0 -> m / bc1 / (Math.sqrt(sx) / bc2Sqrt + eps);
                        case 1 -> m * k / (Math.sqrt(s) + eps);
                        case 2 -> m / bc1;
                        default -> 0;
                    };
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("beta1", b1, "beta2", b2, "eps", eps);
            }
        };
    }

    /**
     * P68 diffGrad's direction (official {@code diffGrad_v2.py}): Adam with ε outside the sqrt of
     * the raw second moment, gated by the friction {@code ξ = 1/(1 + exp(−|g_prev − g|))}:
     * {@code sqrt(1−β2^t)/(1−β1^t)·ξ·m/(sqrt(v) + ε)}. {@code v1Bug} reproduces the v1 code's
     * constant ξ = 0.5.
     */
    public static ElementwiseTransform scaleByDiffGrad(double b1, double b2, double eps, boolean v1Bug) {
        checkBetas("scaleByDiffGrad", b1, b2);
        double c1 = 1 - b1, c2 = 1 - b2;
        return new ElementwiseTransform("m", "v", "prev") {
            @Override
            protected Rule rule(long t, State previous, Params input) {
                double stepSize = Math.sqrt(Ema.correction(b2, t)) / Ema.correction(b1, t);
                return (g, p, s, i) -> {
                    double m = Ema.update(s[0], s[0].get(i), g, b1, c1);
                    double v = Ema.updateSquare(s[1], s[1].get(i), g, b2, c2);
                    double diff = v1Bug ? 0 : Math.abs(s[2].get(i) - g);
                    double xi = 1 / (1 + Math.exp(-diff));
                    s[0].set(i, m);
                    s[1].set(i, v);
                    s[2].set(i, g);
                    return m * xi * stepSize / (Math.sqrt(v) + eps);
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("beta1", b1, "beta2", b2, "eps", eps);
            }
        };
    }

    /**
     * NAdam's direction with PyTorch 1.13's momentum-decay schedule ψ (and its quirk: μ_t enters
     * the second denominator twice): {@code (1−μ_t)/(1−Π)·g/d + μ_{t+1}/(1−Π·μ_t·μ_{t+1})·m/d},
     * {@code d = sqrt(v/(1−β2^t)) + ε}, Π the running product of μ (scalar {@code mu_product},
     * kept in double).
     */
    public static ElementwiseTransform scaleByNadam(double b1, double b2, double eps, double momentumDecay) {
        checkBetas("scaleByNadam", b1, b2);
        double c1 = 1 - b1, c2 = 1 - b2;
        java.util.function.LongToDoubleFunction mu = t -> b1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
        return new ElementwiseTransform("m", "v") {
            @Override
            protected Map<String, Double> initScalars() {
                return Map.of("mu_product", 1.0);
            }

            @Override
            protected Map<String, Double> stepScalars(State previous, long t, Params input) {
                return Map.of("mu_product", previous.scalar("mu_product") * mu.applyAsDouble(t));
            }

            @Override
            protected Rule rule(long t, State previous, Params input) {
                double bc2 = Ema.correction(b2, t);
                double muT = mu.applyAsDouble(t), muNext = mu.applyAsDouble(t + 1);
                double prod = previous.scalar("mu_product") * muT;
                double cg = (1. - muT) / (1. - prod), cm = muNext / (1. - prod * muT * muNext);
                return (g, p, s, i) -> {
                    double m = Ema.update(s[0], s[0].get(i), g, b1, c1);
                    double v = Ema.updateSquare(s[1], s[1].get(i), g, b2, c2);
                    s[0].set(i, m);
                    s[1].set(i, v);
                    double d = Math.sqrt(v / bc2) + eps;
                    return g * cg / d + m * cm / d;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("beta1", b1, "beta2", b2, "momentum_decay", momentumDecay);
            }
        };
    }

    /**
     * Rprop's step {@code η_i·sign(g)} in PyTorch 1.13's iRprop⁻ form: η_i (initially
     * {@code initial}) grows by η+ while the sign of g persists, shrinks by η− (and g is zeroed:
     * no move) when it flips, clamped to [min, max]. Follow with {@code scale(-1)}.
     */
    public static ElementwiseTransform scaleByRprop(double initial, double etaMinus, double etaPlus, double stepMin, double stepMax) {
        if (!(0 < etaMinus && etaMinus < 1 && etaPlus > 1)) {
            throw new IllegalArgumentException("scaleByRprop: need 0 < etaminus < 1 < etaplus, got " + etaMinus + ", " + etaPlus);
        }
        return new ElementwiseTransform("prev", "step_size") {
            @Override
            protected double initialValue(String slot) {
                return slot.equals("step_size") ? initial : 0;
            }

            @Override
            protected Rule rule(long t, State previous, Params input) {
                return (g, p, s, i) -> {
                    double sign = Math.signum(s[0].round(g * s[0].get(i)));
                    double factor = sign > 0 ? etaPlus : sign < 0 ? etaMinus : 1;
                    double step = s[1].round(Math.min(Math.max(s[1].round(s[1].get(i) * factor), stepMin), stepMax));
                    double gz = sign < 0 ? 0 : g;
                    s[0].set(i, gz);
                    s[1].set(i, step);
                    return Math.signum(gz) * step;
                };
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("etaminus", etaMinus, "etaplus", etaPlus);
            }
        };
    }
}

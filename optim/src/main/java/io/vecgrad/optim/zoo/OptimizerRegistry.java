package io.vecgrad.optim.zoo;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.compress.Compressors;
import io.vecgrad.optim.first.AdaBelief;
import io.vecgrad.optim.first.AdaDelta;
import io.vecgrad.optim.first.AdaGrad;
import io.vecgrad.optim.first.AdaGradNorm;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Adamax;
import io.vecgrad.optim.first.DiffGrad;
import io.vecgrad.optim.first.Extrapolation;
import io.vecgrad.optim.first.GeneralMomentum;
import io.vecgrad.optim.first.Mass;
import io.vecgrad.optim.first.MomentumAnnealing;
import io.vecgrad.optim.first.NAdam;
import io.vecgrad.optim.first.PowerGradient;
import io.vecgrad.optim.first.RMSprop;
import io.vecgrad.optim.first.Rprop;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.first.Ssgd;
import io.vecgrad.optim.mfac.Mfac;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of optimizers that can be built by name: each entry carries its name, the paper
 * or baseline IDs of the spec, a one-line description and its hyper-parameter keys with defaults
 * and one-line docs, and builds its transformation from a key → value map. The command line's
 * {@code --optimizer} and {@code vecgrad list optimizers} read it; so does the shared fused-path
 * test, so registering an optimizer here enrols it in both.
 *
 * <p>Every entry has an {@code lr} key. {@link Entry#build(Map, Schedule)} replaces the constant
 * rate by a schedule (the trainer's live rate); entries whose rate is not a multiplier of the
 * update say in their doc how they use it.
 *
 * <pre>{@code
 * GradientTransformation tx = OptimizerRegistry.get("adam").build(Map.of("lr", 3e-4, "weight-decay", 1e-4));
 * Optimizer opt = Optimizer.of(params, tx);
 * }</pre>
 */
public final class OptimizerRegistry {
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    private OptimizerRegistry() {}

    /** One hyper-parameter: its key, default (Double, Long, Boolean or String: the key's type) and a one-line doc. */
    public record Key(String name, Object defaultValue, String doc) {}

    /** Builds a transformation from validated values and the learning rate. */
    @FunctionalInterface
    public interface Factory {
        GradientTransformation build(Values values, Schedule lr);
    }

    /** One registered optimizer. */
    public record Entry(String name, String papers, String doc, List<Key> keys, Factory factory) {
        public Entry {
            keys = List.copyOf(keys);
        }

        /** Keys and defaults in declaration order. */
        public Map<String, Object> defaults() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Key k : keys) m.put(k.name(), k.defaultValue());
            return m;
        }

        /** The transformation with {@code values} over the defaults and the constant rate {@code lr}. */
        public GradientTransformation build(Map<String, ?> values) {
            Values v = Values.of(this, values);
            return factory.build(v, Schedule.constant(v.getDouble("lr")));
        }

        /** The transformation with {@code values} over the defaults and the rate schedule {@code lr} (the {@code lr} value is ignored). */
        public GradientTransformation build(Map<String, ?> values, Schedule lr) {
            return factory.build(Values.of(this, values), lr);
        }
    }

    /** Validated hyper-parameter values: every key of the entry, typed as its default. */
    public static final class Values {
        private final String entry;
        private final Map<String, Object> values;

        private Values(String entry, Map<String, Object> values) {
            this.entry = entry;
            this.values = Collections.unmodifiableMap(values);
        }

        static Values of(Entry e, Map<String, ?> given) {
            Map<String, Object> out = e.defaults();
            for (Map.Entry<String, ?> g : given.entrySet()) {
                if (!out.containsKey(g.getKey())) {
                    throw new IllegalArgumentException("optimizer " + e.name() + ": unknown key '" + g.getKey() + "'; valid keys: " + String.join(", ", out.keySet()));
                }
                out.put(g.getKey(), convert(e.name(), g.getKey(), g.getValue(), out.get(g.getKey())));
            }
            return new Values(e.name(), out);
        }

        private static Object convert(String entry, String key, Object v, Object def) {
            try {
                if (def instanceof Double) return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
                if (def instanceof Long) return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("optimizer " + entry + ": key '" + key + "' expects a number, got '" + v + "'");
            }
            if (def instanceof Boolean) {
                if (v instanceof Boolean b) return b;
                if (v.toString().equalsIgnoreCase("true") || v.toString().equalsIgnoreCase("false")) return Boolean.parseBoolean(v.toString());
                throw new IllegalArgumentException("optimizer " + entry + ": key '" + key + "' expects true or false, got '" + v + "'");
            }
            return v.toString();
        }

        public double getDouble(String key) {
            return ((Number) get(key)).doubleValue();
        }

        public long getLong(String key) {
            return ((Number) get(key)).longValue();
        }

        public boolean getBoolean(String key) {
            return (Boolean) get(key);
        }

        public String getString(String key) {
            return get(key).toString();
        }

        /** All values in declaration order. */
        public Map<String, Object> asMap() {
            return values;
        }

        private Object get(String key) {
            Object v = values.get(key);
            if (v == null) throw new IllegalArgumentException("optimizer " + entry + ": no key '" + key + "'; declared: " + values.keySet());
            return v;
        }
    }

    /** Every entry in registration order. */
    public static List<Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) throw new IllegalArgumentException("OptimizerRegistry.get: no optimizer '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        return e;
    }

    /** A key with its default and doc. */
    static Key key(String name, Object defaultValue, String doc) {
        return new Key(name, defaultValue, doc);
    }

    private static void add(String name, String papers, String doc, List<Key> keys, Factory f) {
        if (ENTRIES.put(name, new Entry(name, papers, doc, keys, f)) != null) throw new IllegalStateException("duplicate optimizer " + name);
    }

    private static final Key BETA1 = key("beta1", 0.9, "decay of the first-moment average");
    private static final Key BETA2 = key("beta2", 0.999, "decay of the second-moment average");
    private static final Key WD = key("weight-decay", 0.0, "coupled L2 weight decay λ (g ← g + λθ)");
    private static final Key SEED = key("seed", 0L, "seed of the compressor's random stream");
    private static final Key WHOLE = key("whole-vector", true, "compress the flattened gradient of all tensors (the paper's form); false: each tensor alone");

    private static Key lr(double d, String doc) {
        return key("lr", d, doc);
    }

    private static Key eps(double d) {
        return key("eps", d, "added to the denominator");
    }

    private static GradientTransformation thenSgd(GradientTransformation pre, Schedule lr) {
        return Transforms.chain(pre, Sgd.sgd(lr, 0, 0, 0, false));
    }

    static {
        add("sgd", "B1, P10", "SGD with momentum, dampening, Nesterov, coupled weight decay (PyTorch 1.13)",
                List.of(lr(0.1, "learning rate"), key("momentum", 0.0, "momentum μ (0: plain SGD)"), key("dampening", 0.0, "dampening τ of the buffer"),
                        key("nesterov", false, "Nesterov momentum (needs μ > 0, τ = 0)"), WD),
                (v, lr) -> Sgd.sgd(lr, v.getDouble("momentum"), v.getDouble("dampening"), v.getDouble("weight-decay"), v.getBoolean("nesterov")));
        add("adam", "B2", "Adam (Kingma & Ba 2015), PyTorch 1.13 semantics; coupled L2 decay",
                List.of(lr(1e-3, "learning rate"), BETA1, BETA2, eps(1e-8), WD, key("amsgrad", false, "keep the running maximum of v (AMSGrad)")),
                (v, lr) -> Adam.adam(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"), v.getDouble("weight-decay"), v.getBoolean("amsgrad")));
        add("adamw", "B3", "AdamW: Adam with decoupled weight decay θ ← θ − lr·λ·θ",
                List.of(lr(1e-3, "learning rate"), BETA1, BETA2, eps(1e-8), key("weight-decay", 1e-2, "decoupled weight decay λ"),
                        key("amsgrad", false, "keep the running maximum of v (AMSGrad)")),
                (v, lr) -> Adam.adamW(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"), v.getDouble("weight-decay"), v.getBoolean("amsgrad")));
        add("nadam", "B9", "NAdam with PyTorch 1.13's momentum-decay schedule",
                List.of(lr(2e-3, "learning rate"), BETA1, BETA2, eps(1e-8), WD, key("momentum-decay", 4e-3, "ψ of μ_t = β1(1 − ½·0.96^(tψ))")),
                (v, lr) -> new NAdam(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"), v.getDouble("weight-decay"), v.getDouble("momentum-decay")));
        add("adamax", "B8", "Adamax: Adam with an infinity-norm second moment",
                List.of(lr(2e-3, "learning rate"), BETA1, BETA2, eps(1e-8), WD),
                (v, lr) -> new Adamax(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"), v.getDouble("weight-decay")));
        add("adagrad", "B4", "AdaGrad: per-coordinate rates from the sum of squared gradients",
                List.of(lr(1e-2, "learning rate"), key("lr-decay", 0.0, "rate divided by 1 + t·lr-decay"), WD,
                        key("initial-accumulator", 0.0, "initial sum of squares"), eps(1e-10)),
                (v, lr) -> new AdaGrad(lr, v.getDouble("lr-decay"), v.getDouble("weight-decay"), v.getDouble("initial-accumulator"), v.getDouble("eps")));
        add("adagrad-norm", "B5", "AdaGrad-Norm: one step size η/b over all parameters, b² ← b² + ‖g‖²",
                List.of(lr(1.0, "η"), key("b0", 1e-2, "initial b (> 0)")),
                (v, lr) -> AdaGradNorm.of(lr, v.getDouble("b0")));
        add("rmsprop", "B6", "RMSprop (centered, momentum), PyTorch 1.13 semantics",
                List.of(lr(1e-2, "learning rate"), key("alpha", 0.99, "decay of the squared-gradient average"), eps(1e-8), WD,
                        key("momentum", 0.0, "momentum of the scaled step"), key("centered", false, "subtract the squared mean gradient")),
                (v, lr) -> new RMSprop(lr, v.getDouble("alpha"), v.getDouble("eps"), v.getDouble("weight-decay"), v.getDouble("momentum"), v.getBoolean("centered")));
        add("adadelta", "B7", "AdaDelta: unit-corrected RMS step",
                List.of(lr(1.0, "learning rate"), key("rho", 0.9, "decay of both averages"), eps(1e-6), WD),
                (v, lr) -> new AdaDelta(lr, v.getDouble("rho"), v.getDouble("eps"), v.getDouble("weight-decay")));
        add("rprop", "P21", "Rprop (iRprop-): sign steps with per-coordinate sizes; lr is the initial size (schedules do not apply, as in PyTorch)",
                List.of(lr(1e-2, "initial step size"), key("eta-minus", 0.5, "shrink factor on a sign flip"), key("eta-plus", 1.2, "growth factor"),
                        key("step-min", 1e-6, "smallest step size"), key("step-max", 50.0, "largest step size")),
                (v, lr) -> new Rprop(lr.at(0), v.getDouble("eta-minus"), v.getDouble("eta-plus"), v.getDouble("step-min"), v.getDouble("step-max")));
        add("adabelief", "P56", "AdaBelief, official adabelief_pytorch 0.2.1 semantics and defaults (rectified, decoupled decay)",
                List.of(lr(1e-3, "learning rate"), BETA1, BETA2, eps(1e-16), key("weight-decay", 0.0, "weight decay λ (decoupled by default)"),
                        key("amsgrad", false, "keep the running maximum of s"), key("decoupled", true, "decoupled decay θ ← θ − lr·λ·θ; false: coupled L2"),
                        key("fixed-decay", false, "decoupled decay without the lr factor"), key("rectify", true, "RAdam rectification"),
                        key("degenerated-to-sgd", true, "rectified warm-up steps are SGD with momentum (false: no update)")),
                (v, lr) -> AdaBelief.builder().lr(lr).betas(v.getDouble("beta1"), v.getDouble("beta2")).eps(v.getDouble("eps"))
                        .weightDecay(v.getDouble("weight-decay")).amsgrad(v.getBoolean("amsgrad")).decoupled(v.getBoolean("decoupled"))
                        .fixedDecay(v.getBoolean("fixed-decay")).rectify(v.getBoolean("rectify")).degeneratedToSgd(v.getBoolean("degenerated-to-sgd")).build());
        add("diffgrad", "P68", "diffGrad: Adam gated by a friction from the gradient change (official diffGrad_v2)",
                List.of(lr(1e-3, "learning rate"), BETA1, BETA2, eps(1e-8), WD),
                (v, lr) -> new DiffGrad(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"), v.getDouble("weight-decay"), false));
        add("mass", "P11", "MaSS: Nesterov plus a compensation term; the authors' (lr, alpha, kappa) form, η1 and η2 follow the rate together",
                List.of(lr(0.1, "η (= η1)"), key("alpha", 0.05, "authors' α"), key("kappa", 12.0, "authors' κ̃")),
                (v, lr) -> {
                    double eta = v.getDouble("lr");
                    return Mass.fromAuthors(eta, v.getDouble("alpha"), v.getDouble("kappa"), t -> lr.at(t) / eta);
                });
        add("ssgd", "P06", "SSGD: a step of length lr·decay^t along −g/‖g‖",
                List.of(lr(0.1, "step length m"), key("decay", 1.0, "step length multiplied by decay^t"), key("per-tensor", false, "normalize each tensor alone")),
                (v, lr) -> {
                    double decay = v.getDouble("decay");
                    Schedule m = t -> lr.at(t) * Math.pow(decay, t);
                    return v.getBoolean("per-tensor") ? Ssgd.perTensor(m) : Ssgd.global(m);
                });
        add("momentum-annealing", "P17", "heavy-ball SGD whose rate drops by gamma at the milestones and whose momentum drops at the last one",
                List.of(lr(0.01, "initial rate"), key("momentum", 0.9, "momentum before the last milestone"),
                        key("milestones", "5000/8000", "steps, separated by '/'"), key("gamma", 0.1, "rate factor at each milestone"),
                        key("final-momentum", 0.5, "momentum after the last milestone")),
                (v, lr) -> {
                    long[] ms = java.util.Arrays.stream(v.getString("milestones").split("/")).mapToLong(Long::parseLong).toArray();
                    long last = ms.length == 0 ? Long.MAX_VALUE : ms[ms.length - 1];
                    Schedule factor = Schedules.multiStep(1, ms, v.getDouble("gamma"));
                    double mu = v.getDouble("momentum"), muEnd = v.getDouble("final-momentum");
                    return MomentumAnnealing.of(lr.times(factor), t -> t < last ? mu : muEnd);
                });
        add("extrapolation", "P22", "gradient descent with extrapolation from the past: u = −(η+γ)·g_t + γ·g_{t−1}",
                List.of(lr(0.05, "η"), key("gamma", 0.05, "extrapolation γ (γ = η: optimistic GD)")),
                (v, lr) -> Extrapolation.of(lr, v.getDouble("gamma") / v.getDouble("lr")));
        add("general-momentum", "P01", "general stochastic momentum (Barakat et al.): instances adam, heavy-ball, nesterov, rmsprop; the rate is fixed at build",
                List.of(lr(1e-3, "step γ"), key("variant", "adam", "adam | heavy-ball | nesterov | rmsprop"), BETA1, BETA2, eps(1e-8),
                        key("h", 1.0, "heavy-ball h"), key("r", 10.0, "heavy-ball r"), key("alpha", 3.0, "S-NAG friction α")),
                (v, lr) -> {
                    double g = lr.at(0);
                    return switch (v.getString("variant")) {
                        case "adam" -> GeneralMomentum.adam(g, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"));
                        case "heavy-ball" -> GeneralMomentum.heavyBall(g, v.getDouble("h"), v.getDouble("r"));
                        case "nesterov" -> GeneralMomentum.nesterov(g, v.getDouble("alpha"));
                        case "rmsprop" -> GeneralMomentum.rmsprop(g, v.getDouble("beta2"), v.getDouble("eps"));
                        default -> throw new IllegalArgumentException("optimizer general-momentum: variant must be adam, heavy-ball, nesterov or rmsprop, got '" + v.getString("variant") + "'");
                    };
                });
        add("padam", "P29", "power-gradient Adam: Adam on sign(g)|g|^h",
                List.of(lr(1e-3, "learning rate"), key("h", 0.7, "power H in (0, 1]")),
                (v, lr) -> Transforms.chain(PowerGradient.power(v.getDouble("h")), Adam.adam(lr, 0.9, 0.999, 1e-8, 0, false)));
        add("pamsgrad", "P29", "power-gradient AMSGrad",
                List.of(lr(1e-3, "learning rate"), key("h", 0.7, "power H in (0, 1]")),
                (v, lr) -> Transforms.chain(PowerGradient.power(v.getDouble("h")), Adam.adam(lr, 0.9, 0.999, 1e-8, 0, true)));
        add("pnag", "P29", "power-gradient Nesterov SGD",
                List.of(lr(0.05, "learning rate"), key("momentum", 0.9, "Nesterov momentum"), key("h", 0.7, "power H in (0, 1]")),
                (v, lr) -> Transforms.chain(PowerGradient.power(v.getDouble("h")), Sgd.sgd(lr, v.getDouble("momentum"), 0, 0, true)));
        add("topk-ef", "top-k + EF", "top-k sparsification with error feedback, then SGD",
                List.of(lr(0.05, "learning rate"), key("k", 0.1, "kept entries: a count (≥ 1) or a fraction"), key("whole-vector", false, "select over all tensors together")),
                (v, lr) -> thenSgd(Compressors.errorFeedback(Compressors.topK(v.getDouble("k"), v.getBoolean("whole-vector"))), lr));
        add("rtopk-ef", "P08", "rTop-k (random k of the top r) with error feedback, then SGD",
                List.of(lr(0.05, "learning rate"), key("r", 0.2, "top candidates: a count or a fraction"), key("k", 0.1, "kept entries: a count or a fraction"), SEED, WHOLE),
                (v, lr) -> thenSgd(Compressors.errorFeedback(Compressors.rTopK(v.getDouble("r"), v.getDouble("k"), v.getLong("seed"), v.getBoolean("whole-vector"))), lr));
        add("stochastic-sign", "P13", "unbiased stochastic sign compression B·q, then the rate",
                List.of(lr(0.05, "learning rate"), key("bound", 0.0, "B (0: ‖g‖∞ of the compressed vector)"), SEED, WHOLE),
                (v, lr) -> Transforms.chain(Compressors.stochasticSign(v.getDouble("bound"), true, v.getLong("seed"), v.getBoolean("whole-vector")),
                        Transforms.scaleByLearningRate(lr)));
        add("laplace-sparsify", "P09", "sparsified Laplace mechanism: top-s entries plus Laplace(0, b) noise, then the rate",
                List.of(lr(0.05, "learning rate"), key("s", 0.5, "kept entries: a count or a fraction"), key("laplace-scale", 1e-3, "noise scale b = Δ/ε"), SEED, WHOLE),
                (v, lr) -> Transforms.chain(Compressors.laplaceSparsify(v.getDouble("s"), v.getDouble("laplace-scale"), v.getLong("seed"), v.getBoolean("whole-vector")),
                        Transforms.scaleByLearningRate(lr)));
        add("scaled-sign-ef", "EF-signSGD", "scaled sign (‖g‖₁/d)·sign(g) per tensor with error feedback, then SGD",
                List.of(lr(0.05, "learning rate")),
                (v, lr) -> thenSgd(Compressors.errorFeedback(Compressors.scaledSign()), lr));
        add("mfac", "P48", "M-FAC: SGD preconditioned by the inverse damped empirical Fisher of a sliding window of gradients (IST-DASLab/M-FAC)",
                List.of(lr(1e-3, "learning rate"), key("ngrads", 512L, "window size m (the README example; the class default is 1024)"),
                        key("damp", 1e-5, "damping λ of F = λI + GᵀG/m"), key("momentum", 0.0, "momentum μ: v = μv + (1−μ)u"), WD),
                (v, lr) -> Mfac.of(lr, Math.toIntExact(v.getLong("ngrads")), v.getDouble("damp"), v.getDouble("momentum"), v.getDouble("weight-decay")));
        add("cycle-sgd", "P24", "[reconstructed] SGD with cycle-stabilising Fejér mixing of the last N gradient-map values x_{n+1} = Σ a_j·F(x_{n-j+1})",
                List.of(lr(0.1, "learning rate η of F(x) = x − η·g"), key("memory", 2L, "N, the number of mixed past values (1: plain SGD)")),
                (v, lr) -> io.vecgrad.optim.first.CycleStabilization.sgd(lr, Math.toIntExact(v.getLong("memory"))));
        add("cycle-adam", "P24", "[reconstructed] Adam with cycle-stabilising Fejér mixing of the last N values F(x) = x + Adam step",
                List.of(lr(1e-3, "learning rate"), BETA1, BETA2, eps(1e-8), key("memory", 2L, "N, the number of mixed past values (1: plain Adam)")),
                (v, lr) -> io.vecgrad.optim.first.CycleStabilization.adam(lr, v.getDouble("beta1"), v.getDouble("beta2"), v.getDouble("eps"),
                        Math.toIntExact(v.getLong("memory"))));
    }
}

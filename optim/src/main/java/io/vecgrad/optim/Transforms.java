package io.vecgrad.optim;

import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combinators and stateless tree transformations: {@link #chain}, {@link #masked},
 * {@link #partition}, clipping by value and by global norm; the element-wise scalings
 * (learning rate, schedule, weight decay) delegate to {@link Blocks}.
 *
 * <pre>{@code
 * GradientTransformation sgdw = Transforms.chain(
 *     Transforms.clipByGlobalNorm(1.0),
 *     Transforms.masked(Transforms.addDecayedWeights(1e-4), ParamLabels.decayMask()),
 *     Sgd.trace(0.9, 0, false),
 *     Transforms.scaleByLearningRate(Schedules.cosine(0.1, 1000, 0)));
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Applies the transformations in order; the state holds one child per stage (see {@link Chain}). */
    public static Chain chain(GradientTransformation... stages) {
        return new Chain(List.of(stages));
    }

    /** {@code u = c·g} ({@link Blocks#scale}). */
    public static GradientTransformation scale(double c) {
        return Blocks.scale(c);
    }

    /** The identity. */
    public static GradientTransformation identity() {
        return stateless(g -> g, Map.of());
    }

    /** {@code u = −lr·g}: the final stage of most optimizers; reports {@code lr}. */
    public static GradientTransformation scaleByLearningRate(double lr) {
        return scaleByLearningRate(Schedule.constant(lr));
    }

    /** {@code u = −lr(t)·g} with t the number of previous updates; reports {@code lr} ({@link Blocks#scaleByLearningRate}). */
    public static GradientTransformation scaleByLearningRate(Schedule lr) {
        return Blocks.scaleByLearningRate(lr);
    }

    /** {@code u = s(t)·g}; reports {@code scale}. */
    public static GradientTransformation scaleBySchedule(Schedule s) {
        return Blocks.scaleBySchedule(s);
    }

    /** Coupled L2: {@code u = g + λθ}. Use with {@link #masked} to skip 1-D parameters. */
    public static GradientTransformation addDecayedWeights(double lambda) {
        return Blocks.addDecayedWeights(lambda);
    }

    /** Element-wise clipping to {@code [−c, c]} (torch.nn.utils.clip_grad_value_). */
    public static GradientTransformation clipByValue(double c) {
        if (!(c >= 0)) throw new IllegalArgumentException("clipByValue: bound must be >= 0, got " + c);
        return Blocks.map((u, p) -> Math.min(Math.max(u, -c), c), Map.of("clip_value", c));
    }

    /**
     * Rescales all gradients together so that their global L2 norm is at most {@code maxNorm}:
     * {@code g ← g·min(1, maxNorm/(‖g‖ + 1e-6))}, as torch.nn.utils.clip_grad_norm_.
     */
    public static GradientTransformation clipByGlobalNorm(double maxNorm) {
        return statelessTree((grads, params) -> {
            double coef = maxNorm / (grads.globalNorm() + 1e-6);
            return coef >= 1 ? grads : grads.map(g -> g.mul(coef));
        }, Map.of("max_norm", maxNorm));
    }

    /**
     * Applies {@code inner} only to the parameters selected by {@code mask}; the others pass
     * through unchanged (Optax {@code masked}). The inner state covers the selected parameters only.
     */
    public static GradientTransformation masked(GradientTransformation inner, ParamLabels.Mask mask) {
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.ofChildren(List.of(inner.init(params.filter(mask::test))));
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Params sel = params.filter(mask::test);
                Update r = inner.update(grads.select(sel.names()), state.child(0), sel);
                return new Update(grads.mergedWith(r.updates(), grads.names()), State.ofChildren(List.of(r.state())));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return inner.hyperParams(state.child(0));
            }
        };
    }

    /**
     * Routes each parameter to the transformation of its label (Optax {@code multi_transform}).
     * Hyper-parameters are reported as {@code label/name}.
     */
    public static GradientTransformation partition(Map<String, GradientTransformation> byLabel, ParamLabels.Labeler labeler) {
        List<String> labels = new ArrayList<>(byLabel.keySet());
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                List<State> s = new ArrayList<>();
                for (String l : labels) s.add(byLabel.get(l).init(subset(params, l)));
                return State.ofChildren(s);
            }

            private Params subset(Params params, String label) {
                return params.filter((n, t) -> {
                    String l = labeler.label(n, t);
                    if (!byLabel.containsKey(l)) throw new IllegalArgumentException("partition: parameter '" + n + "' has label '" + l + "' with no transformation; labels " + labels);
                    return l.equals(label);
                });
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                List<State> next = new ArrayList<>();
                Params out = grads;
                for (int i = 0; i < labels.size(); i++) {
                    Params sel = subset(params, labels.get(i));
                    Update r = byLabel.get(labels.get(i)).update(grads.select(sel.names()), state.child(i), sel);
                    out = out.mergedWith(r.updates(), grads.names());
                    next.add(r.state());
                }
                return new Update(out, State.ofChildren(next));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (int i = 0; i < labels.size(); i++) {
                    String l = labels.get(i);
                    byLabel.get(l).hyperParams(state.child(i)).forEach((k, v) -> m.put(l + "/" + k, v));
                }
                return m;
            }
        };
    }

    /** A stateless per-tensor map. */
    public static GradientTransformation stateless(java.util.function.UnaryOperator<Tensor> f, Map<String, Double> hyper) {
        return statelessTree((grads, params) -> grads.map(f), hyper);
    }

    /** A stateless map of the whole gradient tree, which may read the parameters (weight decay, global clipping). */
    public static GradientTransformation statelessTree(java.util.function.BinaryOperator<Params> f, Map<String, Double> hyper) {
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY;
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                return new Update(f.apply(grads, params), state);
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return hyper;
            }
        };
    }
}

package io.vecgrad.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch-style facade: owns the optimizer state, mutates the parameter tensors in place on
 * {@link #step(Params)}, and supports parameter groups, each with its own transformation (and so
 * its own hyper-parameters). Uses each transformation's fused {@link GradientTransformation#applyInPlace}.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.builder()
 *     .group("decay", params.filter(ParamLabels.decayMask()::test), Adam.adamW(1e-3, 0.9, 0.999, 1e-8, 1e-2))
 *     .group("no_decay", params.filter((n, t) -> t.dim() < 2), Adam.adam(1e-3))
 *     .build();
 * for (...) { opt.step(grads); }                     // or opt.step(closure)
 * Map<String, Double> hp = opt.hyperParams();      // {"decay/lr": 0.001, ...}
 * }</pre>
 */
public final class Optimizer implements Stepper {
    private final List<Group> groups;
    private final Params all;
    private final List<State> states = new ArrayList<>();
    /** Each group's parameter names, listed once: a step with matching gradients selects nothing. */
    private final List<List<String>> names = new ArrayList<>();

    /** A named subset of the parameters with its transformation. */
    public record Group(String name, Params params, GradientTransformation transform) {}

    private Optimizer(List<Group> groups) {
        this.groups = List.copyOf(groups);
        Map<String, io.vecgrad.tensor.Tensor> m = new LinkedHashMap<>();
        for (Group g : groups) {
            g.params().asMap().forEach((k, v) -> {
                if (m.put(k, v) != null) throw new IllegalArgumentException("Optimizer: parameter '" + k + "' is in two groups");
            });
            states.add(g.transform().init(g.params()));
            names.add(List.copyOf(g.params().names()));
        }
        this.all = Params.of(m);
    }

    /** A single-group optimizer. */
    public static Optimizer of(Params params, GradientTransformation transform) {
        return builder().group("default", params, transform).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects parameter groups. */
    public static final class Builder {
        private final List<Group> groups = new ArrayList<>();

        public Builder group(String name, Params params, GradientTransformation transform) {
            groups.add(new Group(name, params, transform));
            return this;
        }

        public Optimizer build() {
            if (groups.isEmpty()) throw new IllegalArgumentException("Optimizer.build: no parameter groups");
            return new Optimizer(groups);
        }
    }

    /** Applies one update from gradients named like the parameters (extra names are ignored). */
    public void step(Params grads) {
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            List<String> n = names.get(i);
            Params gg = grads.hasNames(n) ? grads : grads.select(n);
            states.set(i, g.transform().applyInPlace(gg, states.get(i), g.params()));
        }
    }

    @Override
    public double step(LossAndGrad closure) {
        LossAndGrad.Result r = closure.evaluate(all);
        step(r.grads());
        return r.loss();
    }

    @Override
    public Params params() {
        return all;
    }

    public List<Group> groups() {
        return groups;
    }

    /** A deep snapshot: one child state per group. */
    @Override
    public State state() {
        List<State> snap = new ArrayList<>();
        for (State s : states) snap.add(deepCopy(s));
        return State.ofChildren(snap);
    }

    @Override
    public void loadState(State state) {
        if (state.children().size() != groups.size()) {
            throw new IllegalArgumentException("Optimizer.loadState: expected " + groups.size() + " group states, got " + state.children().size());
        }
        for (int i = 0; i < groups.size(); i++) states.set(i, deepCopy(state.child(i)));
    }

    /** Hyper-parameters of every group, keyed {@code group/name}. */
    @Override
    public Map<String, Double> hyperParams() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            String prefix = groups.size() == 1 ? "" : groups.get(i).name() + "/";
            groups.get(i).transform().hyperParams(states.get(i)).forEach((k, v) -> m.put(prefix + k, v));
        }
        return m;
    }

    /** Copies every tensor so that in-place steps never alias a snapshot. */
    static State deepCopy(State s) {
        Map<String, Params> slots = new LinkedHashMap<>();
        s.slots().forEach((k, p) -> slots.put(k, p.copy()));
        List<State> ch = new ArrayList<>();
        for (State c : s.children()) ch.add(deepCopy(c));
        return new State(slots, s.scalars(), ch);
    }
}

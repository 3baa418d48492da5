package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transformations applied in order (Optax {@code chain}); the state holds one child per stage.
 * Named optimizers are chains ({@code Adam}: decayed weights, {@code Blocks.scaleByAdam},
 * learning rate) and may subclass this class to keep their type and factories.
 *
 * <p>{@link #applyInPlace} is the fused path: nested chains are flattened, the stages before
 * the trailing run of {@link ElementwiseTransform}s run as usual, and that run executes as one
 * pass per parameter that updates slots and parameter in place. The result equals
 * {@code update} followed by {@code params.addInPlace} bitwise (tested for every registered
 * optimizer), in float32 and float64.
 *
 * <pre>{@code
 * GradientTransformation adam = Transforms.chain(Blocks.scaleByAdam(0.9, 0.999, 1e-8, false),
 *                                                Blocks.scaleByLearningRate(Schedule.constant(1e-3)));
 * }</pre>
 */
public class Chain implements GradientTransformation {
    private final List<GradientTransformation> stages;

    public Chain(List<GradientTransformation> stages) {
        if (stages.isEmpty()) throw new IllegalArgumentException("Chain: no stages");
        this.stages = List.copyOf(stages);
    }

    protected Chain(GradientTransformation... stages) {
        this(List.of(stages));
    }

    /** The stages in order. */
    public final List<GradientTransformation> stages() {
        return stages;
    }

    @Override
    public State init(Params params) {
        List<State> s = new ArrayList<>();
        for (GradientTransformation g : stages) s.add(g.init(params));
        return State.ofChildren(s);
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        List<State> next = new ArrayList<>();
        Params u = grads;
        for (int i = 0; i < stages.size(); i++) {
            Update r = stages.get(i).update(u, state.child(i), params);
            u = r.updates();
            next.add(r.state());
        }
        return new Update(u, State.ofChildren(next));
    }

    @Override
    public Map<String, Double> hyperParams(State state) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) m.putAll(stages.get(i).hyperParams(state.child(i)));
        return m;
    }

    @Override
    public State applyInPlace(Params grads, State state, Params params) {
        List<GradientTransformation> leaves = new ArrayList<>();
        List<State> leafStates = new ArrayList<>();
        flatten(this, state, leaves, leafStates);
        int n = leaves.size();
        int start = n;
        while (start > 0 && leaves.get(start - 1) instanceof ElementwiseTransform e) {
            start--;
            if (e.needsInput()) break;
        }
        State[] next = new State[n];
        Params u = grads;
        for (int k = 0; k < start; k++) {
            Update r = leaves.get(k).update(u, leafStates.get(k), params);
            u = r.updates();
            next[k] = r.state();
        }
        if (start == n) {
            params.addInPlace(u);
        } else {
            fused(leaves.subList(start, n), leafStates.subList(start, n), u, params, next, start);
        }
        return rebuild(this, List.of(next).iterator());
    }

    /**
     * {@code state}'s children, each with its step counter set to {@code t}: the state a fused
     * kernel step returns when its stages keep no scalars besides {@code count}.
     */
    public static State withCounts(State state, long t) {
        List<State> children = state.children();
        State[] next = new State[children.size()];
        for (int i = 0; i < next.length; i++) next[i] = children.get(i).withCount(t);
        return State.ofChildren(List.of(next));
    }

    private static void fused(List<GradientTransformation> leaves, List<State> states, Params input, Params params, State[] next, int offset) {
        int kN = leaves.size();
        ElementwiseTransform[] ew = new ElementwiseTransform[kN];
        ElementwiseTransform.Rule[] rules = new ElementwiseTransform.Rule[kN];
        for (int k = 0; k < kN; k++) {
            ew[k] = (ElementwiseTransform) leaves.get(k);
            rules[k] = ew[k].ruleAfter(states.get(k), input);
        }
        ElementwiseTransform.Rule[] r = new ElementwiseTransform.Rule[kN];
        Lane[][] slots = new Lane[kN][];
        for (int i = 0; i < input.size(); i++) {
            String name = input.name(i);
            Tensor p = params.get(name);
            Tensor pc = p.isContiguous() ? p : p.contiguous();
            Tensor g = input.tensor(i).to(pc.dtype()).contiguous();
            for (int k = 0; k < kN; k++) {
                r[k] = rules[k].forTensor(name, g);
                List<String> names = ew[k].slotNames();
                slots[k] = new Lane[names.size()];
                for (int j = 0; j < slots[k].length; j++) slots[k][j] = Lane.of(states.get(k).slot(names.get(j)).get(name));
            }
            pass(Lane.of(g), Lane.of(pc), r, slots, pc.numel());
            if (pc != p) p.copyFrom(pc);
        }
        for (int k = 0; k < kN; k++) next[offset + k] = ew[k].advance(states.get(k), input);
    }

    /**
     * The fused loop: every stage on element i, rounding where the unfused chain stores. Chains of
     * up to four stages get a loop with one call site per stage position, so that in a program
     * that runs one optimizer every site sees one rule class and C2 inlines it.
     */
    private static void pass(Lane g, Lane p, ElementwiseTransform.Rule[] r, Lane[][] slots, int n) {
        switch (r.length) {
            case 1 -> pass1(g, p, r[0], slots[0], n);
            case 2 -> pass2(g, p, r[0], r[1], slots[0], slots[1], n);
            case 3 -> pass3(g, p, r[0], r[1], r[2], slots[0], slots[1], slots[2], n);
            case 4 -> pass4(g, p, r[0], r[1], r[2], r[3], slots[0], slots[1], slots[2], slots[3], n);
            default -> {
                for (int i = 0; i < n; i++) {
                    double pi = p.get(i);
                    double u = g.get(i);
                    for (int k = 0; k < r.length; k++) u = p.round(r[k].apply(u, pi, slots[k], i));
                    p.set(i, pi + u);
                }
            }
        }
    }

    private static void pass1(Lane g, Lane p, ElementwiseTransform.Rule r0, Lane[] s0, int n) {
        for (int i = 0; i < n; i++) {
            double pi = p.get(i);
            p.set(i, pi + p.round(r0.apply(g.get(i), pi, s0, i)));
        }
    }

    private static void pass2(Lane g, Lane p, ElementwiseTransform.Rule r0, ElementwiseTransform.Rule r1, Lane[] s0, Lane[] s1, int n) {
        for (int i = 0; i < n; i++) {
            double pi = p.get(i);
            double u = p.round(r0.apply(g.get(i), pi, s0, i));
            p.set(i, pi + p.round(r1.apply(u, pi, s1, i)));
        }
    }

    private static void pass3(Lane g, Lane p, ElementwiseTransform.Rule r0, ElementwiseTransform.Rule r1, ElementwiseTransform.Rule r2,
                              Lane[] s0, Lane[] s1, Lane[] s2, int n) {
        for (int i = 0; i < n; i++) {
            double pi = p.get(i);
            double u = p.round(r0.apply(g.get(i), pi, s0, i));
            u = p.round(r1.apply(u, pi, s1, i));
            p.set(i, pi + p.round(r2.apply(u, pi, s2, i)));
        }
    }

    private static void pass4(Lane g, Lane p, ElementwiseTransform.Rule r0, ElementwiseTransform.Rule r1, ElementwiseTransform.Rule r2,
                              ElementwiseTransform.Rule r3, Lane[] s0, Lane[] s1, Lane[] s2, Lane[] s3, int n) {
        for (int i = 0; i < n; i++) {
            double pi = p.get(i);
            double u = p.round(r0.apply(g.get(i), pi, s0, i));
            u = p.round(r1.apply(u, pi, s1, i));
            u = p.round(r2.apply(u, pi, s2, i));
            p.set(i, pi + p.round(r3.apply(u, pi, s3, i)));
        }
    }

    private static void flatten(Chain c, State s, List<GradientTransformation> leaves, List<State> states) {
        for (int i = 0; i < c.stages.size(); i++) {
            GradientTransformation g = c.stages.get(i);
            if (g instanceof Chain cc) {
                flatten(cc, s.child(i), leaves, states);
            } else {
                leaves.add(g);
                states.add(s.child(i));
            }
        }
    }

    private static State rebuild(Chain c, Iterator<State> it) {
        List<State> ch = new ArrayList<>();
        for (GradientTransformation g : c.stages) ch.add(g instanceof Chain cc ? rebuild(cc, it) : it.next());
        return State.ofChildren(ch);
    }
}

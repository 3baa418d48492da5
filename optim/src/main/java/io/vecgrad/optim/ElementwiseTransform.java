package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block that acts on each element independently: per step it yields a {@link Rule}
 * that maps one incoming update element (with the parameter element and the block's slot
 * elements) to the outgoing update. Because every block of this kind is element-wise, a
 * {@link Chain} of them runs as one fused pass per parameter ({@link Chain#applyInPlace}) that
 * is bitwise equal to running the blocks one after another: rules compute in double and the
 * fused pass rounds to the parameter's precision exactly where the unfused chain stores.
 *
 * <p>State: the step counter {@code count}, one slot per declared slot name (shaped like the
 * parameters) and the scalars of {@link #initScalars}/{@link #stepScalars}.
 *
 * <pre>{@code
 * GradientTransformation trace = new ElementwiseTransform("trace") {
 *     protected Rule rule(long t, State previous, Params input) {
 *         return (u, p, s, i) -> { double b = s[0].get(i) * 0.9 + u; s[0].set(i, b); return b; };
 *     }
 * };
 * }</pre>
 */
public abstract class ElementwiseTransform implements GradientTransformation {
    private final List<String> slotNames;

    /** One step's element rule. */
    @FunctionalInterface
    public interface Rule {
        /**
         * The outgoing update for element {@code i}, given the incoming update {@code u}, the
         * parameter {@code p} (before the step) and this block's slots, which it may overwrite.
         */
        double apply(double u, double p, Lane[] slots, int i);

        /** The rule for one tensor; blocks with per-tensor reductions override it. */
        default Rule forTensor(String name, Tensor input) {
            return this;
        }
    }

    protected ElementwiseTransform(String... slotNames) {
        this.slotNames = List.of(slotNames);
    }

    /** The slot names in declaration order (the order of {@link Rule#apply}'s {@code slots}). */
    public final List<String> slotNames() {
        return slotNames;
    }

    /**
     * The rule of step {@code t} (1-based), from the state before the step. {@code input} is this
     * block's incoming update tree when {@link #needsInput} is true (global reductions), else null.
     */
    protected abstract Rule rule(long t, State previous, Params input);

    /** True when {@link #rule} must see the whole incoming update (e.g. its global norm). */
    protected boolean needsInput() {
        return false;
    }

    /** The initial value of every element of slot {@code slot}; zero by default. */
    protected double initialValue(String slot) {
        return 0;
    }

    /** Initial scalars besides {@code count}. */
    protected Map<String, Double> initScalars() {
        return Map.of();
    }

    /**
     * Scalars stored after step {@code t}, from the state before it; {@code input} as for
     * {@link #rule}.
     */
    protected Map<String, Double> stepScalars(State previous, long t, Params input) {
        return Map.of();
    }

    @Override
    public State init(Params params) {
        State s = State.EMPTY.withCount(0);
        for (String slot : slotNames) {
            double v = initialValue(slot);
            s = s.withSlot(slot, params.map(p -> v == 0 ? Tensor.zeros(p.dtype(), p.shape()) : Tensor.full(p.dtype(), v, p.shape())));
        }
        for (Map.Entry<String, Double> e : initScalars().entrySet()) s = s.withScalar(e.getKey(), e.getValue());
        return s;
    }

    /** The rule of the step that follows {@code previous}. */
    final Rule ruleAfter(State previous, Params input) {
        return rule(previous.count() + 1, previous, needsInput() ? input : null);
    }

    /** {@code previous} advanced by one step: count and scalars (slots are updated by the rule). */
    final State advance(State previous, Params input) {
        long t = previous.count() + 1;
        State next = previous.withCount(t);
        for (Map.Entry<String, Double> e : stepScalars(previous, t, needsInput() ? input : null).entrySet()) next = next.withScalar(e.getKey(), e.getValue());
        return next;
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        State next = state;
        for (String slot : slotNames) next = next.withSlot(slot, state.slot(slot).copy());
        Rule rule = ruleAfter(state, grads);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : grads.names()) {
            Tensor p = params.get(name).contiguous();
            Tensor g = grads.get(name).to(p.dtype()).contiguous();
            Tensor u = Tensor.zeros(p.dtype(), p.shape());
            Lane[] s = new Lane[slotNames.size()];
            for (int k = 0; k < s.length; k++) s[k] = Lane.of(next.slot(slotNames.get(k)).get(name));
            Rule r = rule.forTensor(name, g);
            Lane gl = Lane.of(g), pl = Lane.of(p), ul = Lane.of(u);
            int n = p.numel();
            for (int i = 0; i < n; i++) ul.set(i, r.apply(gl.get(i), pl.get(i), s, i));
            out.put(name, u);
        }
        State advanced = advance(state, grads);
        for (String slot : slotNames) advanced = advanced.withSlot(slot, next.slot(slot));
        return new Update(Params.of(out), advanced);
    }

    /** One fused pass of this block alone (see {@link Chain#applyInPlace}). */
    @Override
    public State applyInPlace(Params grads, State state, Params params) {
        Chain c = new Chain(List.of(this));
        return c.applyInPlace(grads, State.ofChildren(List.of(state)), params).child(0);
    }
}

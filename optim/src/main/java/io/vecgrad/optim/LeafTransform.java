package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Superseded by {@link ElementwiseTransform}, whose blocks fuse in a {@link Chain}; kept for
 * callers outside this module. Base class for transformations that act on each tensor independently with per-tensor slots
 * (momentum buffers, moment estimates) and a shared step counter. Subclasses name their slots
 * and define one leaf update; this class threads names, slots and the counter.
 *
 * <pre>{@code
 * class Trace extends LeafTransform {
 *     Trace() { super("trace"); }
 *     protected Tensor[] leaf(Tensor g, Tensor p, Tensor[] s, Step step) {
 *         Tensor b = s[0].mul(0.9).add(g);
 *         return new Tensor[] {b, b};      // update, new slot values
 *     }
 * }
 * }</pre>
 */
public abstract class LeafTransform implements GradientTransformation {
    private final List<String> slotNames;

    /** The 1-based step number and the per-step scalars from {@link #stepScalars}. */
    public record Step(long t, Map<String, Double> scalars) {
        public double get(String name) {
            Double d = scalars.get(name);
            if (d == null) throw new IllegalArgumentException("Step.get: no scalar '" + name + "'");
            return d;
        }
    }

    protected LeafTransform(String... slotNames) {
        this.slotNames = List.of(slotNames);
    }

    /**
     * One tensor's update: given the incoming update {@code g}, the parameter {@code p} and the
     * slot values in declaration order, returns the outgoing update followed by the new slot
     * values. Must not mutate its arguments.
     */
    protected abstract Tensor[] leaf(Tensor g, Tensor p, Tensor[] slots, Step step);

    /** Initial value of slot {@code slot} for parameter {@code p}; zeros by default. */
    protected Tensor initSlot(String slot, Tensor p) {
        return Tensor.zeros(p.dtype(), p.shape());
    }

    /** Initial global scalars besides {@code count}; none by default. */
    protected Map<String, Double> initScalars() {
        return Map.of();
    }

    /** Global scalars for step t (stored back into the state), computed from the previous state. */
    protected Map<String, Double> stepScalars(State previous, long t) {
        return Map.of();
    }

    @Override
    public State init(Params params) {
        State s = State.EMPTY.withCount(0);
        for (String slot : slotNames) s = s.withSlot(slot, params.map(p -> initSlot(slot, p)));
        for (Map.Entry<String, Double> e : initScalars().entrySet()) s = s.withScalar(e.getKey(), e.getValue());
        return s;
    }

    @Override
    public Update update(Params grads, State state, Params params) {
        long t = state.count() + 1;
        Step step = new Step(t, stepScalars(state, t));
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Map<String, Tensor>> newSlots = new java.util.ArrayList<>();
        for (int k = 0; k < slotNames.size(); k++) newSlots.add(new LinkedHashMap<>());
        for (String name : grads.names()) {
            Tensor[] s = new Tensor[slotNames.size()];
            for (int k = 0; k < s.length; k++) s[k] = state.slot(slotNames.get(k)).get(name);
            Tensor[] r = leaf(grads.get(name), params.get(name), s, step);
            out.put(name, r[0]);
            for (int k = 0; k < s.length; k++) newSlots.get(k).put(name, r[k + 1]);
        }
        State next = state.withCount(t);
        for (int k = 0; k < slotNames.size(); k++) next = next.withSlot(slotNames.get(k), Params.of(newSlots.get(k)));
        for (Map.Entry<String, Double> e : step.scalars().entrySet()) next = next.withScalar(e.getKey(), e.getValue());
        return new Update(Params.of(out), next);
    }
}

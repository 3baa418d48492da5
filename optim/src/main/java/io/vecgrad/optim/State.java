package io.vecgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable state of a {@link GradientTransformation}: named tensor slots (for example
 * Adam's {@code m} and {@code v}, each a {@link Params} shaped like the parameters), named
 * scalars (step count, running products) and the states of nested transformations (for
 * {@link Transforms#chain}). One uniform record for every method makes saving and restoring
 * generic ({@link StateCodec}).
 *
 * <pre>{@code
 * State s = State.EMPTY.withScalar("count", 0).withSlot("m", params.zerosLike());
 * long t = s.count();
 * }</pre>
 */
public record State(Map<String, Params> slots, Map<String, Double> scalars, List<State> children) {
    /** No slots, no scalars, no children. */
    public static final State EMPTY = new State(Map.of(), Map.of(), List.of());

    public State {
        slots = Frozen.copyOf(slots);
        scalars = Frozen.copyOf(scalars);
        children = List.copyOf(children);
    }

    /** A state holding only nested states (used by combinators). */
    public static State ofChildren(List<State> children) {
        return new State(Frozen.empty(), Frozen.empty(), children);
    }

    /**
     * The slot {@code name} of this state or, when it has none of that name, the first one found
     * depth-first among its children (so {@code adamState.slot("m")} works for a chain);
     * IllegalArgumentException when absent everywhere.
     */
    public Params slot(String name) {
        Params p = find(name);
        if (p == null) throw new IllegalArgumentException("State.slot: no slot '" + name + "' among " + slotNames());
        return p;
    }

    private Params find(String name) {
        Params p = slots.get(name);
        for (int i = 0; p == null && i < children.size(); i++) p = children.get(i).find(name);
        return p;
    }

    private java.util.Set<String> slotNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(slots.keySet());
        for (State c : children) names.addAll(c.slotNames());
        return names;
    }

    /** The scalar {@code name}; IllegalArgumentException when absent. */
    public double scalar(String name) {
        Double d = scalars.get(name);
        if (d == null) throw new IllegalArgumentException("State.scalar: no scalar '" + name + "' among " + scalars.keySet());
        return d;
    }

    /** The step counter {@code count} (number of updates done), 0 when absent. */
    public long count() {
        Double d = scalars.get("count");
        return d == null ? 0 : d.longValue();
    }

    public State child(int i) {
        return children.get(i);
    }

    public State withSlot(String name, Params value) {
        LinkedHashMap<String, Params> m = new LinkedHashMap<>(slots);
        m.put(name, value);
        return new State(new Frozen<>(m), scalars, children);
    }

    public State withScalar(String name, double value) {
        if (scalars.isEmpty() || (scalars.size() == 1 && scalars.containsKey(name))) {
            return new State(slots, new Frozen<>(Map.of(name, value)), children); // a step's count: no map copy
        }
        LinkedHashMap<String, Double> m = new LinkedHashMap<>(scalars);
        m.put(name, value);
        return new State(slots, new Frozen<>(m), children);
    }

    public State withCount(long count) {
        return withScalar("count", count);
    }

    public State withChildren(List<State> newChildren) {
        return new State(slots, scalars, newChildren);
    }

    /**
     * An unmodifiable map that only this record creates, always over a private copy (or a JDK
     * immutable map of at most one entry, whose order is fixed): the compact constructor keeps
     * it as it is instead of copying again, so an optimizer step's {@code withCount} allocates
     * a few small objects rather than three hash maps.
     */
    private static final class Frozen<K, V> extends java.util.AbstractMap<K, V> {
        private static final Frozen<Object, Object> EMPTY = new Frozen<>(Map.of());
        private final Map<K, V> m;

        private Frozen(Map<K, V> privateCopy) {
            this.m = privateCopy;
        }

        @SuppressWarnings("unchecked")
        static <K, V> Frozen<K, V> empty() {
            return (Frozen<K, V>) EMPTY;
        }

        static <K, V> Map<K, V> copyOf(Map<K, V> map) {
            if (map instanceof Frozen<K, V> f) return f;
            if (map.isEmpty()) return empty();
            return new Frozen<>(new LinkedHashMap<>(map));
        }

        @Override
        public java.util.Set<Map.Entry<K, V>> entrySet() {
            return java.util.Collections.unmodifiableMap(m).entrySet();
        }

        @Override
        public V get(Object key) {
            return m.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return m.containsKey(key);
        }

        @Override
        public int size() {
            return m.size();
        }

        @Override
        public boolean isEmpty() {
            return m.isEmpty();
        }
    }
}

package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A named, ordered collection of tensors (a flat pytree): parameters, gradients, updates and
 * optimizer slots all use it. The collection itself is immutable; the tensors are not copied,
 * so {@link #addInPlace} mutates the caller's parameter tensors (PyTorch style).
 *
 * <pre>{@code
 * Params p = Params.of("w", Tensor.zeros(3, 2), "b", Tensor.zeros(2));
 * Params twice = p.map(t -> t.mul(2));
 * }</pre>
 */
public final class Params {
    /** Up to this many tensors, {@link #get} scans the names instead of building a hash map. */
    private static final int SCAN_LIMIT = 8;
    private static final Params EMPTY = new Params(new String[0], new Tensor[0]);
    private final String[] names;
    private final Tensor[] tensors;
    /** The ordered map view, built on first use: a step's gradient collection never needs it. */
    private volatile Map<String, Tensor> map;

    private Params(String[] names, Tensor[] tensors) {
        this.names = names;
        this.tensors = tensors;
    }

    private Params(LinkedHashMap<String, Tensor> map) {
        this(map.keySet().toArray(new String[0]), map.values().toArray(new Tensor[0]));
        this.map = Collections.unmodifiableMap(map);
    }

    /** Wraps an ordered map (its iteration order is kept); tensors are not copied. */
    public static Params of(Map<String, Tensor> tensors) {
        int n = tensors.size();
        String[] names = new String[n];
        Tensor[] values = new Tensor[n];
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (i == n) throw new IllegalArgumentException("Params.of: the map grew while it was read (" + n + " entries expected)");
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        if (i != n) throw new IllegalArgumentException("Params.of: the map has " + i + " entries, its size() said " + n);
        return new Params(names, values);
    }

    /** Alternating names and tensors: {@code of("w", w, "b", b)}. */
    public static Params of(Object... namesAndTensors) {
        if (namesAndTensors.length % 2 != 0) throw new IllegalArgumentException("Params.of: expected name/tensor pairs, got " + namesAndTensors.length + " arguments");
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) m.put((String) namesAndTensors[i], (Tensor) namesAndTensors[i + 1]);
        return new Params(m);
    }

    /** The empty collection. */
    public static Params empty() {
        return EMPTY;
    }

    /** Read-only ordered view. */
    public Map<String, Tensor> asMap() {
        Map<String, Tensor> m = map;
        if (m == null) {
            LinkedHashMap<String, Tensor> built = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) built.put(names[i], tensors[i]);
            map = m = Collections.unmodifiableMap(built);
        }
        return m;
    }

    /** Names in order (a fresh list). */
    public List<String> names() {
        return new ArrayList<>(Arrays.asList(names));
    }

    public int size() {
        return names.length;
    }

    /**
     * The name at position {@code i} of the iteration order; with {@link #tensor(int)} it walks
     * a collection without allocating (optimizer steps do).
     */
    public String name(int i) {
        return names[i];
    }

    /** The tensor at position {@code i} of the iteration order. */
    public Tensor tensor(int i) {
        return tensors[i];
    }

    public boolean contains(String name) {
        return find(name) != null;
    }

    /** The tensor named {@code name}; IllegalArgumentException when absent. */
    public Tensor get(String name) {
        Tensor t = find(name);
        if (t == null) throw new IllegalArgumentException("Params.get: no tensor named '" + name + "' among " + Arrays.toString(names));
        return t;
    }

    private Tensor find(String name) {
        if (names.length > SCAN_LIMIT) return asMap().get(name);
        for (int i = 0; i < names.length; i++) {
            if (java.util.Objects.equals(names[i], name)) return tensors[i];
        }
        return null;
    }

    /** True when this collection holds exactly {@code names}, in that order (no allocation). */
    public boolean hasNames(List<String> names) {
        if (names.size() != this.names.length) return false;
        for (int i = 0; i < this.names.length; i++) {
            if (!java.util.Objects.equals(this.names[i], names.get(i))) return false;
        }
        return true;
    }

    /** Total number of elements over all tensors. */
    public long numel() {
        long n = 0;
        for (Tensor t : tensors) n += t.numel();
        return n;
    }

    /** Applies {@code f} to every tensor. */
    public Params map(UnaryOperator<Tensor> f) {
        return map((name, t) -> f.apply(t));
    }

    /** Applies {@code f(name, tensor)} to every tensor. */
    public Params map(BiFunction<String, Tensor, Tensor> f) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], f.apply(names[i], tensors[i]));
        return new Params(m);
    }

    /** Combines tensors with equal names; both collections must have the same names. */
    public Params zip(Params other, BinaryOperator<Tensor> f) {
        requireSameNames("Params.zip", other);
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], f.apply(tensors[i], other.get(names[i])));
        return new Params(m);
    }

    /** The tensors whose (name, tensor) satisfies {@code keep}, in order. */
    public Params filter(BiPredicate<String, Tensor> keep) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (keep.test(names[i], tensors[i])) m.put(names[i], tensors[i]);
        }
        return new Params(m);
    }

    /** The tensors named in {@code names}, in that order. */
    public Params select(List<String> names) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, get(n));
        return new Params(m);
    }

    /** This collection with {@code other}'s entries added or replaced, in {@code order}'s name order. */
    public Params mergedWith(Params other, List<String> order) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (String n : order) {
            Tensor o = other.find(n);
            m.put(n, o != null ? o : get(n));
        }
        return new Params(m);
    }

    /** Fresh zero tensors with the same names, shapes and dtypes. */
    public Params zerosLike() {
        return map(t -> Tensor.zeros(t.dtype(), t.shape()));
    }

    /** Fresh contiguous copies. */
    public Params copy() {
        return map(Tensor::copy);
    }

    /** {@code sqrt(Σ‖t‖²)} over all tensors, accumulated in double. */
    public double globalNorm() {
        double s = 0;
        for (Tensor t : tensors) {
            double n = t.to(io.vecgrad.tensor.DType.FLOAT64).normL2(null, false).item();
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** {@code this[k] += updates[k]} in place for every name: applies an update to parameters. */
    public void addInPlace(Params updates) {
        requireSameNames("Params.addInPlace", updates);
        for (int i = 0; i < names.length; i++) tensors[i].addInPlace(updates.get(names[i]));
    }

    /** Throws IllegalArgumentException unless {@code other} has exactly this collection's names and shapes. */
    public void requireSameNames(String op, Params other) {
        if (!asMap().keySet().equals(other.asMap().keySet())) {
            throw new IllegalArgumentException(op + ": names differ: " + asMap().keySet() + " vs " + other.asMap().keySet());
        }
        for (int i = 0; i < names.length; i++) {
            Tensor v = tensors[i], o = other.get(names[i]);
            if (!Arrays.equals(v.shape(), o.shape())) {
                throw new IllegalArgumentException(op + ": shape of '" + names[i] + "' differs: " + Arrays.toString(v.shape())
                        + " vs " + Arrays.toString(o.shape()));
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Params{");
        for (int i = 0; i < names.length; i++) b.append(names[i]).append(Arrays.toString(tensors[i].shape())).append(' ');
        return b.append('}').toString();
    }
}

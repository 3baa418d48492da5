package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
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
    private static final Params EMPTY = new Params(new LinkedHashMap<>());
    private final Map<String, Tensor> map;

    private Params(LinkedHashMap<String, Tensor> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /** Wraps an ordered map (its iteration order is kept); tensors are not copied. */
    public static Params of(Map<String, Tensor> tensors) {
        return new Params(new LinkedHashMap<>(tensors));
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
        return map;
    }

    /** Names in order. */
    public List<String> names() {
        return new ArrayList<>(map.keySet());
    }

    public int size() {
        return map.size();
    }

    public boolean contains(String name) {
        return map.containsKey(name);
    }

    /** The tensor named {@code name}; IllegalArgumentException when absent. */
    public Tensor get(String name) {
        Tensor t = map.get(name);
        if (t == null) throw new IllegalArgumentException("Params.get: no tensor named '" + name + "' among " + map.keySet());
        return t;
    }

    /** Total number of elements over all tensors. */
    public long numel() {
        long n = 0;
        for (Tensor t : map.values()) n += t.numel();
        return n;
    }

    /** Applies {@code f} to every tensor. */
    public Params map(UnaryOperator<Tensor> f) {
        return map((name, t) -> f.apply(t));
    }

    /** Applies {@code f(name, tensor)} to every tensor. */
    public Params map(BiFunction<String, Tensor, Tensor> f) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, f.apply(k, v)));
        return new Params(m);
    }

    /** Combines tensors with equal names; both collections must have the same names. */
    public Params zip(Params other, BinaryOperator<Tensor> f) {
        requireSameNames("Params.zip", other);
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, f.apply(v, other.map.get(k))));
        return new Params(m);
    }

    /** The tensors whose (name, tensor) satisfies {@code keep}, in order. */
    public Params filter(BiPredicate<String, Tensor> keep) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (keep.test(k, v)) m.put(k, v);
        });
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
        for (String n : order) m.put(n, other.map.containsKey(n) ? other.map.get(n) : get(n));
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
        for (Tensor t : map.values()) {
            double n = t.to(io.vecgrad.tensor.DType.FLOAT64).normL2(null, false).item();
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** {@code this[k] += updates[k]} in place for every name: applies an update to parameters. */
    public void addInPlace(Params updates) {
        requireSameNames("Params.addInPlace", updates);
        map.forEach((k, v) -> v.addInPlace(updates.map.get(k)));
    }

    /** Throws IllegalArgumentException unless {@code other} has exactly this collection's names and shapes. */
    public void requireSameNames(String op, Params other) {
        if (!map.keySet().equals(other.map.keySet())) {
            throw new IllegalArgumentException(op + ": names differ: " + map.keySet() + " vs " + other.map.keySet());
        }
        map.forEach((k, v) -> {
            if (!java.util.Arrays.equals(v.shape(), other.map.get(k).shape())) {
                throw new IllegalArgumentException(op + ": shape of '" + k + "' differs: " + java.util.Arrays.toString(v.shape())
                        + " vs " + java.util.Arrays.toString(other.map.get(k).shape()));
            }
        });
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Params{");
        map.forEach((k, v) -> b.append(k).append(java.util.Arrays.toString(v.shape())).append(' '));
        return b.append('}').toString();
    }
}

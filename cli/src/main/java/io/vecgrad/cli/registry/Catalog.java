package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.cli.spec.Spec;
import io.vecgrad.cli.spec.SpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named factories of one kind (optimizers, models, ...), filled by one line per entry.
 * Resolving a {@link Spec} validates its keys against the entry's declared defaults, so
 * every registered thing gets the same error messages and {@code --help}/{@code list} text.
 *
 * <pre>{@code
 * registries.optimizers().add("adam", "Adam, Kingma & Ba 2015",
 *         Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999), p -> new AdamAdapter(p));
 * Catalog.Resolved<OptimizerFactory> r = registries.optimizers().resolve(spec);
 * }</pre>
 *
 * @param <F> the factory type
 */
public final class Catalog<F> {
    private final String kind;
    private final Map<String, Entry<F>> entries = new LinkedHashMap<>();

    /** @param kind singular noun used in messages, e.g. "optimizer" */
    public Catalog(String kind) {
        this.kind = kind;
    }

    /**
     * One registered name.
     *
     * @param name lower-case name used on the command line
     * @param description one line for {@code vecgrad list}
     * @param defaults every accepted key with its default; the default's type is the key's type
     * @param positionalKey key a bare {@code name:VALUE} argument fills, or null
     * @param factory what the name builds
     */
    public record Entry<F>(String name, String description, Map<String, Object> defaults,
            String positionalKey, F factory) {
        public Entry {
            defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        }
    }

    /** An entry together with the validated parameters of one spec. */
    public record Resolved<F>(Entry<F> entry, SpecValues params) {
        public F factory() {
            return entry.factory();
        }
    }

    /** Adds an entry; {@code defaults} should be ordered (e.g. {@code Catalog.params(...)}). */
    public Catalog<F> add(String name, String description, Map<String, ?> defaults, F factory) {
        return add(new Entry<>(name, description, new LinkedHashMap<>(defaults), null, factory));
    }

    /** Adds an entry whose spec takes a bare argument, e.g. {@code csv:PATH}. */
    public Catalog<F> addWithArgument(String name, String positionalKey, String description,
            Map<String, ?> defaults, F factory) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(positionalKey, "");
        d.putAll(defaults);
        return add(new Entry<>(name, description, d, positionalKey, factory));
    }

    private Catalog<F> add(Entry<F> e) {
        if (!e.name().matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException(kind + " registry: bad name '" + e.name() + "'");
        }
        if (entries.putIfAbsent(e.name(), e) != null) {
            throw new IllegalArgumentException(kind + " registry: '" + e.name() + "' registered twice");
        }
        return this;
    }

    /**
     * Looks the spec's name up and validates its parameters.
     *
     * @throws SpecException listing the valid names for an unknown name
     */
    public Resolved<F> resolve(Spec spec) {
        Entry<F> e = entries.get(spec.name());
        if (e == null) {
            throw new SpecException(spec.flag() + ": unknown " + kind + " '" + spec.name()
                    + "'; valid " + kind + "s: " + validNames());
        }
        return new Resolved<>(e, SpecValues.resolve(spec, e.defaults(), e.positionalKey()));
    }

    /** Parses and resolves in one go. */
    public Resolved<F> resolve(String flag, String text) {
        return resolve(Spec.parse(flag, text));
    }

    private String validNames() {
        return entries.isEmpty() ? "(none registered yet; see cli/README.md, section Wiring)"
                : String.join(", ", entries.keySet());
    }

    public List<Entry<F>> entries() {
        return new ArrayList<>(entries.values());
    }

    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    public String kind() {
        return kind;
    }

    /** Ordered key/default pairs: {@code params("lr", 1e-3, "momentum", 0.0)}. */
    public static Map<String, Object> params(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("Catalog.params: odd number of arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}

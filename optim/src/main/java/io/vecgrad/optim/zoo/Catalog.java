package io.vecgrad.optim.zoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listing behind a registry of named entry points ({@link SolverRegistry},
 * {@code optim.particles.SamplerRegistry}): unique names in registration order, and lookups that
 * list the known names when one is missing.
 *
 * <pre>{@code
 * Catalog samplers = new Catalog("SamplerRegistry", "sampler");
 * samplers.add("svgd", "sampler", "baseline", "Stein variational gradient descent", "io.vecgrad.optim.particles.Svgd#run");
 * SolverRegistry.Entry e = samplers.get("svgd");
 * }</pre>
 */
public final class Catalog {
    private final String owner;
    private final String kind;
    private final Map<String, SolverRegistry.Entry> entries = new LinkedHashMap<>();

    /**
     * @param owner the registry's name, for messages
     * @param kind  what one entry is ("solver", "sampler"), for messages
     */
    public Catalog(String owner, String kind) {
        this.owner = owner;
        this.kind = kind;
    }

    /** Adds an entry; names are unique. */
    public void add(String name, String family, String papers, String doc, String entryPoint) {
        if (entries.putIfAbsent(name, new SolverRegistry.Entry(name, family, papers, doc, entryPoint)) != null) {
            throw new IllegalStateException(owner + ": duplicate " + kind + " name " + name);
        }
    }

    /** Every entry, in registration order. */
    public List<SolverRegistry.Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public SolverRegistry.Entry get(String name) {
        SolverRegistry.Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }
}

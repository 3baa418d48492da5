package io.vecgrad.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity half of an {@link Experiment} (id, papers, description, defaults), so a
 * reproduction only writes its claim, threshold and {@code run}.
 *
 * <pre>{@code
 * final class P99Example extends PaperExperiment {
 *     P99Example() { super("p99-example", List.of("P99"), "what it checks", Experiments.params("epochs", 10)); }
 *     public String claim() { ... }  public String threshold() { ... }  public ExperimentResult run(...) { ... }
 * }
 * }</pre>
 */
public abstract class PaperExperiment implements Experiment {
    private final String id;
    private final List<String> papers;
    private final String description;
    private final Map<String, Object> defaults;

    protected PaperExperiment(String id, List<String> papers, String description, Map<String, ?> defaults) {
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("experiment id must be lower-case letters, digits, '.', '_' or '-': " + id);
        }
        this.id = id;
        this.papers = List.copyOf(papers);
        this.description = description;
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<String> papers() {
        return papers;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Map<String, Object> defaults() {
        return defaults;
    }
}

package io.vecgrad.cli.bench;

import io.vecgrad.tensor.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code reference.py --json} output: an array of {name, value, unit, system, threads}. */
public final class ReferenceResults {
    private ReferenceResults() {}

    public static List<Measurement> parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("ReferenceResults.parse: expected a JSON array");
        }
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> r) || !(r.get("name") instanceof String name)
                    || !(r.get("value") instanceof Number v) || !(r.get("unit") instanceof String unit)) {
                throw new IllegalArgumentException("ReferenceResults.parse: entry " + i + " lacks name, value or unit");
            }
            out.add(new Measurement(name, v.doubleValue(), unit));
        }
        return out;
    }
}

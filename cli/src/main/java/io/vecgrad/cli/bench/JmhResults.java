package io.vecgrad.cli.bench;

import io.vecgrad.tensor.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's {@code -rf json} output into workload measurements (name via
 * {@link WorkloadNames}, value converted by {@link Workloads}).
 */
public final class JmhResults {
    private JmhResults() {}

    /** @throws IllegalArgumentException naming the entry that lacks a field JMH always writes */
    public static List<Measurement> parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("JmhResults.parse: expected a JSON array of benchmark results");
        }
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> r) || !(r.get("benchmark") instanceof String bench)
                    || !(r.get("primaryMetric") instanceof Map<?, ?> pm) || !(pm.get("score") instanceof Number score)
                    || !(pm.get("scoreUnit") instanceof String unit)) {
                throw new IllegalArgumentException("JmhResults.parse: entry " + i
                        + " lacks benchmark, primaryMetric.score or primaryMetric.scoreUnit");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            String name = WorkloadNames.of(bench, params);
            String target = Workloads.find(name).map(Workloads.Family::unit).orElse(unit);
            out.add(new Measurement(name, Workloads.convert(name, score.doubleValue(), unit), target));
        }
        return out;
    }
}

package io.vecgrad.cli.bench;

import io.vecgrad.tensor.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's {@code -rf json} output into workload measurements (name via
 * {@link WorkloadNames}, value converted by {@link Workloads}).
 *
 * <p>The figure of a sample-mode result ({@code "mode": "sample"}) is its median time per call,
 * JMH's {@code scorePercentiles."50.0"}: the statistic of reference.py's {@code median_time},
 * so that both columns of the bench table are medians of timed calls. The workload benchmarks
 * run in sample mode for that reason; a JMH mean over whole iterations also carries every burst
 * of load on a shared machine, which the reference's median does not. Other modes give
 * {@code primaryMetric.score} (JMH's mean; a single shot's for the epoch).
 *
 * <pre>{@code
 * List<Measurement> ours = JmhResults.parse(Files.readString(runDir.resolve("jmh-step-mlp-r1.json")));
 * }</pre>
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
            double figure = "sample".equals(r.get("mode")) ? median(pm, i, bench) : score.doubleValue();
            out.add(new Measurement(name, Workloads.convert(name, figure, unit), target));
        }
        return out;
    }

    /** The median of a sample-mode result: its 50th percentile. */
    private static double median(Map<?, ?> primaryMetric, int entry, String bench) {
        if (primaryMetric.get("scorePercentiles") instanceof Map<?, ?> p && p.get("50.0") instanceof Number median) {
            return median.doubleValue();
        }
        throw new IllegalArgumentException("JmhResults.parse: entry " + entry + " (" + bench
                + ") is a sample-mode result without primaryMetric.scorePercentiles.\"50.0\"");
    }
}

package io.vecgrad.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code java -jar benchmarks.jar -lp}: benchmark names, each followed by lines
 * {@code   param "n" = {64, 128}}; expands every benchmark to its parameter combinations.
 */
public final class JmhListing {
    /** One runnable JMH configuration and the workload it measures. */
    public record Case(String benchmark, Map<String, String> params, String workload) {}

    private JmhListing() {}

    public static List<Case> parse(String listing) {
        Map<String, Map<String, List<String>>> benches = new LinkedHashMap<>();
        String current = null;
        for (String line : listing.split("\\R")) {
            if (line.isBlank() || line.startsWith("Benchmarks:")) {
                continue;
            }
            String t = line.trim();
            if (line.startsWith(" ") && t.startsWith("param ") && current != null) {
                int q1 = t.indexOf('"');
                int q2 = t.indexOf('"', q1 + 1);
                int b1 = t.indexOf('{');
                int b2 = t.lastIndexOf('}');
                if (q1 < 0 || q2 < 0 || b1 < 0 || b2 < b1) {
                    throw new IllegalArgumentException("JmhListing.parse: cannot read parameter line '" + t + "'");
                }
                List<String> values = new ArrayList<>();
                for (String v : t.substring(b1 + 1, b2).split(",")) {
                    if (!v.isBlank()) {
                        values.add(v.trim());
                    }
                }
                benches.get(current).put(t.substring(q1 + 1, q2), values);
            } else if (!line.startsWith(" ") && t.matches("[\\w.$]+")) {
                current = t;
                benches.put(current, new LinkedHashMap<>());
            }
        }
        List<Case> out = new ArrayList<>();
        benches.forEach((bench, params) -> expand(bench, new ArrayList<>(params.entrySet()), 0,
                new LinkedHashMap<>(), out));
        return out;
    }

    private static void expand(String bench, List<Map.Entry<String, List<String>>> params, int i,
            Map<String, String> chosen, List<Case> out) {
        if (i == params.size()) {
            Map<String, String> p = new LinkedHashMap<>(chosen);
            out.add(new Case(bench, p, WorkloadNames.of(bench, p)));
            return;
        }
        for (String v : params.get(i).getValue()) {
            chosen.put(params.get(i).getKey(), v);
            expand(bench, params, i + 1, chosen, out);
        }
        chosen.remove(params.get(i).getKey());
    }
}

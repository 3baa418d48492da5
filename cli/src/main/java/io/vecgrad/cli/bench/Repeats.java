package io.vecgrad.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of one side (vecgrad or the reference) over the repeats of {@code vecgrad bench
 * --repeat N}: per workload the median, the minimum and the maximum of the repeats that measured
 * it. The median is what the table compares (a single slow repeat cannot move it); the range
 * shows the noise instead of hiding it.
 *
 * <pre>{@code
 * Repeats r = Repeats.of(List.of(run1, run2, run3));     // each run: List<Measurement>
 * Repeats.Spread s = r.get("step-mlp");                   // median 1.21, min 1.18, max 1.40, n 3
 * }</pre>
 */
public final class Repeats {
    /**
     * @param median the middle value (mean of the two middle ones for an even count)
     * @param count how many repeats measured the workload
     */
    public record Spread(String name, String unit, double median, double min, double max, int count) {
        /** The median as a single measurement. */
        public Measurement asMeasurement() {
            return new Measurement(name, median, unit);
        }
    }

    private final Map<String, Spread> spreads;

    private Repeats(Map<String, Spread> spreads) {
        this.spreads = spreads;
    }

    /** Summarizes the runs, keeping first-seen name order. */
    public static Repeats of(List<List<Measurement>> runs) {
        Map<String, List<Measurement>> byName = new LinkedHashMap<>();
        for (List<Measurement> run : runs) {
            for (Measurement m : run) byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        }
        Map<String, Spread> out = new LinkedHashMap<>();
        byName.forEach((name, ms) -> {
            double[] v = ms.stream().mapToDouble(Measurement::value).sorted().toArray();
            out.put(name, new Spread(name, ms.get(0).unit(), median(v), v[0], v[v.length - 1], v.length));
        });
        return new Repeats(out);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) throw new IllegalArgumentException("Repeats.median: no values");
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The spread of {@code name}, or null when no repeat measured it. */
    public Spread get(String name) {
        return spreads.get(name);
    }

    /** The medians, one measurement per workload. */
    public List<Measurement> medians() {
        List<Measurement> out = new ArrayList<>();
        spreads.values().forEach(s -> out.add(s.asMeasurement()));
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(spreads.values().toArray());
    }
}

package io.vecgrad.cli.bench;

import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side table of {@code vecgrad bench}: workload, vecgrad, reference, unit, ratio,
 * as terminal text, markdown and JSON.
 *
 * <pre>{@code
 * BenchTable t = BenchTable.join(order, jmhMeasurements, referenceMeasurements);
 * System.out.println(t.toJson());   // [{"name": "gemm-256-t1", "vecgrad": 40.1, ...}]
 * }</pre>
 */
public final class BenchTable {
    private final List<BenchRow> rows;

    public BenchTable(List<BenchRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * One row per name in {@code order} (then any measured name not in it), skipping names
     * neither side measured.
     */
    public static BenchTable join(List<String> order, List<Measurement> ours, List<Measurement> reference) {
        Map<String, Measurement> a = index(ours);
        Map<String, Measurement> b = index(reference);
        Set<String> names = new LinkedHashSet<>(order);
        names.addAll(a.keySet());
        names.addAll(b.keySet());
        List<BenchRow> rows = new ArrayList<>();
        for (String n : names) {
            if (a.containsKey(n) || b.containsKey(n)) {
                rows.add(BenchRow.of(n, a.get(n), b.get(n)));
            }
        }
        return new BenchTable(rows);
    }

    /**
     * One row per name as {@link #join(List, List, List)}, from the repeats of both sides: the
     * figures are medians, the ratio compares medians, and the rows carry each side's range.
     */
    public static BenchTable join(List<String> order, Repeats ours, Repeats reference) {
        Set<String> names = new LinkedHashSet<>(order);
        ours.medians().forEach(m -> names.add(m.name()));
        reference.medians().forEach(m -> names.add(m.name()));
        List<BenchRow> rows = new ArrayList<>();
        for (String n : names) {
            if (ours.get(n) != null || reference.get(n) != null) {
                rows.add(BenchRow.of(n, ours.get(n), reference.get(n)));
            }
        }
        return new BenchTable(rows);
    }

    private static Map<String, Measurement> index(List<Measurement> ms) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        ms.forEach(x -> m.put(x.name(), x));
        return m;
    }

    public List<BenchRow> rows() {
        return rows;
    }

    /**
     * A JSON array of objects with keys name, vecgrad, reference, unit, ratio, and each side's
     * range over repeats: vecgradMin, vecgradMax, referenceMin, referenceMax (equal to the
     * figure for a single run), repeats (the larger count of the two sides); null when missing.
     */
    public String toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BenchRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("vecgrad", r.vecgrad());
            m.put("reference", r.reference());
            m.put("unit", r.unit());
            m.put("ratio", r.ratio());
            m.put("vecgradMin", r.vecgradMin());
            m.put("vecgradMax", r.vecgradMax());
            m.put("referenceMin", r.referenceMin());
            m.put("referenceMax", r.referenceMax());
            m.put("repeats", Math.max(r.vecgradSpread() == null ? 1 : r.vecgradSpread().count(),
                    r.referenceSpread() == null ? 1 : r.referenceSpread().count()));
            out.add(m);
        }
        return Json.writePretty(out);
    }

    public Table table() {
        Table t = new Table("workload", "vecgrad", "reference", "unit", "ratio");
        for (BenchRow r : rows) {
            t.row(r.name(), withRange(r.vecgrad(), r.vecgradSpread()), withRange(r.reference(), r.referenceSpread()), r.unit(),
                    r.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()));
        }
        return t;
    }

    public String toText() {
        return table().toText();
    }

    /** Markdown with a one-line legend for the ratio, then the {@link #scaling} lines. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder(table().toMarkdown() + "\nratio > 1: vecgrad is better (reference/vecgrad for times, "
                + "vecgrad/reference for throughputs). With repeats: median (min–max), ratio of the medians.\n");
        List<String> scaling = scaling();
        if (!scaling.isEmpty()) {
            sb.append('\n');
            scaling.forEach(l -> sb.append("- ").append(l).append('\n'));
        }
        return sb.toString();
    }

    /**
     * One line per time workload X measured by vecgrad both as X and as X-t2: its 1 → 2 thread
     * speed-up {@code X / X-t2}; with an {@code X-x2} row (two one-thread copies at once) also the
     * machine's ceiling {@code 2·X / X-x2} and the share of it reached; with both reference rows,
     * the reference's speed-up. From the medians, so all figures come from the same run:
     * {@code step-lenet 1 → 2 threads: 1.64× (machine ceiling 1.91×, share 0.86); reference 0.98×}.
     */
    public List<String> scaling() {
        Map<String, BenchRow> byName = new LinkedHashMap<>();
        rows.forEach(r -> byName.put(r.name(), r));
        List<String> out = new ArrayList<>();
        for (BenchRow one : rows) {
            BenchRow two = byName.get(one.name() + "-t2"), copies = byName.get(one.name() + "-x2");
            if (two == null || one.vecgrad() == null || two.vecgrad() == null || Workloads.isThroughput(one.unit())) {
                continue;
            }
            double speedup = one.vecgrad() / two.vecgrad();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s 1 → 2 threads: %.2f×", one.name(), speedup));
            if (copies != null && copies.vecgrad() != null) {
                double ceiling = 2 * one.vecgrad() / copies.vecgrad();
                line.append(String.format(Locale.ROOT, " (machine ceiling %.2f×, share %.2f)", ceiling, speedup / ceiling));
            }
            if (one.reference() != null && two.reference() != null) {
                line.append(String.format(Locale.ROOT, "; reference %.2f×", one.reference() / two.reference()));
            }
            out.add(line.toString());
        }
        return out;
    }

    /** The figure, and with several repeats its range: {@code 1.210 (1.180–1.400)}. */
    static String withRange(Double v, Repeats.Spread s) {
        if (s == null || s.count() < 2) {
            return num(v);
        }
        return num(v) + " (" + num(s.min()) + "–" + num(s.max()) + ")";
    }

    static String num(Double v) {
        if (v == null) {
            return "—";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4g", v);
    }
}

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

    private static Map<String, Measurement> index(List<Measurement> ms) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        ms.forEach(x -> m.put(x.name(), x));
        return m;
    }

    public List<BenchRow> rows() {
        return rows;
    }

    /** A JSON array of objects with keys name, vecgrad, reference, unit, ratio (null when missing). */
    public String toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BenchRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("vecgrad", r.vecgrad());
            m.put("reference", r.reference());
            m.put("unit", r.unit());
            m.put("ratio", r.ratio());
            out.add(m);
        }
        return Json.writePretty(out);
    }

    public Table table() {
        Table t = new Table("workload", "vecgrad", "reference", "unit", "ratio");
        for (BenchRow r : rows) {
            t.row(r.name(), num(r.vecgrad()), num(r.reference()), r.unit(),
                    r.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()));
        }
        return t;
    }

    public String toText() {
        return table().toText();
    }

    /** Markdown with a one-line legend for the ratio. */
    public String toMarkdown() {
        return table().toMarkdown() + "\nratio > 1: vecgrad is better (reference/vecgrad for times, "
                + "vecgrad/reference for throughputs).\n";
    }

    static String num(Double v) {
        if (v == null) {
            return "—";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4g", v);
    }
}

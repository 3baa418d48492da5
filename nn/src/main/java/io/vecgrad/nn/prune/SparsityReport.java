package io.vecgrad.nn.prune;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-layer and total counts of non-zero weights of a (pruned) model's state dict: the
 * pruning workflow's report, as a text table or JSON for the run folder. Only tensors whose
 * name ends in {@code weight} are counted (biases and norm statistics are not pruned).
 *
 * <pre>{@code
 * SparsityReport r = SparsityReport.of(Pruning.exportStateDict(gated));
 * r.nonZeroFraction();          // e.g. 0.08 for 92 % sparsity
 * String table = r.toText();    // layer, weights, non-zero, fraction
 * String json = r.toJson();     // {"layers":[...],"total":{...}}
 * }</pre>
 */
public record SparsityReport(List<Row> layers) {
    /** One weight tensor: its name, number of weights and non-zero weights. */
    public record Row(String name, long weights, long nonZero) {
        public double fraction() {
            return weights == 0 ? 0 : (double) nonZero / weights;
        }
    }

    public SparsityReport {
        layers = List.copyOf(layers);
    }

    /** Counts the non-zeros of every {@code *weight} tensor of {@code state}, in its order. */
    public static SparsityReport of(Map<String, Tensor> state) {
        List<Row> rows = new ArrayList<>();
        state.forEach((name, t) -> {
            if (!name.endsWith("weight")) return;
            double[] v = t.toDoubleArray();
            long nz = 0;
            for (double d : v) if (d != 0) nz++;
            rows.add(new Row(name, v.length, nz));
        });
        return new SparsityReport(rows);
    }

    public long totalWeights() {
        return layers.stream().mapToLong(Row::weights).sum();
    }

    public long totalNonZero() {
        return layers.stream().mapToLong(Row::nonZero).sum();
    }

    /** Non-zero weights over all weights (1 − sparsity). */
    public double nonZeroFraction() {
        long t = totalWeights();
        return t == 0 ? 0 : (double) totalNonZero() / t;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %10s %10s %9s%n", "layer", "weights", "non-zero", "fraction"));
        for (Row r : layers) sb.append(String.format(Locale.ROOT, "%-24s %10d %10d %9.4f%n", r.name(), r.weights(), r.nonZero(), r.fraction()));
        sb.append(String.format(Locale.ROOT, "%-24s %10d %10d %9.4f%n", "total", totalWeights(), totalNonZero(), nonZeroFraction()));
        return sb.toString();
    }

    public String toJson() {
        List<Object> rows = new ArrayList<>();
        for (Row r : layers) rows.add(entry(r.name(), r.weights(), r.nonZero(), r.fraction()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", rows);
        m.put("total", entry("total", totalWeights(), totalNonZero(), nonZeroFraction()));
        return Json.writePretty(m);
    }

    private static Map<String, Object> entry(String name, long weights, long nonZero, double fraction) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("weights", weights);
        e.put("non_zero", nonZero);
        e.put("fraction", fraction);
        return e;
    }
}

package io.vecgrad.cli.bench;

/**
 * One line of the side-by-side table.
 *
 * @param name workload name
 * @param vecgrad our figure (the median over repeats), or null when not measured
 * @param reference PyTorch's figure from the same session (the median over repeats), or null
 * @param unit the workload's unit
 * @param ratio greater than 1 when vecgrad is better (reference/vecgrad for times,
 *     vecgrad/reference for throughputs), or null without both figures
 * @param vecgradSpread our repeats (median, min, max), or null for a single run
 * @param referenceSpread the reference's repeats, or null for a single run
 */
public record BenchRow(String name, Double vecgrad, Double reference, String unit, Double ratio,
                       Repeats.Spread vecgradSpread, Repeats.Spread referenceSpread) {

    /** A row of single-run figures. */
    public BenchRow(String name, Double vecgrad, Double reference, String unit, Double ratio) {
        this(name, vecgrad, reference, unit, ratio, null, null);
    }

    /** Joins two figures of one workload. */
    public static BenchRow of(String name, Measurement ours, Measurement ref) {
        return of(name, ours, ref, null, null);
    }

    /** Joins the repeats of one workload: the ratio compares the medians. */
    public static BenchRow of(String name, Repeats.Spread ours, Repeats.Spread ref) {
        return of(name, ours == null ? null : ours.asMeasurement(), ref == null ? null : ref.asMeasurement(), ours, ref);
    }

    private static BenchRow of(String name, Measurement ours, Measurement ref, Repeats.Spread os, Repeats.Spread rs) {
        String unit = ours != null ? ours.unit() : ref != null ? ref.unit() : "";
        Double v = ours == null ? null : ours.value();
        Double r = ref == null ? null : ref.value();
        Double ratio = null;
        boolean comparable = ours != null && ref != null && ours.unit().equals(ref.unit()) && v > 0 && r > 0;
        if (comparable) {
            ratio = Workloads.isThroughput(unit) ? v / r : r / v;
        }
        return new BenchRow(name, v, r, unit, ratio, os, rs);
    }

    /** The smallest of our repeats (our single figure without repeats), or null. */
    public Double vecgradMin() {
        return vecgradSpread != null ? Double.valueOf(vecgradSpread.min()) : vecgrad;
    }

    /** The largest of our repeats (our single figure without repeats), or null. */
    public Double vecgradMax() {
        return vecgradSpread != null ? Double.valueOf(vecgradSpread.max()) : vecgrad;
    }

    /** The smallest of the reference's repeats (its single figure without repeats), or null. */
    public Double referenceMin() {
        return referenceSpread != null ? Double.valueOf(referenceSpread.min()) : reference;
    }

    /** The largest of the reference's repeats (its single figure without repeats), or null. */
    public Double referenceMax() {
        return referenceSpread != null ? Double.valueOf(referenceSpread.max()) : reference;
    }
}

package io.vecgrad.cli.bench;

/**
 * One line of the side-by-side table.
 *
 * @param name workload name
 * @param vecgrad our figure, or null when not measured
 * @param reference PyTorch's figure from the same session, or null
 * @param unit the workload's unit
 * @param ratio greater than 1 when vecgrad is better (reference/vecgrad for times,
 *     vecgrad/reference for throughputs), or null without both figures
 */
public record BenchRow(String name, Double vecgrad, Double reference, String unit, Double ratio) {

    /** Joins two figures of one workload. */
    public static BenchRow of(String name, Measurement ours, Measurement ref) {
        String unit = ours != null ? ours.unit() : ref != null ? ref.unit() : "";
        Double v = ours == null ? null : ours.value();
        Double r = ref == null ? null : ref.value();
        Double ratio = null;
        boolean comparable = ours != null && ref != null && ours.unit().equals(ref.unit()) && v > 0 && r > 0;
        if (comparable) {
            ratio = Workloads.isThroughput(unit) ? v / r : r / v;
        }
        return new BenchRow(name, v, r, unit, ratio);
    }
}

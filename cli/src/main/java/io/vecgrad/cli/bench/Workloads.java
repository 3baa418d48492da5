package io.vecgrad.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workloads of shared/bench/WORKLOADS.md: each name's unit and, for throughput units, the
 * work one operation does (flops for GFLOP/s, bytes for GB/s), so a JMH score in time per op
 * or ops per time converts to the unit the PyTorch reference prints. One line per workload
 * family; add a line here when WORKLOADS.md grows. One family is vecgrad's own:
 * {@code step-lenet-x2} and {@code step-transformer-x2}, two one-thread copies of the step at
 * once (the machine's ceiling for the {@code -t2} rows), which the reference does not run.
 *
 * <pre>{@code
 * Workloads.find("gemm-256-t1").get().unit();            // "GFLOP/s"
 * Workloads.convert("gemm-256-t1", 150.0, "us/op");      // 2*256^3 / 150e-6 / 1e9 = 223.7
 * }</pre>
 */
public final class Workloads {
    /** A family of workload names with one unit. */
    public record Family(Pattern pattern, String unit, ToDoubleFunction<Matcher> workPerOp, List<String> names) {}

    private static final List<Family> FAMILIES = new ArrayList<>();

    static {
        List<String> gemm = new ArrayList<>();
        for (int t : new int[] {1, 2}) {
            for (int n : new int[] {64, 128, 256, 512, 1024}) {
                gemm.add("gemm-" + n + "-t" + t);
            }
        }
        family("gemm-(\\d+)-t(\\d+)", "GFLOP/s", m -> 2 * Math.pow(Double.parseDouble(m.group(1)), 3), gemm);
        family("gemm-(\\d+)-numpy", "GFLOP/s", m -> 2 * Math.pow(Double.parseDouble(m.group(1)), 3),
                List.of("gemm-256-numpy", "gemm-1024-numpy"));
        family("gemm-mlp", "GFLOP/s", m -> 2.0 * 64 * 784 * 256, List.of("gemm-mlp"));
        family("add-1k", "ns", null, List.of("add-1k"));
        family("sum-1m", "GB/s", m -> 4.0 * (1 << 20), List.of("sum-1m"));
        family("conv-lenet[12]", "ms", null, List.of("conv-lenet1", "conv-lenet2"));
        family("step-tiny|step-mlp", "us", null, List.of("step-tiny", "step-mlp"));
        family("step-lenet|step-transformer|hvp-mlp", "ms", null, List.of("step-lenet", "step-transformer", "hvp-mlp"));
        family("optim-adam-1m", "us", null, List.of("optim-adam-1m"));
        family("step-lenet-t2|step-transformer-t2", "ms", null, List.of("step-lenet-t2", "step-transformer-t2"));
        // Not in WORKLOADS.md (no reference figure): two one-thread copies at once, the machine's
        // ceiling for the -t2 rows (benchmarks' StepBenchX2).
        family("step-lenet-x2|step-transformer-x2", "ms", null, List.of("step-lenet-x2", "step-transformer-x2"));
        // Wave 2: linear algebra, solvers, implicit differentiation (float64); end to end.
        family("chol-512|solve-512|eigh-256|svd-256|qr-512x256|expm-128", "ms", null,
                List.of("chol-512", "solve-512", "eigh-256", "svd-256", "qr-512x256", "expm-128"));
        family("hypergrad-logreg|lanczos-mlp|lasso-cd", "ms", null,
                List.of("hypergrad-logreg", "lanczos-mlp", "lasso-cd"));
        family("epoch-lenet-fmnist", "s", null, List.of("epoch-lenet-fmnist"));
    }

    private Workloads() {}

    private static void family(String regex, String unit, ToDoubleFunction<Matcher> work, List<String> names) {
        FAMILIES.add(new Family(Pattern.compile(regex), unit, work, names));
    }

    /** Every workload name WORKLOADS.md defines, in its order, then the {@code -x2} rows (see the class doc). */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        FAMILIES.forEach(f -> out.addAll(f.names()));
        return out;
    }

    public static Optional<Family> find(String name) {
        return FAMILIES.stream().filter(f -> f.pattern().matcher(name).matches()).findFirst();
    }

    /** True for units where larger is better. */
    public static boolean isThroughput(String unit) {
        return unit.endsWith("/s");
    }

    /**
     * Converts a JMH score to the workload's unit.
     *
     * @param jmhUnit JMH's scoreUnit: {@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}
     *     or {@code ops/ns} ... {@code ops/s}
     * @return the value in {@code find(name).unit()}, or the score unchanged for an unknown name
     * @throws IllegalArgumentException for a unit JMH does not produce
     */
    public static double convert(String name, double score, String jmhUnit) {
        Optional<Family> f = find(name);
        if (f.isEmpty()) {
            return score;
        }
        double secondsPerOp;
        if (jmhUnit.endsWith("/op")) {
            secondsPerOp = score * seconds(jmhUnit.substring(0, jmhUnit.length() - 3), jmhUnit);
        } else if (jmhUnit.startsWith("ops/")) {
            secondsPerOp = seconds(jmhUnit.substring(4), jmhUnit) / score;
        } else {
            throw new IllegalArgumentException("Workloads.convert: unknown JMH unit '" + jmhUnit + "' for " + name);
        }
        String unit = f.get().unit();
        if (isThroughput(unit)) {
            Matcher m = f.get().pattern().matcher(name);
            m.matches();
            return f.get().workPerOp().applyAsDouble(m) / secondsPerOp / 1e9;
        }
        return secondsPerOp / seconds(unit, unit);
    }

    private static double seconds(String timeUnit, String context) {
        return switch (timeUnit.toLowerCase(Locale.ROOT)) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1.0;
            case "min" -> 60.0;
            default -> throw new IllegalArgumentException("Workloads: unknown time unit '" + timeUnit + "' in " + context);
        };
    }
}

package io.vecgrad.cli.bench;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a JMH benchmark (method plus parameter values) maps to a workload name of
 * WORKLOADS.md. The rules, in order (documented in cli/README.md):
 * <ol>
 *   <li>a {@code @Param String workload} holds the name itself, e.g. {@code "gemm-256-t1"};</li>
 *   <li>else an entry of {@link #TEMPLATES} for the method's simple name, with {@code {param}}
 *       placeholders, e.g. {@code gemm -> gemm-{n}-t{threads}};</li>
 *   <li>else the method name with '_' turned into '-': {@code step_mlp -> step-mlp},
 *       {@code optim_adam_1m -> optim-adam-1m}.</li>
 * </ol>
 *
 * <pre>{@code
 * WorkloadNames.of("io.vecgrad.benchmarks.StepBench.step_mlp", Map.of());   // "step-mlp"
 * }</pre>
 */
public final class WorkloadNames {
    /** Method simple name → name template. Add a line for a parameterized family without a workload param. */
    static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("square", "gemm-{n}-t{threads}"),
            Map.entry("mlp", "gemm-mlp"),
            Map.entry("convLenet1", "conv-lenet1"),
            Map.entry("convLenet2", "conv-lenet2"),
            Map.entry("stepTiny", "step-tiny"),
            Map.entry("stepMlp", "step-mlp"),
            Map.entry("stepLenet", "step-lenet"),
            Map.entry("stepTransformer", "step-transformer"),
            Map.entry("hvpMlp", "hvp-mlp"),
            Map.entry("adam1m", "optim-adam-1m"),
            Map.entry("lanczosMlp", "lanczos-mlp"),
            Map.entry("hypergradLogregCg", "hypergrad-logreg"),
            Map.entry("chol512", "chol-512"),
            Map.entry("solve512", "solve-512"),
            Map.entry("eigh256", "eigh-256"),
            Map.entry("svd256", "svd-256"),
            Map.entry("qr512x256", "qr-512x256"),
            Map.entry("expm128", "expm-128"),
            Map.entry("epochLenetFmnist", "epoch-lenet-fmnist"),
            Map.entry("lassoCd", "lasso-cd"));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private WorkloadNames() {}

    /**
     * @param benchmark JMH's fully qualified benchmark name, {@code package.Class.method}
     * @param params the run's parameter values
     * @throws IllegalArgumentException when a template names a parameter the benchmark lacks
     */
    public static String of(String benchmark, Map<String, String> params) {
        return of(benchmark, params, TEMPLATES);
    }

    static String of(String benchmark, Map<String, String> params, Map<String, String> templates) {
        String workload = params.get("workload");
        if (workload != null) {
            return workload;
        }
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String template = templates.get(method);
        if (template == null) {
            return method.replace('_', '-');
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = params.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("WorkloadNames: template '" + template + "' of " + benchmark
                        + " needs @Param " + m.group(1) + "; the benchmark has " + params.keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

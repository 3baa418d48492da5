package io.vecgrad.cli.command;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.optim.zoo.OptimizerRegistry;
import io.vecgrad.distributed.MethodRegistry;
import io.vecgrad.distributed.pekko.NodeOptions;
import io.vecgrad.optim.zoo.SolverRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vecgrad list}: every registered name with its parameters and defaults; optimizers are
 * printed from optim's {@link OptimizerRegistry} with their paper IDs and one line per key.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List what the command line knows: optimizers, schedules, models, datasets, experiments, solvers, distributed methods, particle samplers.",
        footer = {"", "Example:", "  vecgrad list optimizers"})
public final class ListCommand implements Callable<Integer> {
    static final List<String> KINDS = List.of("optimizers", "schedules", "models", "datasets", "experiments", "solvers", "distributed", "samplers");
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "WHAT", completionCandidates = Kinds.class,
            description = "One of: ${COMPLETION-CANDIDATES}. Default: all of them.")
    String what;

    public ListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Completion candidates for picocli's help text. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return KINDS.iterator();
        }
    }

    @Override
    public Integer call() {
        if (what != null && !KINDS.contains(what)) {
            throw new ParameterException(spec.commandLine(), "list: unknown kind '" + what + "'; valid: "
                    + String.join(", ", KINDS));
        }
        Registries r = ctx.registries();
        for (String kind : KINDS) {
            if (what != null && !what.equals(kind)) {
                continue;
            }
            switch (kind) {
                case "optimizers" -> printOptimizers();
                case "solvers" -> printSolvers();
                case "distributed" -> printDistributed();
                case "samplers" -> printRegistry("samplers", io.vecgrad.optim.particles.SamplerRegistry.all());
                case "schedules" -> print(kind, r.schedules());
                case "models" -> print(kind, r.models());
                case "datasets" -> print(kind, r.datasets());
                default -> print(kind, r.experiments());
            }
        }
        return 0;
    }

    /** Optimizers come from optim's registry: usage, description with paper IDs, and one line per key. */
    private void printOptimizers() {
        ctx.out().println("optimizers:");
        for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
            if (!ctx.registries().optimizers().names().contains(e.name())) {
                continue;
            }
            ctx.out().println("  " + e.name() + "  [" + e.papers() + "]");
            ctx.out().println("      " + e.doc());
            for (OptimizerRegistry.Key k : e.keys()) {
                ctx.out().println(String.format(java.util.Locale.ROOT, "      %-22s %s", k.name() + "=" + k.defaultValue(), k.doc()));
            }
        }
        for (Catalog.Entry<?> e : ctx.registries().optimizers().entries()) {
            if (OptimizerRegistry.all().stream().noneMatch(x -> x.name().equals(e.name()))) {
                ctx.out().println("  " + usage(e));
                ctx.out().println("      " + e.description());
            }
        }
        ctx.out().println();
    }

    /** Solvers come from optim's {@link SolverRegistry}: name, family and papers, description, Java entry point. */
    private void printSolvers() {
        printRegistry("solvers", SolverRegistry.all());
    }

    /**
     * Distributed methods come from {@link MethodRegistry}: name, family and papers, description, Java
     * entry point, and the command that runs it across worker JVMs where {@code vecgrad cluster} can.
     */
    private void printDistributed() {
        ctx.out().println("distributed:");
        for (SolverRegistry.Entry e : MethodRegistry.entries()) {
            ctx.out().println("  " + e.name() + "  (" + e.family() + ") [" + e.papers() + "]");
            ctx.out().println("      " + e.doc());
            ctx.out().println("      java: " + e.entryPoint());
            if (NodeOptions.METHODS.contains(e.name())) {
                ctx.out().println("      cluster: vecgrad cluster --method " + e.name());
            }
        }
        ctx.out().println();
    }

    /** A registry of {@link SolverRegistry.Entry} rows (solvers, particle samplers): name, family and papers, description, Java entry point. */
    private void printRegistry(String kind, List<SolverRegistry.Entry> entries) {
        ctx.out().println(kind + ":");
        for (SolverRegistry.Entry e : entries) {
            ctx.out().println("  " + e.name() + "  (" + e.family() + ") [" + e.papers() + "]");
            ctx.out().println("      " + e.doc());
            ctx.out().println("      java: " + e.entryPoint());
        }
        ctx.out().println();
    }

    private void print(String kind, Catalog<?> reg) {
        ctx.out().println(kind + ":");
        if (reg.entries().isEmpty()) {
            ctx.out().println("  (none registered yet; see cli/README.md, section Wiring)");
        }
        for (Catalog.Entry<?> e : reg.entries()) {
            ctx.out().println("  " + usage(e));
            ctx.out().println("      " + e.description());
        }
        ctx.out().println();
    }

    static String usage(Catalog.Entry<?> e) {
        String pos = e.positionalKey() == null ? "" : e.positionalKey().toUpperCase(java.util.Locale.ROOT);
        String keys = e.defaults().entrySet().stream().filter(x -> !x.getKey().equals(e.positionalKey()))
                .map(ListCommand::pair).collect(Collectors.joining(","));
        String body = pos.isEmpty() ? keys : keys.isEmpty() ? pos : pos + "," + keys;
        return body.isEmpty() ? e.name() : e.name() + ":" + body;
    }

    private static String pair(Map.Entry<String, Object> x) {
        return x.getKey() + "=" + x.getValue();
    }
}

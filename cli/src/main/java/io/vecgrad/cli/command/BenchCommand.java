package io.vecgrad.cli.command;

import io.vecgrad.cli.bench.BenchRunner;
import io.vecgrad.cli.bench.BenchTable;
import io.vecgrad.cli.bench.JmhListing;
import io.vecgrad.cli.bench.Measurement;
import io.vecgrad.cli.bench.Repeats;
import io.vecgrad.cli.bench.Workloads;
import io.vecgrad.train.report.Environment;
import io.vecgrad.train.report.RunFolder;
import io.vecgrad.cli.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vecgrad bench}: JMH benchmarks and the PyTorch reference in one session, side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark vecgrad (JMH) against the PyTorch reference in one session, side by side.",
            "The reference (shared/bench/reference.py) runs when /usr/bin/python3 can import torch.",
            "ratio > 1 means vecgrad is better (reference/vecgrad for times, vecgrad/reference for throughputs).",
            "Writes runs/<time>-bench/ with bench.json, bench.md, the raw JMH and reference JSON and logs."},
        footer = {"", "Examples:", "  vecgrad bench --quick", "  vecgrad bench --only gemm-256-t1,step-mlp --json",
            "  vecgrad bench --only step-lenet,step-lenet-t2 --repeat 3"})
public final class BenchCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Workloads to run (names of WORKLOADS.md), comma-separated. Default: all.")
    List<String> only;

    @Option(names = "--quick", description = "Shorter JMH warm-up and measurement (whole run under five minutes).")
    boolean quick;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Run vecgrad and the reference N times each, interleaved (vecgrad, reference, vecgrad, ...); report the median and range per workload. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--jvm-args", paramLabel = "FLAGS",
            description = "Extra flags for the JMH forks, e.g. \"-Xms4g -XX:+AlwaysPreTouch\" for pre-touched figures. Default: none (the JVM's default heap, what library users get).")
    String jvmArgs;

    @Option(names = "--json", description = "Print only the JSON array (name, vecgrad, reference, unit, ratio) on stdout.")
    boolean json;

    @Option(names = "--reference", paramLabel = "FILE", description = "reference.py to run. Default: ../shared/bench/reference.py from the repository root (or the nearest shared/bench/reference.py above it).")
    Path reference;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE", description = "Python with torch. Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--no-reference", description = "Skip the PyTorch reference.")
    boolean noReference;

    @Option(names = "--jar", paramLabel = "FILE", description = "JMH jar. Default: benchmarks/target/benchmarks.jar (built with Maven when missing).")
    Path jar;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path runsDir;

    public BenchCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code ../shared/bench/reference.py} from the repository root, else the nearest
     * {@code shared/bench/reference.py} further up (git worktrees sit one level deeper).
     */
    static Path findReference(Path repoRoot) {
        Path first = repoRoot.resolve("../shared/bench/reference.py").normalize();
        for (Path p = repoRoot.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/bench/reference.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return first;
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new SpecException("--repeat: needs at least 1, got " + repeat);
        }
        Path jarFile = jar != null ? jar : ctx.repoRoot().resolve("benchmarks/target/benchmarks.jar");
        Path script = reference != null ? reference : findReference(ctx.repoRoot());
        RunFolder run = RunFolder.create(runsDir, "bench");
        ctx.err().println("run folder: " + run.dir());
        BenchRunner runner = new BenchRunner(run.dir(), ctx.err(), quick).jvmArgs(jvmArgs);
        runner.ensureJar(ctx.repoRoot(), jarFile);
        List<JmhListing.Case> cases = runner.list(jarFile);

        Set<String> valid = new LinkedHashSet<>(Workloads.names());
        cases.forEach(c -> valid.add(c.workload()));
        List<String> selected = new ArrayList<>();
        if (only == null || only.isEmpty()) {
            selected.addAll(valid);
        } else {
            for (String n : only) {
                String name = n.trim();
                if (!valid.contains(name)) {
                    throw new SpecException("--only: unknown workload '" + name + "'; valid: " + String.join(", ", valid));
                }
                selected.add(name);
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "bench");
        config.put("started", OffsetDateTime.now().toString());
        config.put("workloads", selected);
        config.put("quick", quick);
        config.put("repeat", repeat);
        config.put("jvmArgs", jvmArgs == null ? "" : jvmArgs);
        config.put("jar", jarFile.toString());
        config.put("reference", noReference ? null : script.toString());
        config.put("environment", Environment.describe(1, ctx.repoRoot()));
        run.writeJson("config.json", config);

        List<JmhListing.Case> todo = cases.stream().filter(c -> selected.contains(c.workload())).toList();
        if (todo.isEmpty()) {
            ctx.err().println("bench: no JMH benchmark measures the selected workloads yet");
        }
        boolean scriptFound = Files.isRegularFile(script);
        String blas = noReference || !scriptFound ? null : BenchRunner.referenceBlas(python); // null: no torch
        String refProblem = noReference ? "bench: reference skipped (--no-reference)"
                : !scriptFound ? "bench: no reference script at " + script + " (use --reference FILE); reference column left empty"
                : blas == null ? "bench: " + python + " cannot import torch; install python3-torch python3-numpy libopenblas0-pthread for the reference column"
                        + " (without OpenBLAS, Debian's torch multiplies matrices with the reference BLAS, about 20 times slower)"
                : null;
        if (refProblem == null && BenchRunner.onlyReferenceBlas(blas)) {
            ctx.err().println("bench: the reference's PyTorch runs on the unoptimized reference BLAS (libblas3); install"
                    + " libopenblas0-pthread, or its matrix products run about 20 times slower than PyTorch's usual speed");
        }
        if (refProblem != null) {
            ctx.err().println(refProblem);
        }
        List<List<Measurement>> oursRuns = new ArrayList<>(), refRuns = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
            BenchRunner rr = repeat == 1 ? runner : runner.forRepeat(r);
            String of = repeat == 1 ? "" : " (repeat " + r + "/" + repeat + ")";
            List<Measurement> ours = new ArrayList<>();
            for (int i = 0; i < todo.size(); i++) {
                JmhListing.Case c = todo.get(i);
                ctx.err().println("bench: [" + (i + 1) + "/" + todo.size() + "] " + c.workload() + " (" + c.benchmark() + ")" + of);
                ours.addAll(rr.runJmh(jarFile, c));
            }
            oursRuns.add(ours);
            if (refProblem == null) {
                refRuns.add(rr.runReference(python, script, selected));
            }
        }
        BenchTable table = BenchTable.join(selected, Repeats.of(oursRuns), Repeats.of(refRuns));
        run.writeText("bench.json", table.toJson() + "\n");
        run.writeText("bench.md", table.toMarkdown());
        if (json) {
            ctx.out().println(table.toJson());
        } else {
            ctx.out().println();
            ctx.out().print(table.toText());
            table.scaling().forEach(ctx.out()::println);
            ctx.out().println();
            ctx.out().println("ratio > 1: vecgrad is better. Table: " + run.resolve("bench.md").toAbsolutePath().normalize());
        }
        return 0;
    }
}

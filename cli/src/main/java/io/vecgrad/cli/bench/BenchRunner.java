package io.vecgrad.cli.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the two sides of {@code vecgrad bench} as child processes: the JMH jar (one JVM per
 * selected case, results as JMH JSON) and {@code reference.py} (one run per thread count).
 * Child output goes to log files in the run folder, never to stdout.
 */
public final class BenchRunner {
    private static final Pattern THREADS = Pattern.compile(".*-t(\\d+)");
    private final Path dir;
    private final PrintStream log;
    private final boolean quick;
    private final String tag;
    private String jvmArgs = "";

    /**
     * @param dir the run folder (receives jmh-*.json, reference-t*.json, jmh.log, reference.log)
     * @param log where progress lines go (stderr)
     */
    public BenchRunner(Path dir, PrintStream log, boolean quick) {
        this(dir, log, quick, "");
    }

    private BenchRunner(Path dir, PrintStream log, boolean quick, String tag) {
        this.dir = dir;
        this.log = log;
        this.quick = quick;
        this.tag = tag;
    }

    /**
     * Extra flags for the JMH forks, after {@code --add-modules=jdk.incubator.vector -Xss8m
     * -Dvecgrad.threads=1} (for example {@code -Xms4g -XX:+AlwaysPreTouch} for the pre-touched
     * figures); the default is none, so the forks measure what a library user's default JVM gets.
     * The forks start at one kernel thread because the reference runs PyTorch at one thread for
     * every row but the {@code -t2} ones, whose benchmarks set their own thread count.
     */
    public BenchRunner jvmArgs(String args) {
        this.jvmArgs = args == null ? "" : args.trim();
        return this;
    }

    /** The same runner writing repeat {@code r}'s result files ({@code jmh-NAME-rR.json}, {@code reference-tT-rR.json}). */
    public BenchRunner forRepeat(int r) {
        return new BenchRunner(dir, log, quick, "-r" + r).jvmArgs(jvmArgs);
    }

    /** Builds benchmarks.jar with Maven when it is missing. */
    public void ensureJar(Path repoRoot, Path jar) throws IOException, InterruptedException {
        if (Files.isRegularFile(jar)) {
            return;
        }
        log.println("bench: " + jar + " is missing; building it with `mvn -B -q -DskipTests package -pl benchmarks -am`");
        Process p = new ProcessBuilder("mvn", "-B", "-q", "-DskipTests", "package", "-pl", "benchmarks", "-am")
                .directory(repoRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("build.log").toFile())).start();
        if (p.waitFor() != 0 || !Files.isRegularFile(jar)) {
            throw new IOException("bench: building " + jar + " failed (exit " + p.exitValue()
                    + "); see " + dir.resolve("build.log"));
        }
    }

    /**
     * The cases the jar defines ({@code -lp}); empty, with a note, when the jar holds no
     * benchmarks yet or cannot list them (the reference column is still worth having).
     */
    public List<JmhListing.Case> list(Path jar) throws IOException, InterruptedException {
        Path out = dir.resolve("jmh-list.txt");
        int rc = run(List.of(java(), "--add-modules", "jdk.incubator.vector", "-jar", jar.toString(), "-lp"), out, 120);
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (rc != 0) {
            log.println(text.contains("/META-INF/BenchmarkList")
                    ? "bench: " + jar + " contains no JMH benchmarks yet"
                    : "bench: `java -jar " + jar + " -lp` failed (exit " + rc + "), see " + out);
            return List.of();
        }
        return JmhListing.parse(text);
    }

    /** Runs one case; null (with a note) when JMH fails. */
    public List<Measurement> runJmh(Path jar, JmhListing.Case c) throws IOException, InterruptedException {
        Path result = dir.resolve("jmh-" + c.workload().replaceAll("[^A-Za-z0-9._-]", "_") + tag + ".json");
        List<String> cmd = new ArrayList<>(List.of(java(), "--add-modules", "jdk.incubator.vector", "-jar",
                jar.toString(), "^" + Pattern.quote(c.benchmark()) + "$",
                "-jvmArgsPrepend", ("--add-modules=jdk.incubator.vector -Xss8m -Dvecgrad.threads=1 " + jvmArgs).trim()));
        c.params().forEach((k, v) -> {
            cmd.add("-p");
            cmd.add(k + "=" + v);
        });
        // Ten 1 s warm-up iterations: with the JVM's default heap flags G1 keeps growing the
        // heap for the first 5-8 s, and every freshly committed page faults on first touch
        // (add-1k: 1-12 µs per call then, 0.25 µs after; the same with a pre-touched heap from
        // the start). Three iterations measured part of that growth instead of the steady state.
        cmd.addAll(quick ? List.of("-f", "1", "-wi", "2", "-i", "3", "-w", "500ms", "-r", "500ms")
                : List.of("-f", "1", "-wi", "10", "-i", "5", "-w", "1", "-r", "1"));
        cmd.addAll(List.of("-rf", "json", "-rff", result.toString()));
        Path logFile = dir.resolve("jmh.log");
        long before = Files.exists(logFile) ? Files.size(logFile) : 0;
        int rc = run(cmd, logFile, 600);
        if (rc != 0 || !Files.isRegularFile(result)) {
            String all = Files.readString(logFile, StandardCharsets.UTF_8);
            String logText = all.substring((int) Math.min(before, all.length()));
            log.println(logText.contains("Unable to acquire the JMH lock")
                    ? "bench: another JMH run holds the machine-wide lock; " + c.workload() + " skipped (run again later)"
                    : "bench: JMH failed for " + c.workload() + " (exit " + rc + "); see " + logFile);
            return List.of();
        }
        return JmhResults.parse(Files.readString(result, StandardCharsets.UTF_8));
    }

    /**
     * Probes the reference's Python: null when it cannot import torch and numpy; otherwise the BLAS
     * libraries its PyTorch has loaded after one matrix product, as paths from
     * {@code /proc/self/maps} separated by newlines (empty where there is no {@code /proc}).
     */
    public static String referenceBlas(String python) {
        String script = "import torch, numpy\ntorch.ones(4, 4) @ torch.ones(4, 4)\ntry:\n"
                + "    print('\\n'.join(sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l})))\n"
                + "except OSError:\n    pass\n";
        try {
            Process p = new ProcessBuilder(python, "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {   // a few lines of output: the pipe never fills
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Whether {@link #referenceBlas} names only the unoptimized reference BLAS (Debian's
     * {@code libblas3}, {@code .../blas/libblas.so.3}): PyTorch's GEMM then runs at a few GFLOP/s
     * and every ratio against it is meaningless.
     */
    public static boolean onlyReferenceBlas(String libraries) {
        boolean reference = false;
        for (String lib : libraries.split("\n")) {
            if (lib.contains("openblas") || lib.contains("mkl") || lib.contains("blis")) return false;
            reference |= lib.contains("/blas/libblas.so");
        }
        return reference;
    }

    /**
     * Runs the reference for the selected names: names ending in {@code -tT} with
     * {@code --threads T}, all others with {@code --threads 1}. reference.py names a step
     * workload the same at every thread count ({@code step-lenet}), so a requested
     * {@code step-lenet-t2} is asked for as both names and the answer renamed.
     */
    public List<Measurement> runReference(String python, Path script, List<String> names)
            throws IOException, InterruptedException {
        Map<Integer, List<String>> byThreads = new TreeMap<>();
        for (String n : names) {
            Matcher m = THREADS.matcher(n);
            byThreads.computeIfAbsent(m.matches() ? Integer.parseInt(m.group(1)) : 1, k -> new ArrayList<>()).add(n);
        }
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : byThreads.entrySet()) {
            log.println("bench: reference --threads " + e.getKey() + " " + String.join(",", e.getValue()));
            Path json = dir.resolve("reference-t" + e.getKey() + tag + ".json");
            List<String> asked = withBaseNames(e.getValue(), e.getKey());
            List<String> cmd = List.of(python, script.toString(), "--threads", e.getKey().toString(),
                    "--only", String.join(",", asked), "--json");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(json.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("reference.log").toFile()));
            pb.environment().put("OMP_NUM_THREADS", e.getKey().toString());
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("bench: reference.py did not finish in 20 minutes");
            }
            if (p.exitValue() != 0) {
                log.println("bench: reference.py failed (exit " + p.exitValue() + "); see " + dir.resolve("reference.log"));
                continue;
            }
            out.addAll(renameToRequested(ReferenceResults.parse(Files.readString(json, StandardCharsets.UTF_8)), e.getValue(), e.getKey()));
        }
        return out;
    }

    /** The names plus, for each {@code X-tT} whose base {@code X} carries no thread suffix in reference.py, {@code X}. */
    static List<String> withBaseNames(List<String> names, int threads) {
        List<String> out = new ArrayList<>(names);
        String suffix = "-t" + threads;
        for (String n : names) {
            if (n.endsWith(suffix) && !n.startsWith("gemm-")) out.add(n.substring(0, n.length() - suffix.length()));
        }
        return out;
    }

    /** Renames a reference figure {@code X} to {@code X-tT} when that, not {@code X}, was requested. */
    static List<Measurement> renameToRequested(List<Measurement> got, List<String> requested, int threads) {
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : got) {
            String t = m.name() + "-t" + threads;
            if (!requested.contains(m.name()) && requested.contains(t)) out.add(new Measurement(t, m.value(), m.unit()));
            else if (requested.contains(m.name())) out.add(m);
        }
        return out;
    }

    private static int run(List<String> cmd, Path logFile, long timeoutSeconds) throws IOException, InterruptedException {
        File f = logFile.toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(f)).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return 124;
        }
        return p.exitValue();
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

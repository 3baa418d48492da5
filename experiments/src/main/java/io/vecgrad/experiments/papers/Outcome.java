package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one of this package's experiments measured: a summary (the figures that decide the
 * verdict, with the threshold), the PASS/FAIL verdict, and CSV tables (curves per seed) that
 * {@link #write} saves into a run folder.
 *
 * <pre>{@code
 * Outcome o = new Outcome().line("setting ...");
 * o.row("curves", "seed,epoch,accuracy", 1, 1, 0.83);
 * o.check("accuracy 83 % >= 80 %", true);
 * o.attach(CurvePlots.write(runDir.resolve("curves.png"), "accuracy", "epoch", "accuracy", curves, false, false));
 * ExperimentResult r = o.toResult(runDir);
 * }</pre>
 */
public final class Outcome {
    private final StringBuilder summary = new StringBuilder();
    private final Map<String, List<String>> tables = new LinkedHashMap<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> criteria = new ArrayList<>();
    private final List<Path> attached = new ArrayList<>();
    private boolean passed = true;

    /** Appends a line to the summary. */
    public Outcome line(String text) {
        summary.append(text).append('\n');
        return this;
    }

    /** Records one criterion of the verdict: all must hold. */
    public Outcome check(String what, boolean ok) {
        passed &= ok;
        criteria.add((ok ? "[ok] " : "[FAIL] ") + what);
        return line((ok ? "[ok]   " : "[FAIL] ") + what);
    }

    /** Adds a row to CSV table {@code name} (the first row added is the header). */
    public Outcome row(String name, String header, Object... cells) {
        List<String> t = tables.computeIfAbsent(name, k -> new ArrayList<>(List.of(header)));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) b.append(i == 0 ? "" : ",").append(cells[i]);
        t.add(b.toString());
        return this;
    }

    /**
     * Lists a file the experiment wrote itself (a PNG, say) under the run folder among the
     * result's artifacts; give its path as written ({@code dir.resolve(...)}, relative or absolute).
     */
    public Outcome attach(Path file) {
        attached.add(file);
        return this;
    }

    /** Lists every {@code <prefix>*.png} already written under {@code dir} (sub-folders too) among the artifacts, sorted. */
    public Outcome attachPngs(Path dir, String prefix) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".png"))
                    .sorted().forEach(this::attach);
        }
        return this;
    }

    /** Records a named figure (for {@link ExperimentResult#figures()}). */
    public Outcome figure(String name, double value) {
        figures.put(name, value);
        return this;
    }

    public Map<String, Double> figures() {
        return figures;
    }

    /**
     * Writes the tables and summary into {@code dir} and returns the experiment's result: the
     * criteria on one line as {@code measured} (the full summary is in {@code outcome.txt}),
     * artifacts relative to {@code dir}.
     */
    public ExperimentResult toResult(Path dir) throws IOException {
        List<Path> rel = new ArrayList<>();
        for (Path f : write(dir)) rel.add(dir.relativize(f));
        Path root = dir.toAbsolutePath().normalize();
        for (Path f : attached) rel.add(root.relativize(f.toAbsolutePath().normalize()));
        return new ExperimentResult(String.join(" | ", criteria) + " (details: outcome.txt)", passed, figures, rel);
    }

    public boolean passed() {
        return passed;
    }

    public String summary() {
        return summary.toString();
    }

    public Map<String, List<String>> tables() {
        return tables;
    }

    /** Writes every table as {@code <name>.csv} and the verdict and summary as {@code outcome.txt} into {@code dir}. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : tables.entrySet()) {
            out.add(Files.write(dir.resolve(e.getKey() + ".csv"), e.getValue()));
        }
        out.add(Files.writeString(dir.resolve("outcome.txt"), (passed ? "PASS\n" : "FAIL\n") + summary));
        return out;
    }
}

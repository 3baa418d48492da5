package io.vecgrad.train.report;

import io.vecgrad.train.MetricRow;
import io.vecgrad.train.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifacts of a run folder, the same for a Java program and the command line:
 * summary.json, PNG plots drawn from metrics.csv (smoothed loss and accuracy against steps and
 * time, per-epoch validation curves) and report.html.
 *
 * <pre>{@code
 * Path html = Report.write(runDir, "adam on digits", config, List.of(summary));
 * }</pre>
 */
public final class Report {
    private Report() {}

    /** Writes summary.json, the plots and report.html into {@code runDir}; returns report.html. */
    public static Path write(Path runDir, String title, Map<String, Object> config, List<RunSummary> runs)
            throws IOException {
        return write(runDir, title, config, runs, Map.of(), List.of(), true);
    }

    /**
     * @param config the config.json content; its {@code environment} map (if any) is shown
     * @param sections extra titled HTML fragments (already escaped), e.g. experiment verdicts
     * @param artifacts further files in the folder to link from the report (CSV traces, ...)
     * @param plots false while the JVM shuts down (Ctrl-C): AWT cannot start then, so the report
     *     is written without plots; a resumed run draws them at its end
     */
    @SuppressWarnings("unchecked")
    public static Path write(Path runDir, String title, Map<String, Object> config, List<RunSummary> runs,
            Map<String, String> sections, List<Path> artifacts, boolean plots) throws IOException {
        RunFolder run = RunFolder.open(runDir);
        List<Map<String, Object>> rows = new ArrayList<>();
        runs.forEach(r -> rows.add(Summaries.toMap(r)));
        run.writeJson("summary.json", rows);
        Path csv = run.resolve("metrics.csv");
        List<MetricRow> metrics = Files.exists(csv) ? MetricsCsv.read(csv) : List.of();
        List<Path> images = metrics.isEmpty() || !plots ? List.of() : Plots.writeAll(metrics, runDir);
        Map<String, Object> env = config.get("environment") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : new LinkedHashMap<>();
        Map<String, String> all = new LinkedHashMap<>(sections);
        if (!artifacts.isEmpty()) {
            StringBuilder links = new StringBuilder("<ul>\n");
            for (Path a : artifacts) {
                String rel = runDir.relativize(runDir.resolve(a)).toString().replace('\\', '/');
                links.append("<li><a href=\"").append(Html.escape(rel)).append("\">").append(Html.escape(rel))
                        .append("</a></li>\n");
            }
            all.put("Artifacts", links.append("</ul>").toString());
        }
        return HtmlReport.write(runDir, title, Summaries.table(runs), all, images, config, env);
    }
}

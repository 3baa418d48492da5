package io.vecgrad.cli.run;

import io.vecgrad.cli.report.HtmlReport;
import io.vecgrad.cli.report.MetricsCsv;
import io.vecgrad.cli.report.Plots;
import io.vecgrad.cli.report.RunFolder;
import io.vecgrad.cli.report.Summaries;
import io.vecgrad.cli.report.Table;
import io.vecgrad.cli.train.MetricRow;
import io.vecgrad.cli.train.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of every training command: summary.json, PNG plots from metrics.csv, report.html,
 * and on the terminal the summary table and the report's path.
 */
public final class RunReport {
    private RunReport() {}

    /**
     * @param config the config.json content (command, plan, environment)
     * @param sections extra report sections (e.g. experiment verdicts as HTML)
     * @return the report file
     */
    public static Path finish(RunFolder run, String title, Map<String, Object> config, List<RunSummary> runs,
            Map<String, String> sections, PrintStream out) throws IOException {
        return finish(run, title, config, runs, sections, out, true);
    }

    /**
     * @param plots false while the JVM shuts down (Ctrl-C): AWT cannot start then, so the
     *     report is written without plots; a resumed run draws them at its end
     */
    @SuppressWarnings("unchecked")
    public static Path finish(RunFolder run, String title, Map<String, Object> config, List<RunSummary> runs,
            Map<String, String> sections, PrintStream out, boolean plots) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        runs.forEach(r -> rows.add(Summaries.toMap(r)));
        run.writeJson("summary.json", rows);
        Path csv = run.resolve("metrics.csv");
        List<MetricRow> metrics = Files.exists(csv) ? MetricsCsv.read(csv) : List.of();
        List<Path> images = metrics.isEmpty() || !plots ? List.of() : Plots.writeAll(metrics, run.dir());
        Table table = Summaries.table(runs);
        Map<String, Object> env = config.get("environment") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : new LinkedHashMap<>();
        Path report = HtmlReport.write(run.dir(), title, table, sections, images, config, env);
        out.println();
        out.print(table.toText());
        out.println();
        out.println("report: " + report.toAbsolutePath().normalize());
        return report;
    }
}

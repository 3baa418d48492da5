package io.vecgrad.cli.run;

import io.vecgrad.train.RunSummary;
import io.vecgrad.train.report.Report;
import io.vecgrad.train.report.RunFolder;
import io.vecgrad.train.report.Summaries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The end of every training command: train's {@link Report} (summary.json, plots, report.html),
 * then on the terminal the summary table and the report's path.
 */
public final class RunReport {
    private RunReport() {}

    /**
     * @param plots false while the JVM shuts down (Ctrl-C): AWT cannot start then
     * @return the report file
     */
    public static Path finish(RunFolder run, String title, Map<String, Object> config, List<RunSummary> runs,
            Map<String, String> sections, List<Path> artifacts, PrintStream out, boolean plots) throws IOException {
        Path report = Report.write(run.dir(), title, config, runs, sections, artifacts, plots);
        out.println();
        out.print(Summaries.table(runs).toText());
        out.println();
        out.println("report: " + report.toAbsolutePath().normalize());
        return report;
    }
}

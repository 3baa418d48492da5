package io.vecgrad.cli.command;

import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.experiments.Experiment;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.train.report.Environment;
import io.vecgrad.train.report.Html;
import io.vecgrad.train.report.RunFolder;
import io.vecgrad.train.report.Table;
import io.vecgrad.cli.run.InterruptGuard;
import io.vecgrad.cli.run.RunReport;
import io.vecgrad.cli.spec.SpecException;
import io.vecgrad.train.ProgressListener;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.StopSignal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vecgrad experiment}: runs registered claims and prints PASS or FAIL with what was
 * measured. Each experiment trains into its own sub-folder (with its own report); the top
 * report.html lists the verdicts and links to them.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run experiments that check a claim (from a paper or a design note) and report PASS or FAIL.",
            "Writes runs/<time>-experiment/ with one sub-folder per experiment and a report.html with the verdicts."},
        footer = {"", "Examples:", "  vecgrad experiment --list", "  vecgrad experiment --quick",
            "  vecgrad experiment p04-interpolation:epochs=50"})
public final class ExperimentCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "0..*", paramLabel = "NAME",
            description = "Experiments to run, NAME[:key=value,...]; default: all registered.")
    List<String> names;

    @Option(names = "--list", description = "List the experiments and their claims, run nothing.")
    boolean list;

    @Option(names = "--quick", description = "Ask each experiment for a smaller, faster version.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42", description = "Run seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path runsDir;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    public ExperimentCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Catalog<Experiment> reg = ctx.registries().experiments();
        if (list) {
            if (reg.entries().isEmpty()) {
                ctx.out().println("(no experiments registered yet; see cli/README.md, section Wiring)");
            }
            for (Catalog.Entry<Experiment> e : reg.entries()) {
                ctx.out().println(ListCommand.usage(e));
                ctx.out().println("    " + e.factory().claim());
                ctx.out().println("    PASS when: " + e.factory().threshold()
                        + (e.factory().papers().isEmpty() ? "" : " (papers: " + String.join(", ", e.factory().papers()) + ")"));
            }
            return 0;
        }
        List<Catalog.Resolved<Experiment>> chosen = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            if (reg.entries().isEmpty()) {
                throw new SpecException("experiment: no experiments registered yet; see cli/README.md, section Wiring");
            }
            reg.names().forEach(n -> chosen.add(reg.resolve("experiment", n)));
        } else {
            names.forEach(n -> chosen.add(reg.resolve("experiment", n)));
        }
        RunFolder run = RunFolder.create(runsDir, "experiment");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "experiment");
        config.put("started", OffsetDateTime.now().toString());
        config.put("experiments", chosen.stream().map(c -> c.params().toString()).toList());
        config.put("quick", quick);
        config.put("seed", seed);
        config.put("environment", Environment.describe(1, ctx.repoRoot()));
        run.writeJson("config.json", config);
        ctx.err().println("run folder: " + run.dir());

        Table verdicts = new Table("experiment", "verdict", "claim", "measured");
        StringBuilder html = new StringBuilder("<table>\n<tr><th>experiment</th><th>verdict</th><th>claim</th><th>measured</th></tr>\n");
        List<RunSummary> all = new ArrayList<>();
        int failed = 0;
        StopSignal stop = new StopSignal();
        InterruptGuard guard = InterruptGuard.install(stop, ctx.err(),
                () -> "Finished experiments are in " + run.dir() + "; run the others again.");
        try {
            for (Catalog.Resolved<Experiment> c : chosen) {
                if (stop.requested()) {
                    break;
                }
                String name = c.entry().name();
                RunFolder sub = RunFolder.open(java.nio.file.Files.createDirectories(run.resolve(name)));
                Context ec = new Context(sub.dir(), seed, quick, ctx.progress(noProgress), new ArrayList<>());
                ExperimentResult r;
                try {
                    r = c.factory().run(io.vecgrad.experiments.Parameters.of(c.entry().defaults(), c.params().values()), ec);
                } catch (SpecException e) {
                    throw e;
                } catch (Exception e) {
                    r = new ExperimentResult("error: " + e, false);
                }
                all.addAll(ec.runs());
                boolean ownReport = !ec.runs().isEmpty() || !r.artifacts().isEmpty();
                if (ownReport) {
                    Map<String, Object> subConfig = new LinkedHashMap<>(config);
                    subConfig.put("experiment", c.params().toString());
                    sub.writeJson("config.json", subConfig);
                    RunReport.finish(sub, "experiment " + name, subConfig, ec.runs(), Map.of(
                            "Verdict", "<p class=\"" + (r.passed() ? "pass\">PASS" : "fail\">FAIL") + "</p><p>"
                                    + Html.escape(c.factory().claim()) + "<br>Threshold: "
                                    + Html.escape(c.factory().threshold()) + "<br>" + Html.escape(r.measured()) + "</p>"),
                            r.artifacts(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), !stop.requested());
                }
                String verdict = r.passed() ? "PASS" : "FAIL";
                failed += r.passed() ? 0 : 1;
                ctx.out().println(verdict + "  " + name + ": " + r.measured());
                verdicts.row(name, verdict, c.factory().claim(), r.measured());
                String link = !ownReport ? Html.escape(name)
                        : "<a href=\"" + Html.escape(name) + "/report.html\">" + Html.escape(name) + "</a>";
                html.append("<tr><td>").append(link).append("</td><td class=\"").append(r.passed() ? "pass" : "fail")
                        .append("\">").append(verdict).append("</td><td>").append(Html.escape(c.factory().claim()))
                        .append("</td><td>").append(Html.escape(r.measured())).append("</td></tr>\n");
            }
            html.append("</table>\n");
            ctx.out().println();
            ctx.out().print(verdicts.toText());
            RunReport.finish(run, "vecgrad experiment", config, all, Map.of("Verdicts", html.toString()), List.of(), ctx.out(),
                    !stop.requested());
        } finally {
            guard.close();
        }
        return stop.requested() ? 130 : failed == 0 ? 0 : 1;
    }

    /** The experiment's sub-folder and the terminal's progress; collects its runs for its report. */
    private record Context(Path dir, long seed, boolean quick, ProgressListener progress, List<RunSummary> runs)
            implements ExperimentContext {
        @Override
        public void recordRun(RunSummary run) {
            runs.add(run);
        }
    }
}

package io.vecgrad.cli.command;

import io.vecgrad.train.report.Environment;
import io.vecgrad.train.report.RunFolder;
import io.vecgrad.cli.run.InterruptGuard;
import io.vecgrad.cli.run.RunReport;
import io.vecgrad.cli.run.RunSession;
import io.vecgrad.distributed.pekko.AllReduce;
import io.vecgrad.train.Checkpoint;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.StopSignal;
import io.vecgrad.train.TrainingPlan;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code compare} and {@code train} share: config.json, Ctrl-C handling, the session and
 * the report. Returns the exit code (0, or 130 after Ctrl-C like a shell).
 */
final class TrainingLauncher {
    private TrainingLauncher() {}

    static Map<String, Object> config(String command, TrainingPlan plan, CliContext ctx) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", command);
        c.put("started", OffsetDateTime.now().toString());
        c.put("plan", plan.toMap());
        c.put("environment", Environment.describe(plan.threads(), ctx.repoRoot()));
        return c;
    }

    static int run(CliContext ctx, String command, TrainingPlan plan, RunFolder run, boolean checkpoints,
            Checkpoint resume, boolean noProgress) throws Exception {
        return run(ctx, command, plan, run, checkpoints, resume, noProgress, 1);
    }

    /** As above, data-parallel over {@code workers} Pekko workers when it is more than 1. */
    static int run(CliContext ctx, String command, TrainingPlan plan, RunFolder run, boolean checkpoints,
            Checkpoint resume, boolean noProgress, int workers) throws Exception {
        return run(ctx, command, plan, run, checkpoints, resume, noProgress, workers, List.of());
    }

    /** As above, with the named training diagnostics attached (their sections join the report). */
    static int run(CliContext ctx, String command, TrainingPlan plan, RunFolder run, boolean checkpoints,
            Checkpoint resume, boolean noProgress, int workers, List<String> diagnostics) throws Exception {
        return run(ctx, command, plan, run, checkpoints, resume, noProgress, workers, false, AllReduce.RING, diagnostics);
    }

    /**
     * As above, the {@code workers} averaging with {@code allReduce}, in separate JVMs when {@code jvms}
     * (this JVM is worker 0; see {@link io.vecgrad.cli.run.TrainJvms}).
     */
    static int run(CliContext ctx, String command, TrainingPlan plan, RunFolder run, boolean checkpoints,
            Checkpoint resume, boolean noProgress, int workers, boolean jvms, AllReduce allReduce,
            List<String> diagnostics) throws Exception {
        Map<String, Object> config = config(command, plan, ctx);
        if (workers > 1) {
            config.put("workers", workers);
            config.put("all-reduce", allReduce.label());
            if (jvms) {
                config.put("jvms", true);
            }
        }
        if (!diagnostics.isEmpty()) {
            config.put("diagnostics", diagnostics);
        }
        run.writeJson("config.json", config);
        ctx.err().println("run folder: " + run.dir());
        StopSignal stop = new StopSignal();
        // compare times its runs against each other: warm the JIT up first (untimed, discarded)
        RunSession session = new RunSession(ctx.registries(), run, ctx.progress(noProgress), stop)
                .warmUp(command.equals("compare")).workers(workers).diagnostics(diagnostics).allReduce(allReduce)
                .jvms(jvms && workers > 1 ? ctx.err() : null);
        List<RunSummary> runs;
        InterruptGuard guard = InterruptGuard.install(stop, ctx.err(), () -> advice(run, session, checkpoints));
        try {
            try {
                runs = session.execute(plan, checkpoints, resume);
            } catch (io.vecgrad.cli.registry.DatasetUnavailableException e) {
                if (resume == null) {
                    // Nothing ran: do not leave a folder holding only config.json behind.
                    java.nio.file.Files.deleteIfExists(run.resolve("config.json"));
                    java.nio.file.Files.deleteIfExists(run.dir());
                }
                throw e;
            }
            boolean interrupted = stop.requested();
            Map<String, String> sections = new LinkedHashMap<>(session.reportSections());
            if (interrupted) {
                sections.put("Interrupted", "<p>The run was interrupted; plots are drawn when a run completes.</p>");
            }
            RunReport.finish(run, "vecgrad " + command + ": " + plan.model() + " on " + plan.dataset(),
                    config, runs, sections, List.of(), ctx.out(), !interrupted);
        } finally {
            guard.close();
        }
        return runs.stream().anyMatch(r -> r.status().equals("interrupted")) ? 130 : 0;
    }

    private static String advice(RunFolder run, RunSession session, boolean checkpoints) {
        if (!checkpoints) {
            return "Metrics so far are in " + run.resolve("metrics.csv")
                    + "; this command keeps no checkpoints (use `vecgrad train --checkpoint-every N` for resumable runs).";
        }
        java.nio.file.Path c = session.lastCheckpoint();
        if (c == null) {
            return "No checkpoint was completed yet; nothing to resume. Metrics so far are in "
                    + run.resolve("metrics.csv");
        }
        return "Last complete checkpoint: " + c + ".\n"
                + "Resume with: ./vecgrad train --resume " + run.dir();
    }
}

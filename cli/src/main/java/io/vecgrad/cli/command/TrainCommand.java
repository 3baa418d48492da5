package io.vecgrad.cli.command;

import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.report.MetricsCsv;
import io.vecgrad.train.report.RunFolder;
import io.vecgrad.cli.run.RunSession;
import io.vecgrad.distributed.pekko.AllReduce;
import io.vecgrad.train.Checkpoint;
import io.vecgrad.train.TrainingPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code vecgrad train}: one optimizer, with checkpoints and {@code --resume}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one model with one optimizer, saving checkpoints so an interrupted run can resume.",
            "Writes runs/<time>-train/ with config.json, metrics.csv, checkpoints/, PNG plots and report.html."},
        footer = {"", "Examples:", "  vecgrad train -d iris -o adam:lr=1e-2 -e 50 --checkpoint-every 100",
            "  vecgrad train -d digits -m mlp --workers 4 --all-reduce tree --jvms   (data-parallel, 4 JVMs)",
            "  vecgrad train --resume runs/20260101-120000-train         (continue after Ctrl-C)",
            "  vecgrad train --resume runs/20260101-120000-train -e 80   (and train longer)"})
public final class TrainCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Option(names = {"-o", "--optimizer"}, defaultValue = "adam:lr=1e-3", paramLabel = "SPEC",
            description = "Optimizer spec NAME[:key=value,...] (see `vecgrad list optimizers`). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Also checkpoint every STEPS steps (checkpoints are always written at epoch ends). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "K",
            description = "Train data-parallel over K workers (K Apache Pekko cluster nodes on 127.0.0.1, in this JVM unless --jvms):"
                + " each trains on every K-th example and gradients are averaged before each step. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--jvms",
            description = "With --workers K: run the workers in K JVMs on 127.0.0.1 (this one is worker 0 and writes the"
                + " run folder; the others are started as child JVMs and use the standard registries). Same result"
                + " bit for bit as the in-JVM run; costs a JVM start per worker.")
    boolean jvms;

    @Option(names = "--all-reduce", defaultValue = "ring", paramLabel = "ring|tree",
            description = "How --workers average gradients: ring (rank-order sum) or tree (binomial tree; fewer"
                + " sequential hops, another summation order from 4 workers on). Default: ${DEFAULT-VALUE}.")
    String allReduce;

    @Option(names = "--diagnostics", paramLabel = "NAME[,NAME...]",
            description = "Attach training diagnostics, measured on a 256-example probe at every epoch end:"
                + " noise-spectrum (gradient-noise covariance spectrum and rank, P25; diffusion-metric steps, P19),"
                + " opposing-signals (paired outlier groups, P66). CSVs and PNGs go into the run folder and"
                + " report.html. Default: none.")
    String diagnostics;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its last complete checkpoint, with its config.json (only --epochs may change).")
    Path resume;

    public TrainCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resume();
        }
        TrainingPlan plan = options.plan(List.of(optimizer), checkpointEvery);
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        if (jvms && workers < 2) {
            throw new ParameterException(spec.commandLine(), "--jvms needs --workers of at least 2, got " + workers);
        }
        AllReduce algorithm;
        try {
            algorithm = AllReduce.parse(allReduce);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--all-reduce: " + e.getMessage());
        }
        List<String> diag = diagnostics();
        RunSession.validate(ctx.registries(), plan);
        RunFolder run = RunFolder.create(options.runsDir, "train");
        return TrainingLauncher.run(ctx, "train", plan, run, true, null, options.noProgress, workers, jvms, algorithm, diag);
    }

    /** The names given to --diagnostics (none when absent). */
    private List<String> diagnostics() {
        if (diagnostics == null) {
            return List.of();
        }
        try {
            List<String> names = io.vecgrad.train.diagnostics.TrainingDiagnostics.parse(diagnostics);
            if (workers > 1) {
                throw new ParameterException(spec.commandLine(), "--diagnostics cannot be combined with --workers " + workers);
            }
            return names;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int resume() throws Exception {
        ParseResult pr = spec.commandLine().getParseResult();
        for (String flag : List.of("--dataset", "--model", "--schedule", "--batch", "--seed", "--optimizer",
                "--log-every", "--checkpoint-every", "--threads", "--workers", "--diagnostics", "--jvms", "--all-reduce")) {
            if (pr.hasMatchedOption(flag)) {
                throw new ParameterException(spec.commandLine(), "--resume takes the configuration from "
                        + resume.resolve("config.json") + "; only --epochs may be changed, not " + flag);
            }
        }
        Path configFile = resume.resolve("config.json");
        if (!Files.isReadable(configFile)) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume
                    + ": no config.json there; give a run folder made by `vecgrad train`");
        }
        Object config = Json.parse(Files.readString(configFile, StandardCharsets.UTF_8));
        if (!(config instanceof Map<?, ?> m) || !"train".equals(m.get("command")) || !(m.get("plan") instanceof Map<?, ?> p)) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume
                    + ": config.json is not from a `vecgrad train` run");
        }
        TrainingPlan plan = TrainingPlan.fromMap(p);
        if (pr.hasMatchedOption("--epochs")) {
            options.plan(plan.optimizers(), 0); // checks the number, naming the flag
            plan = plan.withEpochs(options.epochs);
        }
        RunFolder run = RunFolder.open(resume);
        Checkpoint last = RunSession.checkpointsOf(run).latest().orElseThrow(() -> new ParameterException(
                spec.commandLine(), "--resume " + resume + ": no complete checkpoint in " + resume.resolve("checkpoints")));
        if (!last.label().equals(plan.optimizers().get(0))) {
            throw new ParameterException(spec.commandLine(), "--resume: checkpoint " + last.file()
                    + " belongs to optimizer '" + last.label() + "', config.json says '" + plan.optimizers().get(0) + "'");
        }
        // Rows written after the checkpoint will be produced again.
        MetricsCsv.truncate(run.resolve("metrics.csv"), last.label(), last.position().step());
        ctx.err().println("resuming " + last.label() + " at step " + last.position().step() + " (epoch "
                + (last.position().epoch() + 1) + ") from " + last.file());
        List<String> diag = new java.util.ArrayList<>();
        if (m.get("diagnostics") instanceof List<?> names) {
            names.forEach(x -> diag.add(String.valueOf(x)));   // a resumed run measures from its resume point on
        }
        return TrainingLauncher.run(ctx, "train", plan, run, true, last, options.noProgress, 1, diag);
    }
}

package io.vecgrad.cli.command;

import io.vecgrad.train.report.RunFolder;
import io.vecgrad.cli.run.RunSession;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vecgrad compare}: several optimizers, same model, data and initial weights. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same model from the same initial weights with several optimizers and compare them.",
            "Writes runs/<time>-compare/ with config.json, metrics.csv, PNG plots and report.html."},
        footer = {"", "Example:", "  vecgrad compare -d digits -o sgd:lr=0.1,momentum=0.9 -o adam:lr=1e-3 -e 10"})
public final class CompareCommand implements Callable<Integer> {
    /** What {@code vecgrad} with no arguments compares. */
    public static final List<String> DEFAULT_OPTIMIZERS = List.of("sgd:lr=0.05,momentum=0.9", "adam:lr=3e-3",
            "adabelief:lr=3e-3", "diffgrad:lr=3e-3", "mass:lr=0.05", "ssgd:lr=0.5,decay=0.995");

    private final CliContext ctx;

    @Mixin
    TrainingOptions options;

    @Option(names = {"-o", "--optimizer"}, paramLabel = "SPEC",
            description = "Optimizer spec NAME[:key=value,...]; repeat for each optimizer to compare"
                + " (see `vecgrad list optimizers`). Default: sgd:lr=0.05,momentum=0.9, adam:lr=3e-3, adabelief:lr=3e-3, diffgrad:lr=3e-3, mass:lr=0.05, ssgd:lr=0.5,decay=0.995.")
    List<String> optimizers;

    public CompareCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        var plan = options.plan(optimizers == null || optimizers.isEmpty() ? DEFAULT_OPTIMIZERS : optimizers, 0);
        RunSession.validate(ctx.registries(), plan);
        RunFolder run = RunFolder.create(options.runsDir, "compare");
        return TrainingLauncher.run(ctx, "compare", plan, run, false, null, options.noProgress);
    }
}

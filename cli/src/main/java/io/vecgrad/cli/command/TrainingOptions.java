package io.vecgrad.cli.command;

import io.vecgrad.cli.run.PlateauSpec;
import io.vecgrad.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by {@code compare}, {@code train} and {@code experiment}. */
public final class TrainingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-d", "--dataset"}, defaultValue = "digits", paramLabel = "SPEC",
            description = "Data set: digits, fashion-mnist, iris, wine, breast-cancer, libsvm:PATH, csv:PATH or a"
                + " synthetic generator with key=value parameters (see `vecgrad list datasets`). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = {"-m", "--model"}, defaultValue = "cnn", paramLabel = "SPEC",
            description = "Model, e.g. mlp:hidden=64 (see `vecgrad list models`). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = {"-s", "--schedule"}, defaultValue = "constant", paramLabel = "SPEC",
            description = "Learning-rate schedule over the optimizer's lr (see `vecgrad list schedules`). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = {"-e", "--epochs"}, defaultValue = "8", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = {"-b", "--batch"}, defaultValue = "32", description = "Examples per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds data splits, initial weights and batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads the library may use. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--log-every", defaultValue = "1", paramLabel = "STEPS",
            description = "Steps per metrics.csv row (rows are means over these steps). Default: ${DEFAULT-VALUE}.")
    int logEvery;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR",
            description = "Where run folders are created. Default: ${DEFAULT-VALUE}.")
    Path runsDir;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--reduce-on-plateau", arity = "0..1", fallbackValue = "", paramLabel = "KEY=VALUE,...",
            description = "Multiply the schedule by factor when the validation loss (training loss without a test"
                + " split) has not improved by a relative threshold for more than patience epochs, as PyTorch's"
                + " ReduceLROnPlateau. Keys: factor=0.1, patience=10, threshold=1e-4, cooldown=0, min-scale=0."
                + " Without a value: those defaults. Default: off.")
    String plateau;

    /** Checks the numbers, naming the flag of a bad one, and builds the plan. */
    TrainingPlan plan(List<String> optimizers, int checkpointEvery) {
        positive("--epochs", epochs);
        positive("--batch", batch);
        positive("--threads", threads);
        positive("--log-every", logEvery);
        if (checkpointEvery < 0) {
            throw new ParameterException(mixee.commandLine(), "--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        String plateauText;
        try {
            plateauText = PlateauSpec.normalize(plateau);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--reduce-on-plateau: " + e.getMessage());
        }
        return new TrainingPlan(dataset, model, optimizers, schedule, epochs, batch, seed, threads, logEvery, checkpointEvery,
                plateauText);
    }

    private void positive(String flag, long v) {
        if (v < 1) {
            throw new ParameterException(mixee.commandLine(), flag + " must be at least 1, got " + v);
        }
    }
}

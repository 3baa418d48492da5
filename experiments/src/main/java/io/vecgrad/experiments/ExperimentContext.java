package io.vecgrad.experiments;

import io.vecgrad.train.ProgressListener;
import io.vecgrad.train.RunSummary;
import java.nio.file.Path;

/**
 * What an {@link Experiment} gets from whoever runs it (the command line, a test, a Java
 * program): the seed, whether to run small, and the folder for its artifacts. Experiments build
 * their data, models and optimizers in Java and train with io.vecgrad.train's {@code Trainer},
 * so a Java user runs every experiment without the command line:
 *
 * <pre>{@code
 * Experiment e = Experiments.find("p52-linear-decay").orElseThrow();
 * ExperimentResult r = e.run(Parameters.defaults(e.defaults()), ExperimentContext.of(Path.of("runs/p52"), 42, false));
 * }</pre>
 *
 * Inside an experiment: write artifacts under {@link #dir()}, append training metrics to
 * {@code dir()/metrics.csv} and announce each finished run with {@link #recordRun} so the
 * caller's report draws its curves.
 */
public interface ExperimentContext {
    /** True for a smaller, faster version (tests, {@code --quick}). */
    boolean quick();

    /** The run seed; derive every random choice from it. */
    long seed();

    /** The folder for this experiment's artifacts (its run folder). */
    Path dir();

    /**
     * A training run has finished and its metrics are in {@code dir()/metrics.csv} under the
     * summary's label. The command line collects these for the experiment's report; the default
     * does nothing.
     */
    default void recordRun(RunSummary run) {}

    /** Where training runs report their progress (the command line draws bars); silent by default. */
    default ProgressListener progress() {
        return ProgressListener.silent();
    }

    /** A plain context: artifacts in {@code dir}, runs not collected, no progress shown. */
    static ExperimentContext of(Path dir, long seed, boolean quick) {
        return new Plain(dir, seed, quick);
    }

    /** What {@link #of} returns. */
    record Plain(Path dir, long seed, boolean quick) implements ExperimentContext {}
}

package io.vecgrad.experiments;

import io.vecgrad.train.RunSummary;
import io.vecgrad.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * What an {@link Experiment} gets from whoever runs it (the command line, a test, a Java
 * program): the seed, whether to run small, the folder for its artifacts, and a way to run
 * {@link TrainingPlan}s given by name ({@code digits}, {@code mlp:hidden=64},
 * {@code sgd:lr=0.05,momentum=0.9}) whose metrics land in that folder's metrics.csv and report.
 * Experiments that build their models and optimizers in Java use io.vecgrad.train's
 * {@code Trainer} directly and only need {@link #seed()}, {@link #quick()} and {@link #dir()}.
 *
 * <pre>{@code
 * List<RunSummary> s = ctx.train(new TrainingPlan("digits", "mlp:hidden=64", List.of("adam:lr=3e-3"),
 *         "constant", 10, 32, ctx.seed(), 1, 1, 0));
 * Files.write(ctx.dir().resolve("trace.csv"), lines);
 * }</pre>
 */
public interface ExperimentContext {
    /**
     * Trains every optimizer of the plan, recording metrics into {@link #dir()}.
     *
     * @throws UnsupportedOperationException when this context cannot resolve names (see
     *     {@link #withoutNamedRuns})
     */
    List<RunSummary> train(TrainingPlan plan) throws Exception;

    /** True for a smaller, faster version (tests, {@code --quick}). */
    boolean quick();

    /** The run seed; derive every random choice from it. */
    long seed();

    /** The folder for this experiment's artifacts (its run folder). */
    Path dir();

    /** A context for experiments written against the Java API only: {@link #train} is unsupported. */
    static ExperimentContext withoutNamedRuns(Path dir, long seed, boolean quick) {
        return new ExperimentContext() {
            @Override
            public List<RunSummary> train(TrainingPlan plan) {
                throw new UnsupportedOperationException("this ExperimentContext runs no named training plans ("
                        + plan.optimizers() + " on " + plan.dataset() + "); run the experiment through the command line");
            }

            @Override
            public boolean quick() {
                return quick;
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public Path dir() {
                return dir;
            }
        };
    }
}

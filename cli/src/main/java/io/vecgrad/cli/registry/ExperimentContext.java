package io.vecgrad.cli.registry;

import io.vecgrad.cli.train.RunSummary;
import io.vecgrad.cli.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;

/** What the {@code experiment} command gives an {@link Experiment} while it runs. */
public interface ExperimentContext {
    /** Trains every optimizer of the plan, recording metrics into this run's folder. */
    List<RunSummary> train(TrainingPlan plan) throws Exception;

    /** True under {@code --quick}: use fewer epochs or smaller problems. */
    boolean quick();

    /** The run seed; derive every random choice from it. */
    long seed();

    /** The registries, to build models, optimizers and data sets by name. */
    Registries registries();

    /** The run folder, for extra files the experiment wants to keep. */
    Path dir();
}

package io.vecgrad.cli.run;

import io.vecgrad.cli.registry.DatasetFactory;
import io.vecgrad.cli.registry.ModelFactory;
import io.vecgrad.cli.registry.OptimizerFactory;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Registry;
import io.vecgrad.cli.registry.ScheduleFactory;
import io.vecgrad.cli.report.MetricsCsv;
import io.vecgrad.cli.report.RunFolder;
import io.vecgrad.cli.spec.SpecException;
import io.vecgrad.cli.train.Checkpoint;
import io.vecgrad.cli.train.CheckpointStore;
import io.vecgrad.cli.train.Dataset;
import io.vecgrad.cli.train.DifferentiableModel;
import io.vecgrad.cli.train.LearningRateSchedule;
import io.vecgrad.cli.train.Progress;
import io.vecgrad.cli.train.RunSummary;
import io.vecgrad.cli.train.StopSignal;
import io.vecgrad.cli.train.Trainer;
import io.vecgrad.cli.train.TrainingOptimizer;
import io.vecgrad.cli.train.TrainingPlan;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Executes a {@link TrainingPlan} into a run folder: resolves every spec first (so a typo
 * fails before any data is loaded), loads the data once, then trains each optimizer from the
 * same initial weights with the shared {@link Trainer}, appending to metrics.csv.
 *
 * <pre>{@code
 * RunSession s = new RunSession(registries, run, Progress.silent(), new StopSignal());
 * List<RunSummary> out = s.execute(plan, false, null);
 * }</pre>
 */
public final class RunSession {
    private final Registries registries;
    private final RunFolder run;
    private final Progress progress;
    private final StopSignal stop;
    private volatile Trainer current;

    public RunSession(Registries registries, RunFolder run, Progress progress, StopSignal stop) {
        this.registries = registries;
        this.run = run;
        this.progress = progress;
        this.stop = stop;
    }

    /** The checkpoint folder of a run folder. */
    public static CheckpointStore checkpointsOf(RunFolder run) {
        return new CheckpointStore(run.resolve("checkpoints"), 2);
    }

    /** The last complete checkpoint of the run in progress, or null. */
    public Checkpoint lastCheckpoint() {
        Trainer t = current;
        return t == null ? null : t.lastCheckpoint();
    }

    /**
     * @param checkpoints save checkpoints (the {@code train} command)
     * @param resume continue the (single) optimizer from this checkpoint, or null
     */
    public List<RunSummary> execute(TrainingPlan plan, boolean checkpoints, Checkpoint resume) throws Exception {
        Resolved r = resolve(registries, plan);
        Registry.Resolved<DatasetFactory> data = r.data();
        Registry.Resolved<ModelFactory> model = r.model();
        Registry.Resolved<ScheduleFactory> schedule = r.schedule();
        List<Registry.Resolved<OptimizerFactory>> optimizers = r.optimizers();
        List<String> texts = r.labels();
        io.vecgrad.tensor.kernel.Parallel.setThreads(plan.threads());
        Dataset dataset = data.factory().load(data.params(), new Rng(plan.seed()).split("data"));
        List<RunSummary> out = new ArrayList<>();
        try (MetricsCsv csv = MetricsCsv.append(run.resolve("metrics.csv"))) {
            for (int i = 0; i < optimizers.size(); i++) {
                Registry.Resolved<OptimizerFactory> o = optimizers.get(i);
                DifferentiableModel m = model.factory().create(model.params(), dataset.info(),
                        new Rng(plan.seed()).split("model"));
                TrainingOptimizer opt = o.factory().create(o.params());
                long total = plan.settings().stepsPerEpoch(dataset.trainSize()) * plan.epochs();
                LearningRateSchedule lr = schedule.factory().create(schedule.params(), o.params().getDouble("lr"), total);
                Trainer t = new Trainer(plan.settings(), csv, progress, checkpoints ? checkpointsOf(run) : null, stop);
                current = t;
                RunSummary s = t.fit(texts.get(i), dataset, m, opt, lr, resume);
                out.add(s);
                if ("interrupted".equals(s.status())) {
                    break;
                }
            }
        }
        return out;
    }

    /** Resolves every spec of a plan without loading anything; throws on the first bad one. */
    public static void validate(Registries registries, TrainingPlan plan) {
        resolve(registries, plan);
    }

    private record Resolved(Registry.Resolved<DatasetFactory> data, Registry.Resolved<ModelFactory> model,
            Registry.Resolved<ScheduleFactory> schedule, List<Registry.Resolved<OptimizerFactory>> optimizers,
            List<String> labels) {}

    private static Resolved resolve(Registries registries, TrainingPlan plan) {
        Registry.Resolved<DatasetFactory> data = registries.datasets().resolve("--dataset", plan.dataset());
        Registry.Resolved<ModelFactory> model = registries.models().resolve("--model", plan.model());
        Registry.Resolved<ScheduleFactory> schedule = registries.schedules().resolve("--schedule", plan.schedule());
        List<Registry.Resolved<OptimizerFactory>> optimizers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String o : plan.optimizers()) {
            Registry.Resolved<OptimizerFactory> r = registries.optimizers().resolve("--optimizer", o);
            if (!r.params().has("lr")) {
                throw new IllegalStateException("optimizer entry '" + r.entry().name()
                        + "' declares no 'lr' key; every optimizer entry must (it feeds the schedule)");
            }
            // The spec as typed is the most readable run label; it must be unique.
            if (!seen.add(o.trim())) {
                throw new SpecException("--optimizer: '" + o + "' given twice");
            }
            optimizers.add(r);
            labels.add(o.trim());
        }
        return new Resolved(data, model, schedule, optimizers, labels);
    }
}

package io.vecgrad.cli.run;

import io.vecgrad.cli.registry.DatasetFactory;
import io.vecgrad.cli.registry.ModelFactory;
import io.vecgrad.cli.registry.OptimizerFactory;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.cli.registry.ScheduleFactory;
import io.vecgrad.cli.spec.SpecException;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Checkpoint;
import io.vecgrad.train.CheckpointStore;
import io.vecgrad.train.DataSplit;
import io.vecgrad.train.Model;
import io.vecgrad.train.ProgressListener;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.StopSignal;
import io.vecgrad.train.PlateauHook;
import io.vecgrad.train.Trainer;
import io.vecgrad.train.TrainingPlan;
import io.vecgrad.train.diagnostics.TrainingDiagnostics;
import io.vecgrad.train.report.MetricsCsv;
import io.vecgrad.train.report.RunFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes a {@link TrainingPlan} into a run folder: resolves every spec first (so a typo
 * fails before any data is loaded), loads the data once, then trains each optimizer from the
 * same initial weights with train's {@link Trainer} over a datasets {@link DataLoader},
 * appending to metrics.csv.
 *
 * <pre>{@code
 * RunSession s = new RunSession(registries, run, ProgressListener.silent(), new StopSignal());
 * List<RunSummary> out = s.execute(plan, false, null);
 * }</pre>
 */
public final class RunSession {
    /**
     * Untimed warm-up before timed comparisons: up to this many steps for the first optimizer
     * (the model's code, where C2 needs thousands of invocations) and a third of it for the others,
     * each within {@link #WARM_UP_TIME} (a third of it for the others) so slow models stay cheap.
     */
    static final int WARM_UP_STEPS = 3000;
    static final Duration WARM_UP_TIME = Duration.ofSeconds(15);

    private final Registries registries;
    private final RunFolder run;
    private final ProgressListener progress;
    private final StopSignal stop;
    private volatile Trainer current;
    private boolean warmUp;
    private int workers = 1;
    private io.vecgrad.distributed.pekko.AllReduce allReduce = io.vecgrad.distributed.pekko.AllReduce.RING;
    private java.io.PrintStream jvmLog;
    private List<String> diagnostics = List.of();
    private final Map<String, String> sections = new LinkedHashMap<>();

    public RunSession(Registries registries, RunFolder run, ProgressListener progress, StopSignal stop) {
        this.registries = registries;
        this.run = run;
        this.progress = progress;
        this.stop = stop;
    }

    /**
     * Before each optimizer's timed run, trains a throwaway copy of the model for a few untimed
     * steps whose results are discarded, so the JIT has compiled the model's and the optimizer's
     * code before the clock starts (without it the first runs of a {@code compare} look several
     * times slower in the loss-vs-time plot).
     */
    public RunSession warmUp(boolean on) {
        this.warmUp = on;
        return this;
    }

    /**
     * Trains data-parallel over {@code k} workers (k cluster ActorSystems on 127.0.0.1 in this JVM,
     * one thread each; see {@link io.vecgrad.distributed.pekko.DataParallel}): worker r trains on
     * every k-th example, and the gradients are averaged over all workers before each step. Worker
     * 0 writes metrics, progress, validation and checkpoints. 1 (the default) trains in-process.
     */
    public RunSession workers(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + k);
        }
        this.workers = k;
        return this;
    }

    /**
     * The all-reduce that averages the gradients when {@link #workers} is above 1: ring (the default,
     * rank-order sum) or tree (binomial tree; other bits than the ring from 4 workers on).
     */
    public RunSession allReduce(io.vecgrad.distributed.pekko.AllReduce a) {
        this.allReduce = java.util.Objects.requireNonNull(a, "allReduce");
        return this;
    }

    /**
     * Runs the {@link #workers} in separate JVMs on 127.0.0.1 ({@link TrainJvms}): this JVM is worker 0
     * and writes the run folder, workers 1..K−1 are child JVMs whose output lines go to {@code log}.
     * The result is bitwise that of the in-JVM run with the same seed and all-reduce. Null (the
     * default) keeps all workers in this JVM.
     */
    public RunSession jvms(java.io.PrintStream log) {
        this.jvmLog = log;
        return this;
    }

    /**
     * Attaches the named training diagnostics ({@link TrainingDiagnostics#NAMES}) to each run:
     * their CSVs and PNGs go into the run folder and their HTML into {@link #reportSections()}.
     * In-process runs only (not with {@link #workers} above 1).
     */
    public RunSession diagnostics(List<String> names) {
        this.diagnostics = List.copyOf(names);
        return this;
    }

    /** Report sections written by the diagnostics of the runs executed so far (title → HTML). */
    public Map<String, String> reportSections() {
        return Map.copyOf(sections);
    }

    /** The checkpoint folder of a run folder. */
    public static CheckpointStore checkpointsOf(RunFolder run) {
        return new CheckpointStore(run.resolve("checkpoints"), 2);
    }

    /** The last complete checkpoint file of the run in progress, or null. */
    public Path lastCheckpoint() {
        Trainer t = current;
        return t == null ? null : t.lastCheckpoint();
    }

    /**
     * @param checkpoints save checkpoints (the {@code train} command)
     * @param resume continue the (single) optimizer from this checkpoint, or null
     */
    public List<RunSummary> execute(TrainingPlan plan, boolean checkpoints, Checkpoint resume) throws Exception {
        Resolved r = resolve(registries, plan);
        io.vecgrad.tensor.kernel.Parallel.setThreads(plan.threads());
        DataSplit data = r.data().factory().load(r.data().params(), new Rng(plan.seed()).split("data"));
        List<RunSummary> out = new ArrayList<>();
        try (MetricsCsv csv = MetricsCsv.append(run.resolve("metrics.csv"))) {
            if (workers > 1) {
                if (!diagnostics.isEmpty()) {
                    throw new IllegalArgumentException("--diagnostics cannot be combined with --workers " + workers
                            + " (the monitors measure one in-process model)");
                }
                for (int i = 0; i < r.optimizers().size() && !stop.requested(); i++) {
                    out.add(dataParallel(r, plan, data, i, csv, checkpoints, resume));
                }
                return out;
            }
            for (int i = 0; i < r.optimizers().size(); i++) {
                Catalog.Resolved<OptimizerFactory> o = r.optimizers().get(i);
                if (warmUp && resume == null && !stop.requested()) {
                    warmUp(r, plan, data, o, i == 0 ? 1 : 3);
                }
                Model m = model(r, plan, data);
                TrainingDiagnostics diag = diagnostics.isEmpty() ? null
                        : TrainingDiagnostics.of(diagnostics, m, data.train(), new Rng(plan.seed()).split("diagnostics"));
                try (DataLoader loader = loader(plan, data)) {
                    long total = (long) loader.batchesPerEpoch() * plan.epochs();
                    Schedule lr = r.schedule().factory().create(r.schedule().params(), o.params().getDouble("lr"), total);
                    io.vecgrad.train.EpochListener scheduleHook = lr instanceof io.vecgrad.train.MiScheduleHook mi ? mi.bind(m, data.train()) : null;
                    PlateauHook plateau = PlateauSpec.hook(plan.plateau());
                    if (plateau != null) {
                        lr = plateau.scale(lr);
                    }
                    Optimizer opt = o.factory().create(o.params()).build(m.parameters(), lr);
                    Trainer.Builder b = Trainer.builder().epochs(plan.epochs()).logEvery(plan.logEvery())
                            .checkpointEvery(plan.checkpointEvery()).checkpoints(checkpoints ? checkpointsOf(run) : null)
                            .seed(plan.seed()).metrics(csv).progress(progress).stop(stop).learningRate(lr)
                            .validation(data.test());
                    if (plateau != null) {
                        b.onEpochEnd(plateau);
                    }
                    if (scheduleHook != null) {
                        b.onEpochEnd(scheduleHook);
                    }
                    if (diag != null) {
                        b.onEpochEnd(diag);
                    }
                    Trainer t = b.build();
                    current = t;
                    RunSummary s = t.fit(r.labels().get(i), m, opt, loader, resume);
                    out.add(s);
                    if (diag != null) {
                        sections.putAll(diag.write(run.dir()));
                    }
                    if ("interrupted".equals(s.status())) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** One optimizer's run over {@link #workers} data-parallel workers; returns worker 0's summary. */
    private RunSummary dataParallel(Resolved r, TrainingPlan plan, DataSplit data, int i, MetricsCsv csv,
            boolean checkpoints, Checkpoint resume) throws Exception {
        if (resume != null || !TrainingPlan.NO_PLATEAU.equals(plan.plateau())) {
            throw new IllegalArgumentException("--workers " + workers + " cannot be combined with --resume or"
                    + " --reduce-on-plateau (every worker must follow the same schedule from step 0)");
        }
        checkEqualSteps(data.train().size(), plan.batch());
        Duration timeout = Duration.ofSeconds(120);
        io.vecgrad.distributed.pekko.DataParallel.WorkerBody<RunSummary> body = (rank, collective) ->
                shardRun(r, plan, data, i, rank, collective, rank == 0 ? csv : null, checkpoints);
        if (jvmLog != null) {
            try {
                return TrainJvms.run(workers, run.dir(), i, allReduce, timeout, jvmLog, c -> body.run(0, c));
            } catch (TrainJvms.WorkerLostException e) {
                Path last = lastCheckpoint();
                throw new TrainJvms.WorkerLostException(e.rank(), e.getMessage() + (last == null
                        ? "; no checkpoint was completed" : "; last complete checkpoint: " + last), e);
            }
        }
        return io.vecgrad.distributed.pekko.DataParallel.runLocal(workers, "train", timeout, allReduce, body).get(0);
    }

    /**
     * Every worker must take the same number of steps per epoch (each step is one all-reduce), so the
     * shards of {@code n} examples (sizes ⌈(n − r)/K⌉) must give the same number of batches.
     */
    private void checkEqualSteps(int n, int batch) {
        int most = (n + workers - 1) / workers;
        int least = n / workers;
        int a = (most + batch - 1) / batch;
        int b = (least + batch - 1) / batch;
        if (a != b) {
            throw new IllegalArgumentException(String.format("--workers %d: the %d training examples make shards of %d"
                    + " and %d examples, which give %d and %d batches of %d per epoch; every worker must take the same"
                    + " number of steps (choose another --batch or --workers)", workers, n, most, least, a, b, batch));
        }
    }

    /**
     * Worker {@code rank} of a data-parallel run in a child JVM ({@link TrainJvms}): loads the plan's
     * data, builds the same seeded model and optimizer as worker 0 and trains on its shard, writing
     * nothing.
     */
    static RunSummary follower(Registries registries, TrainingPlan plan, int optimizer, int rank, int workers,
            io.vecgrad.distributed.pekko.Collective collective) throws Exception {
        Resolved r = resolve(registries, plan);
        io.vecgrad.tensor.kernel.Parallel.setThreads(plan.threads());
        DataSplit data = r.data().factory().load(r.data().params(), new Rng(plan.seed()).split("data"));
        RunSession s = new RunSession(registries, null, ProgressListener.silent(), new StopSignal()).workers(workers);
        return s.shardRun(r, plan, data, optimizer, rank, collective, null, false);
    }

    /** One worker's training on its shard; {@code csv} non-null marks worker 0, which logs and checkpoints. */
    private RunSummary shardRun(Resolved r, TrainingPlan plan, DataSplit data, int i, int rank,
            io.vecgrad.distributed.pekko.Collective collective, MetricsCsv csv, boolean checkpoints) {
        Catalog.Resolved<OptimizerFactory> o = r.optimizers().get(i);
        Model m = model(r, plan, data); // the same seed on every worker: the same initial weights
        io.vecgrad.datasets.Dataset shard = io.vecgrad.distributed.pekko.DataParallel.shard(data.train(), rank, workers);
        try (DataLoader loader = DataLoader.of(shard).batchSize(plan.batch()).seed(plan.seed() + rank).build()) {
            long total = (long) loader.batchesPerEpoch() * plan.epochs();
            Schedule lr = r.schedule().factory().create(r.schedule().params(), o.params().getDouble("lr"), total);
            Optimizer opt = io.vecgrad.distributed.pekko.DataParallel.synchronize(
                    o.factory().create(o.params()).build(m.parameters(), lr), collective, rank, null);
            Trainer.Builder b = Trainer.builder().epochs(plan.epochs()).seed(plan.seed()).learningRate(lr);
            if (csv != null) {
                b.logEvery(plan.logEvery()).checkpointEvery(plan.checkpointEvery())
                        .checkpoints(checkpoints ? checkpointsOf(run) : null).metrics(csv).progress(progress)
                        .validation(data.test());
            }
            Trainer t = b.build();
            if (csv != null) {
                current = t;
            }
            return t.fit(r.labels().get(i), m, opt, loader, null);
        }
    }

    private static Model model(Resolved r, TrainingPlan plan, DataSplit data) {
        return r.model().factory().create(r.model().params(), data.info(), new Rng(plan.seed()).split("model"));
    }

    private static DataLoader loader(TrainingPlan plan, DataSplit data) {
        return DataLoader.of(data.train()).batchSize(plan.batch()).seed(plan.seed()).build();
    }

    private static void warmUp(Resolved r, TrainingPlan plan, DataSplit data, Catalog.Resolved<OptimizerFactory> o,
            int fraction) {
        Model throwaway = model(r, plan, data);
        try (DataLoader loader = loader(plan, data)) {
            Schedule lr = r.schedule().factory().create(r.schedule().params(), o.params().getDouble("lr"),
                    (long) loader.batchesPerEpoch() * plan.epochs());
            Trainer.warmUp(throwaway, o.factory().create(o.params()).build(throwaway.parameters(), lr), loader,
                    WARM_UP_STEPS / fraction, WARM_UP_TIME.dividedBy(fraction));
        }
    }

    /** Resolves every spec of a plan without loading anything; throws on the first bad one. */
    public static void validate(Registries registries, TrainingPlan plan) {
        resolve(registries, plan);
    }

    private record Resolved(Catalog.Resolved<DatasetFactory> data, Catalog.Resolved<ModelFactory> model,
            Catalog.Resolved<ScheduleFactory> schedule, List<Catalog.Resolved<OptimizerFactory>> optimizers,
            List<String> labels) {}

    private static Resolved resolve(Registries registries, TrainingPlan plan) {
        Catalog.Resolved<DatasetFactory> data = registries.datasets().resolve("--dataset", plan.dataset());
        Catalog.Resolved<ModelFactory> model = registries.models().resolve("--model", plan.model());
        Catalog.Resolved<ScheduleFactory> schedule = registries.schedules().resolve("--schedule", plan.schedule());
        List<Catalog.Resolved<OptimizerFactory>> optimizers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String o : plan.optimizers()) {
            Catalog.Resolved<OptimizerFactory> r = registries.optimizers().resolve("--optimizer", o);
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

package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The one training loop behind {@code compare}, {@code train} and {@code experiment}: shuffles
 * the training set per epoch (order derived from seed and epoch only, so a resumed run sees the
 * same batches), steps the model and optimizer, writes metrics rows, drives the progress bar,
 * saves checkpoints and stops cleanly on a {@link StopSignal}.
 *
 * <pre>{@code
 * Trainer t = new Trainer(new TrainerSettings(5, 64, 42, 1, 0), sink, Progress.silent(), null, new StopSignal());
 * RunSummary s = t.fit("adam:lr=1e-3", data, model, optimizer, step -> 1e-3, null);
 * }</pre>
 */
public final class Trainer {
    private final TrainerSettings settings;
    private final MetricsSink sink;
    private final Progress progress;
    private final CheckpointStore checkpoints;
    private final StopSignal stop;
    private volatile Checkpoint lastCheckpoint;

    /**
     * @param checkpoints where to save checkpoints, or null for none
     */
    public Trainer(TrainerSettings settings, MetricsSink sink, Progress progress,
            CheckpointStore checkpoints, StopSignal stop) {
        this.settings = settings;
        this.sink = sink;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.stop = stop;
    }

    /** The last checkpoint this trainer wrote or resumed from, or null. */
    public Checkpoint lastCheckpoint() {
        return lastCheckpoint;
    }

    /**
     * Trains until the planned epochs are done, the loss is not finite, or a stop is requested.
     *
     * @param resume checkpoint to continue from (its parameters and optimizer state are loaded
     *     into {@code model} and {@code optimizer}), or null to start fresh
     */
    public RunSummary fit(String label, Dataset data, DifferentiableModel model,
            TrainingOptimizer optimizer, LearningRateSchedule schedule, Checkpoint resume) {
        TrainerState s = TrainerState.START;
        if (resume != null) {
            restore(resume, model, optimizer);
            s = resume.state();
            lastCheckpoint = resume;
        }
        int n = data.trainSize();
        long perEpoch = settings.stepsPerEpoch(n);
        long total = perEpoch * settings.epochs();
        progress.start(label, total, s.step());
        Window window = new Window();
        Window lastEpoch = new Window();
        String status = "done";
        long step = s.step();
        double seconds = s.seconds();
        int epoch = s.epoch();
        int skip = s.batchInEpoch();
        List<Tensor> params = model.parameters();
        training:
        for (; epoch < settings.epochs(); epoch++, skip = 0) {
            long[] order = order(epoch, n);
            lastEpoch = new Window();
            for (int b = skip; b < perEpoch; b++) {
                if (stop.requested()) {
                    status = "interrupted";
                    break training;
                }
                Batch batch = slice(data, order, b);
                long t0 = System.nanoTime();
                LossAndGradient r = model.lossAndGradient(batch);
                double lr = schedule.at(step);
                if (!Double.isFinite(r.loss())) {
                    status = "diverged";
                    window.add(r.loss(), r.accuracy(), batch.size(), 0);
                    seconds += (System.nanoTime() - t0) * 1e-9;
                    emit(window, step + 1, epoch, label, lr, seconds);
                    step++;
                    break training;
                }
                optimizer.step(params, r.gradients(), lr);
                double dt = (System.nanoTime() - t0) * 1e-9;
                seconds += dt;
                step++;
                window.add(r.loss(), r.accuracy(), batch.size(), dt);
                lastEpoch.add(r.loss(), r.accuracy(), batch.size(), dt);
                boolean epochEnd = b == perEpoch - 1;
                if (step % settings.logEvery() == 0 || epochEnd) {
                    progress.update(step, window.meanLoss(), window.examplesPerSecond());
                    emit(window, step, epoch, label, lr, seconds);
                    window = new Window();
                }
                boolean due = settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0;
                if (checkpoints != null && (due || epochEnd)) {
                    TrainerState at = epochEnd ? new TrainerState(step, epoch + 1, 0, seconds)
                            : new TrainerState(step, epoch, b + 1, seconds);
                    save(label, at, params, optimizer);
                }
            }
        }
        progress.close();
        Evaluation test = data.hasTest() && !"diverged".equals(status)
                ? evaluate(model, data.testX(), data.testY()) : new Evaluation(Double.NaN, Double.NaN);
        return new RunSummary(label, step, seconds, lastEpoch.meanLoss(), lastEpoch.meanAccuracy(),
                test.loss(), test.accuracy(), status);
    }

    /** Example-weighted loss and accuracy over a whole split, in batches of the batch size. */
    public Evaluation evaluate(DifferentiableModel model, Tensor x, Tensor y) {
        int n = x.shape()[0];
        Window w = new Window();
        for (int start = 0; start < n; start += settings.batchSize()) {
            int stopAt = Math.min(n, start + settings.batchSize());
            Evaluation e = model.evaluate(new Batch(x.slice(0, start, stopAt), y.slice(0, start, stopAt)));
            w.add(e.loss(), e.accuracy(), stopAt - start, 0);
        }
        return new Evaluation(w.meanLoss(), w.meanAccuracy());
    }

    private void save(String label, TrainerState at, List<Tensor> params, TrainingOptimizer optimizer) {
        try {
            java.nio.file.Path file = checkpoints.save(label, at, params, optimizer.state());
            lastCheckpoint = new Checkpoint(file, label, at, List.of(), java.util.Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint at step " + at.step() + " failed", e);
        }
    }

    private static void restore(Checkpoint c, DifferentiableModel model, TrainingOptimizer optimizer) {
        List<Tensor> params = model.parameters();
        if (params.size() != c.parameters().size()) {
            throw new IllegalArgumentException("resume: checkpoint " + c.file() + " has "
                    + c.parameters().size() + " parameters, the model has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor saved = c.parameters().get(i);
            if (!Arrays.equals(saved.shape(), params.get(i).shape())) {
                throw new IllegalArgumentException("resume: parameter " + i + " has shape "
                        + Arrays.toString(saved.shape()) + " in " + c.file() + " but "
                        + Arrays.toString(params.get(i).shape()) + " in the model");
            }
            params.get(i).copyFrom(saved);
        }
        optimizer.loadState(c.optimizerState());
    }

    /** The example order of one epoch: a pure function of (seed, epoch). */
    long[] order(int epoch, int n) {
        return new Rng(settings.seed()).split("batches").split(epoch).permutation(n).toLongArray();
    }

    private Batch slice(Dataset data, long[] order, int b) {
        int from = b * settings.batchSize();
        int to = Math.min(order.length, from + settings.batchSize());
        Tensor idx = Tensor.of(Arrays.copyOfRange(order, from, to), to - from);
        return new Batch(data.trainX().indexSelect(0, idx), data.trainY().indexSelect(0, idx));
    }

    private void emit(Window w, long step, int epoch, String label, double lr, double seconds) {
        sink.accept(new MetricRow(step, epoch, label, w.meanLoss(), w.meanAccuracy(), lr, seconds));
    }

    /** Example-weighted running means between two metrics rows. */
    private static final class Window {
        private double loss;
        private double acc;
        private long examples;
        private double seconds;

        void add(double l, double a, int count, double dt) {
            loss += l * count;
            acc += a * count;
            examples += count;
            seconds += dt;
        }

        double meanLoss() {
            return examples == 0 ? Double.NaN : loss / examples;
        }

        double meanAccuracy() {
            return examples == 0 ? Double.NaN : acc / examples;
        }

        double examplesPerSecond() {
            return seconds > 0 ? examples / seconds : Double.NaN;
        }
    }
}

package io.vecgrad.train;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: a {@link Model} (nn module plus loss), an optim {@link Optimizer} built over
 * {@link Model#parameters()}, and a datasets {@link DataLoader} that does the shuffling and
 * batching. Around each step it writes metrics rows, drives a progress listener, evaluates on
 * validation data at every epoch end (and tells the {@link EpochListener}s), saves a
 * {@link Checkpoint} every N steps and at epoch ends, and stops cleanly on a {@link StopSignal}.
 * It keeps no batch past its step, so it reads the loader through
 * {@link DataLoader#epochReusingBatches} (no new batch tensors per step); a {@link BatchPerturbation}
 * must not keep the batch it is given either.
 *
 * <p><b>Gradient buffers are reused.</b> By default each step clears the parameters' gradients
 * in place and the backward writes into the same tensors (PyTorch's
 * {@code zero_grad(set_to_none=False)}; {@link Model#lossAndGradients(Batch, boolean)}), so a
 * warm step allocates no gradient buffers. A gradient tensor taken from
 * {@link Model#gradients()} is therefore overwritten by the next step; the optimizer must not
 * keep it either (every registered optimizer copies what it keeps). Results are bitwise those of
 * fresh gradients; {@link Builder#reuseGradients(boolean) reuseGradients(false)} restores fresh
 * tensors per step.
 *
 * <p><b>Resume is bit-identical.</b> A checkpoint holds the model and optimizer state, the
 * trainer's random stream, the loader's epoch, position and batch size, and the listeners'
 * state; {@code fit(..., checkpoint)} continues with exactly the batches and numbers the
 * uninterrupted run would have produced (same seed, same thread count).
 *
 * <pre>{@code
 * Model model = new Model(mlp, new int[] {64}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
 * Optimizer opt = Optimizer.of(model.parameters(), Adam.adam(1e-3));
 * DataLoader loader = DataLoader.of(data.train()).batchSize(32).seed(42).build();
 * Trainer trainer = Trainer.builder().epochs(5).validation(data.test())
 *         .checkpoints(new CheckpointStore(dir.resolve("checkpoints"), 2)).build();
 * RunSummary s = trainer.fit("adam", model, opt, loader, null);
 * }</pre>
 */
public final class Trainer {
    private final Builder b;
    private volatile Path lastCheckpoint;

    private Trainer(Builder b) {
        this.b = b;
    }

    /** Starts a builder: 1 epoch, a metrics row every step, no checkpoints, no validation. */
    public static Builder builder() {
        return new Builder();
    }

    /** The file of the last checkpoint this trainer wrote or resumed from, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /**
     * Trains until the planned epochs are done, the loss is not finite, or a stop is requested.
     *
     * @param label the run's name in metrics, reports and checkpoints
     * @param optimizer built over {@code model.parameters()}
     * @param resume a checkpoint to continue from (loaded into model, optimizer, loader and
     *     listeners), or null to start fresh
     */
    public RunSummary fit(String label, Model model, Optimizer optimizer, DataLoader loader, Checkpoint resume) {
        LoopPosition at = LoopPosition.START;
        Rng rng = new Rng(b.seed).split("trainer");
        if (resume != null) {
            resume.restore(model.module(), optimizer, loader);
            for (int i = 0; i < b.listeners.size(); i++) {
                b.listeners.get(i).restore(resume.hookState().getOrDefault(i, Map.of()));
            }
            at = resume.position();
            rng = resume.rng();
            lastCheckpoint = resume.file();
        }
        int n = loader.dataset().size();
        long total = at.step() + remainingSteps(loader, at);
        b.progress.start(label, total, at.step());
        Window window = new Window();
        Window epochWindow = new Window();
        String status = "done";
        long step = at.step();
        double seconds = at.seconds();
        Evaluation last = Evaluation.NONE;
        training:
        for (int epoch = at.epoch(); epoch < b.epochs; epoch++) {
            int position = epoch == at.epoch() ? at.position() : 0;
            epochWindow = new Window();
            // The loop keeps no batch past its step, so the loader may reuse batch buffers.
            try (DataLoader.Epoch batches = loader.epochReusingBatches(epoch, position)) {
                while (batches.hasNext()) {
                    if (b.stop.requested()) {
                        status = "interrupted";
                        break training;
                    }
                    long t0 = System.nanoTime();
                    Batch batch = batches.next();
                    model.module().setRng(rng.split(step));
                    if (b.perturbation != null) {
                        batch = b.perturbation.perturb(model, batch, rng.split(step).split("perturbation"));
                    }
                    Model.Scores r = model.lossAndGradients(batch, b.reuseGradients);
                    double lr = b.learningRate.at(step);
                    if (!Double.isFinite(r.loss())) {
                        status = "diverged";
                        window.add(r.loss(), r.accuracy(), batch.size(), 0);
                        seconds += (System.nanoTime() - t0) * 1e-9;
                        step++;
                        emit(window, step, epoch, label, lr, seconds, Evaluation.NONE);
                        break training;
                    }
                    optimizer.step(model.gradients());
                    double dt = (System.nanoTime() - t0) * 1e-9;
                    seconds += dt;
                    step++;
                    position += batch.size();
                    window.add(r.loss(), r.accuracy(), batch.size(), dt);
                    epochWindow.add(r.loss(), r.accuracy(), batch.size(), dt);
                    boolean epochEnd = position >= n || !batches.hasNext();
                    Evaluation val = Evaluation.NONE;
                    if (epochEnd && b.validation != null) {
                        val = evaluate(model, b.validation, b.evaluationBatch);
                        last = val;
                    }
                    if (step % b.logEvery == 0 || epochEnd) {
                        b.progress.update(step, window.meanLoss(), window.examplesPerSecond());
                        emit(window, step, epoch, label, lr, seconds, val);
                        window = new Window();
                    }
                    if (epochEnd) {
                        EpochEnd e = new EpochEnd(label, epoch, step, epochWindow.meanLoss(), epochWindow.meanAccuracy(), val);
                        b.listeners.forEach(l -> l.onEpochEnd(e));
                    }
                    boolean due = b.checkpointEvery > 0 && step % b.checkpointEvery == 0;
                    if (b.checkpoints != null && (due || epochEnd)) {
                        LoopPosition p = epochEnd ? new LoopPosition(step, epoch + 1, 0, seconds)
                                : new LoopPosition(step, epoch, position, seconds);
                        save(label, p, loader.batchSize(), model, optimizer, rng);
                    }
                    if (epochEnd) {
                        break;
                    }
                }
            }
        }
        b.progress.close();
        boolean finished = "done".equals(status);
        if (b.validation != null && !"diverged".equals(status) && (!finished || Double.isNaN(last.loss()))) {
            last = evaluate(model, b.validation, b.evaluationBatch);
        }
        return new RunSummary(label, step, seconds, epochWindow.meanLoss(), epochWindow.meanAccuracy(),
                last.loss(), last.accuracy(), status);
    }

    private long remainingSteps(DataLoader loader, LoopPosition at) {
        int n = loader.dataset().size();
        int bs = loader.batchSize();
        long perEpoch = (n + bs - 1) / bs;
        long rest = at.epoch() < b.epochs ? (n - at.position() + bs - 1) / bs : 0;
        return rest + perEpoch * Math.max(0, b.epochs - at.epoch() - 1);
    }

    /**
     * Example-weighted loss and accuracy over a whole data set, in order, in batches of
     * {@code batchSize}, in evaluation mode.
     */
    public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
        Window w = new Window();
        try (DataLoader loader = DataLoader.of(data).batchSize(batchSize).shuffle(false).build();
                DataLoader.Epoch batches = loader.epochReusingBatches(0, 0)) {
            for (Batch batch : batches) {
                Model.Scores s = model.evaluate(batch);
                w.add(s.loss(), s.accuracy(), batch.size(), 0);
            }
        }
        return new Evaluation(w.meanLoss(), w.meanAccuracy());
    }

    /**
     * Runs up to {@code steps} untimed training steps, stopping early once {@code budget} has
     * passed, to let the JIT compile the model's and the optimizer's code paths before a timed
     * run. Pass a throwaway model and optimizer (their state is changed) and a loader of the same
     * data; nothing is recorded. Returns the steps run.
     */
    public static int warmUp(Model model, Optimizer optimizer, DataLoader loader, int steps, java.time.Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        for (int epoch = 0; done < steps && System.nanoTime() < deadline; epoch++) {
            try (DataLoader.Epoch batches = loader.epochReusingBatches(epoch, 0)) {
                while (done < steps && batches.hasNext() && System.nanoTime() < deadline) {
                    model.lossAndGradients(batches.next(), true);
                    optimizer.step(model.gradients());
                    done++;
                }
            }
        }
        return done;
    }

    private void save(String label, LoopPosition at, int batchSize, Model model, Optimizer optimizer, Rng rng) {
        Map<Integer, Map<String, String>> hooks = new LinkedHashMap<>();
        for (int i = 0; i < b.listeners.size(); i++) {
            Map<String, String> s = b.listeners.get(i).state();
            if (!s.isEmpty()) {
                hooks.put(i, s);
            }
        }
        Path file = b.checkpoints.fileFor(at.step());
        try {
            java.nio.file.Files.createDirectories(b.checkpoints.dir());
            Checkpoint.save(file, label, at, batchSize, model.module(), optimizer.state(), rng, hooks, b.metadata);
            b.checkpoints.prune();
            lastCheckpoint = file;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint at step " + at.step() + " to " + file + " failed", e);
        }
    }

    private void emit(Window w, long step, int epoch, String label, double lr, double seconds, Evaluation val) {
        b.metrics.accept(new MetricRow(step, epoch, label, w.meanLoss(), w.meanAccuracy(), lr, seconds,
                val.loss(), val.accuracy()));
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private int epochs = 1;
        private int logEvery = 1;
        private long checkpointEvery;
        private long seed;
        private int evaluationBatch = 256;
        private CheckpointStore checkpoints;
        private MetricsSink metrics = row -> {};
        private ProgressListener progress = ProgressListener.silent();
        private StopSignal stop = new StopSignal();
        private Schedule learningRate = t -> Double.NaN;
        private Dataset validation;
        private final List<EpochListener> listeners = new ArrayList<>();
        private Map<String, String> metadata = Map.of();
        private BatchPerturbation perturbation;
        private boolean reuseGradients = true;

        private Builder() {}

        /** Passes over the training set (at least 1). */
        public Builder epochs(int e) {
            if (e < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + e);
            }
            this.epochs = e;
            return this;
        }

        /** A metrics row every this many steps (and at each epoch end). */
        public Builder logEvery(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("Trainer: logEvery must be >= 1, got " + steps);
            }
            this.logEvery = steps;
            return this;
        }

        /** Where checkpoints go (at every epoch end, and every {@link #checkpointEvery} steps). */
        public Builder checkpoints(CheckpointStore store) {
            this.checkpoints = store;
            return this;
        }

        /** Also checkpoint every this many steps (0: epoch ends only). */
        public Builder checkpointEvery(long steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("Trainer: checkpointEvery must be >= 0, got " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        /** Seeds the trainer's random stream (per-step streams for dropout and other random layers). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Receives the metrics rows (e.g. the run folder's metrics.csv). */
        public Builder metrics(MetricsSink sink) {
            this.metrics = sink;
            return this;
        }

        public Builder progress(ProgressListener p) {
            this.progress = p;
            return this;
        }

        /** Checked between steps; {@link StopSignal#request()} stops the loop cleanly. */
        public Builder stop(StopSignal s) {
            this.stop = s;
            return this;
        }

        /** The schedule the optimizer follows, for the learning_rate column (NaN when not given). */
        public Builder learningRate(Schedule lr) {
            this.learningRate = lr;
            return this;
        }

        /** Held-out data evaluated at every epoch end (validation curves, plateau hooks) and at the end. */
        public Builder validation(Dataset data) {
            this.validation = data;
            return this;
        }

        /** Batch size of evaluation passes (default 256; results do not depend on it beyond rounding). */
        public Builder evaluationBatch(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("Trainer: evaluationBatch must be >= 1, got " + size);
            }
            this.evaluationBatch = size;
            return this;
        }

        /** Called at every epoch end, in the order added. */
        public Builder onEpochEnd(EpochListener l) {
            listeners.add(l);
            return this;
        }

        /** Free-form strings stored in every checkpoint's metadata (under {@code user.}). */
        public Builder metadata(Map<String, String> m) {
            this.metadata = Map.copyOf(m);
            return this;
        }

        /**
         * Replaces every training batch before its step (e.g. adversarial training: the batch's
         * attack points, see {@code train.adversarial.AdversarialTraining}); null for none.
         * Validation and evaluation see the clean data.
         */
        public Builder perturbation(BatchPerturbation p) {
            this.perturbation = p;
            return this;
        }

        /**
         * Whether each step writes the gradients into the tensors of the previous step (default
         * true: no gradient buffers allocated per step, a kept gradient tensor is overwritten by
         * the next step) or into fresh ones (false: kept tensors stay as they were). Both give
         * the same bits.
         */
        public Builder reuseGradients(boolean on) {
            this.reuseGradients = on;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
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

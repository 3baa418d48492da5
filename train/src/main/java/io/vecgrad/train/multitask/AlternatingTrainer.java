package io.vecgrad.train.multitask;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Alternating gradient descent (AGD) across tasks, as IMP (Akbari et al., NeurIPS 2023): one
 * shared encoder, per-task stems and heads; every step samples one task
 * {@code j ~ Categorical(w / Σw)}, draws a batch of task j only and updates the encoder and
 * task j's stem and head with task j's loss (cross-entropy plus the encoder's auxiliary loss,
 * e.g. {@code MoeLayer::auxiliaryLoss}). Input shapes may differ between tasks: nothing is padded.
 *
 * <p>Optimizer state: the encoder has one optimizer state shared by all tasks; each task's stem
 * and head have their own and are stepped only when the task is sampled, so a head that was not
 * sampled is bitwise unchanged and its moments do not decay (what PyTorch does with
 * {@code grad is None}). Encoder parameters a step leaves unused (an expert that got no token)
 * receive a zero gradient, as in IMP's JAX code. The task sequence comes from
 * {@code Rng(seed).split("agd-task").split(step)}, each task's batches from a loader seeded by
 * {@code (seed, task name)}: the run is a deterministic function of the seed. With one task this
 * is ordinary mini-batch training.
 *
 * <pre>{@code
 * import io.vecgrad.datasets.TensorDataset;
 * import io.vecgrad.nn.layers.Linear;
 * import io.vecgrad.nn.moe.MoeLayer;
 * import io.vecgrad.nn.moe.MoeOptions;
 * import io.vecgrad.nn.moe.TokenEncoder;
 * import io.vecgrad.optim.first.Adam;
 * import io.vecgrad.tensor.DType;
 * import io.vecgrad.tensor.random.Rng;
 * import io.vecgrad.train.multitask.AlternatingTrainer;
 * import io.vecgrad.train.multitask.Task;
 * import java.util.List;
 *
 * Rng rng = new Rng(1);
 * TensorDataset a = new TensorDataset(rng.normal(DType.FLOAT32, 0, 1, 32, 16), rng.randint(0, 3, 32));   // 4 tokens of 4
 * TensorDataset b = new TensorDataset(rng.normal(DType.FLOAT32, 0, 1, 32, 18), rng.randint(0, 3, 32));   // 6 tokens of 3
 * TokenEncoder encoder = new TokenEncoder(8, 2, 16, 1, MoeOptions.tokensChoose(4, 1), 1, DType.FLOAT32);
 * List<Task> tasks = List.of(new Task("a", new Linear(4, 8), new Linear(8, 3), a, new int[] {4, 4}, 8, 1.0),
 *         new Task("b", new Linear(3, 8), new Linear(8, 3), b, new int[] {6, 3}, 8, 1.0));
 * try (AlternatingTrainer agd = new AlternatingTrainer(encoder, tasks, () -> Adam.adam(1e-3), MoeLayer::auxiliaryLoss, 42)) {
 *     agd.run(10);
 *     double acc = agd.evaluate(0, a).accuracy();
 * }
 * }</pre>
 */
public final class AlternatingTrainer implements AutoCloseable {
    /** One step: which task, its cross-entropy and auxiliary loss (before the update). */
    public record Step(int task, double loss, double auxiliary) {}

    /** Mean cross-entropy and accuracy over a data set. */
    public record Scores(double loss, double accuracy) {}

    private final Module encoder;
    private final List<Task> tasks;
    private final Function<Module, Variable> auxiliary;
    private final long seed;
    private final double[] cumulative;
    private final Optimizer shared;
    private final List<Optimizer> own = new ArrayList<>();
    private final List<DataLoader> loaders = new ArrayList<>();
    private final List<Iterator<Batch>> batches = new ArrayList<>();
    private final List<DataLoader.Epoch> epochs = new ArrayList<>();
    private final int[] epochIndex, counts;
    private long steps;

    /**
     * @param encoder the shared module, {@code [B, T, d] → [B, d']}, between each task's stem and head
     * @param optimizer makes one fresh transformation per parameter group (the encoder, then each task)
     * @param auxiliary extra loss of the encoder after its forward pass (e.g. {@code MoeLayer::auxiliaryLoss}), or null
     */
    public AlternatingTrainer(Module encoder, List<Task> tasks, Supplier<GradientTransformation> optimizer,
                              Function<Module, Variable> auxiliary, long seed) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("AlternatingTrainer: no tasks");
        this.encoder = encoder;
        this.tasks = List.copyOf(tasks);
        this.auxiliary = auxiliary;
        this.seed = seed;
        this.cumulative = new double[tasks.size()];
        double total = 0;
        for (int j = 0; j < tasks.size(); j++) cumulative[j] = total += tasks.get(j).weight();
        for (int j = 0; j < cumulative.length; j++) cumulative[j] /= total;
        this.shared = Optimizer.of(live(encoder, "encoder."), optimizer.get());
        for (Task t : tasks) {
            Map<String, Tensor> m = new LinkedHashMap<>(live(t.stem(), "stem.").asMap());
            m.putAll(live(t.head(), "head.").asMap());
            own.add(Optimizer.of(Params.of(m), optimizer.get()));
            loaders.add(DataLoader.of(t.train()).batchSize(t.batchSize()).seed(new Rng(seed).split("agd-data").split(t.name()).nextLong()).build());
            batches.add(null);
            epochs.add(null);
        }
        this.epochIndex = new int[tasks.size()];
        this.counts = new int[tasks.size()];
    }

    /** The task of step {@code s} (0-based), drawn from the seed alone. */
    public int taskOf(long s) {
        double u = new Rng(seed).split("agd-task").split(s).nextDouble();
        for (int j = 0; j < cumulative.length - 1; j++) if (u < cumulative[j]) return j;
        return cumulative.length - 1;
    }

    /** One AGD step on the next sampled task. */
    public Step step() {
        int j = taskOf(steps++);
        counts[j]++;
        Task t = tasks.get(j);
        Batch b = nextBatch(j);
        train(t, true);
        encoder.zeroGrad();
        t.stem().zeroGrad();
        t.head().zeroGrad();
        Variable logits = forward(t, b.x());
        Variable ce = Losses.crossEntropy(logits, b.y().to(DType.INT64));
        Variable aux = auxiliary == null ? null : auxiliary.apply(encoder);
        Variable loss = aux == null ? ce : ce.add(aux.to(ce.dtype()));
        loss.backward();
        shared.step(grads(encoder, "encoder."));
        Map<String, Tensor> g = new LinkedHashMap<>(grads(t.stem(), "stem.").asMap());
        g.putAll(grads(t.head(), "head.").asMap());
        own.get(j).step(Params.of(g));
        return new Step(j, ce.value().item(), aux == null ? 0 : aux.value().item());
    }

    /** {@code n} steps; returns them in order. */
    public List<Step> run(int n) {
        List<Step> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(step());
        return out;
    }

    /** Cross-entropy and accuracy of task {@code j}'s network on {@code data}, in evaluation mode, in chunks of 500. */
    public Scores evaluate(int j, Dataset data) {
        Task t = tasks.get(j);
        train(t, false);
        int n = data.size();
        double loss = 0;
        long hits = 0;
        try (NoGrad scope = NoGrad.enter()) {
            for (int from = 0; from < n; from += 500) {
                int to = Math.min(n, from + 500);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Batch b = data.get(idx);
                Variable out = forward(t, b.x());
                Tensor y = b.y().to(DType.INT64);
                loss += Losses.crossEntropy(out, y).value().item() * idx.length;
                long[] pred = out.value().argmax(1, false).to(DType.INT64).toLongArray(), lab = y.toLongArray();
                for (int i = 0; i < pred.length; i++) hits += pred[i] == lab[i] ? 1 : 0;
            }
        }
        return new Scores(loss / n, (double) hits / n);
    }

    /** How often each task was sampled so far. */
    public int[] taskCounts() {
        return counts.clone();
    }

    public long steps() {
        return steps;
    }

    public List<Task> tasks() {
        return tasks;
    }

    @Override
    public void close() {
        for (DataLoader.Epoch e : epochs) if (e != null) e.close();
        for (DataLoader l : loaders) l.close();
    }

    private Variable forward(Task t, Tensor x) {
        int[] shape = new int[t.inputShape().length + 1];
        shape[0] = x.shape()[0];
        System.arraycopy(t.inputShape(), 0, shape, 1, t.inputShape().length);
        Tensor in = x.reshape(shape);
        DType dt = t.stem().parameters().isEmpty() ? DType.FLOAT32 : t.stem().parameters().get(0).dtype();
        Variable h = t.stem().forward(Variable.constant(in.dtype() == dt ? in : in.to(dt)));
        return t.head().forward(encoder.forward(h));
    }

    private void train(Task t, boolean on) {
        encoder.train(on);
        t.stem().train(on);
        t.head().train(on);
    }

    private Batch nextBatch(int j) {
        Iterator<Batch> it = batches.get(j);
        if (it == null || !it.hasNext()) {
            if (epochs.get(j) != null) epochs.get(j).close();
            DataLoader.Epoch e = loaders.get(j).epoch(epochIndex[j]++);
            epochs.set(j, e);
            batches.set(j, e);
            it = e;
        }
        return it.next();
    }

    private static Params live(Module m, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(prefix + k, v.value()));
        return Params.of(out);
    }

    private static Params grads(Module m, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(prefix + k, v.grad() == null ? Tensor.zeros(v.dtype(), v.shape()) : v.grad()));
        return Params.of(out);
    }
}

package io.vecgrad.distributed.pekko;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Transforms;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.compress.Compressors;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Synchronous data-parallel training: each worker runs the ordinary {@code train} Trainer on its
 * own shard with an optimizer whose first stage averages the gradients over all workers
 * ({@link #allReduceMean}), optionally after an {@code optim.compress} compressor with error
 * feedback. Every worker starts from the same seeded model and applies the same averaged gradient,
 * so the replicas stay bit-identical, and the run equals the same code over an
 * {@link InMemoryCollective} bit for bit. The average is a ring all-reduce unless an
 * {@link AllReduce} is given ({@code runLocal(k, job, timeout, AllReduce.TREE, body)}); the oracle
 * then needs the same one ({@code runInMemory(k, AllReduce.TREE, body)}).
 *
 * <pre>{@code
 * List<RunSummary> runs = DataParallel.runLocal(2, "job", Duration.ofSeconds(60), (rank, collective) -> {
 *     Model model = buildModel(seed);                                   // same seed on every worker
 *     Optimizer opt = DataParallel.synchronize(Optimizer.of(model.parameters(), Adam.adam(1e-3)), collective, rank, null);
 *     DataLoader loader = DataLoader.of(DataParallel.shard(train, rank, 2)).batchSize(32).seed(seed).build();
 *     return Trainer.builder().epochs(3).build().fit("dp", model, opt, loader, null);
 * });
 * }</pre>
 */
public final class DataParallel {
    private DataParallel() {}

    /** What one worker does, given its rank and the collective. */
    @FunctionalInterface
    public interface WorkerBody<T> {
        T run(int rank, Collective collective) throws Exception;
    }

    /**
     * A stage that replaces the gradients by their mean over all workers: the tensors are
     * flattened in name order into one float32 vector (float64 gradients are rounded to float32 on
     * the wire), averaged by {@code collective}, and cut back into tensors of the original shapes
     * and dtypes. Round {@code t} of the stage uses collective round {@code t·stride + offset},
     * so several groups of one optimizer do not mix their messages.
     */
    public static GradientTransformation allReduceMean(Collective collective, int rank, int offset, int stride) {
        return new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY.withCount(0);
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                float[] flat = flatten(grads);
                float[] mean = collective.mean(rank, state.count() * stride + offset, flat);
                return new Update(unflatten(grads, mean), state.withCount(state.count() + 1));
            }

            @Override
            public Map<String, Double> hyperParams(State state) {
                return Map.of("workers", (double) collective.size());
            }
        };
    }

    /**
     * The optimizer with each group's transformation preceded by gradient averaging (and, when
     * {@code compressor} is not null, by that compressor under error feedback, applied to the
     * worker's own gradient before it is sent). Build {@code opt} over the model's parameters as
     * usual; the returned optimizer updates the same tensors.
     */
    public static Optimizer synchronize(Optimizer opt, Collective collective, int rank, GradientTransformation compressor) {
        Optimizer.Builder b = Optimizer.builder();
        List<Optimizer.Group> groups = opt.groups();
        for (int i = 0; i < groups.size(); i++) {
            Optimizer.Group g = groups.get(i);
            GradientTransformation reduce = allReduceMean(collective, rank, i, groups.size());
            GradientTransformation t = compressor == null ? Transforms.chain(reduce, g.transform())
                    : Transforms.chain(Compressors.errorFeedback(compressor), reduce, g.transform());
            b.group(g.name(), g.params(), t);
        }
        return b.build();
    }

    /** Worker {@code rank}'s shard of {@code data}: examples rank, rank + K, rank + 2K, ... */
    public static Dataset shard(Dataset data, int rank, int workers) {
        if (workers < 1 || rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("data-parallel shard: rank " + rank + " of " + workers + " workers");
        }
        if (data.size() < workers) {
            throw new IllegalArgumentException("data-parallel shard: " + data.size() + " examples for " + workers
                    + " workers");
        }
        int n = (data.size() - rank + workers - 1) / workers;
        return new Dataset() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Batch get(int[] indices) {
                int[] global = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    if (indices[i] < 0 || indices[i] >= n) {
                        throw new IndexOutOfBoundsException("data-parallel shard " + rank + "/" + workers + ": index "
                                + indices[i] + " of " + n);
                    }
                    global[i] = rank + indices[i] * workers;
                }
                return data.get(global);
            }
        };
    }

    /**
     * Starts {@code workers} cluster ActorSystems on 127.0.0.1 in this JVM, one endpoint and one
     * thread per worker, runs {@code body} on each with a Pekko {@link Collective}, and returns the
     * results in rank order. The systems are shut down before it returns, also on failure.
     */
    public static <T> List<T> runLocal(int workers, String job, Duration timeout, WorkerBody<T> body) throws Exception {
        return runLocal(workers, job, timeout, AllReduce.RING, body);
    }

    /** As {@link #runLocal(int, String, Duration, WorkerBody)}, averaging with the given all-reduce. */
    public static <T> List<T> runLocal(int workers, String job, Duration timeout, AllReduce algorithm, WorkerBody<T> body)
            throws Exception {
        try (LocalCluster cluster = LocalCluster.start("vecgrad-" + job, workers, false, timeout)) {
            return runOn(cluster, job, timeout, algorithm, body);
        }
    }

    /**
     * As {@link #runLocal}, on a cluster that is already up (one worker per system; the job name
     * must be new on this cluster). The cluster stays up.
     */
    public static <T> List<T> runOn(LocalCluster cluster, String job, Duration timeout, WorkerBody<T> body) throws Exception {
        return runOn(cluster, job, timeout, AllReduce.RING, body);
    }

    /** As {@link #runOn(LocalCluster, String, Duration, WorkerBody)}, averaging with the given all-reduce. */
    public static <T> List<T> runOn(LocalCluster cluster, String job, Duration timeout, AllReduce algorithm,
            WorkerBody<T> body) throws Exception {
        int workers = cluster.size();
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            for (int r = 0; r < workers; r++) {
                eps.add(PekkoEndpoint.start(cluster.system(r), job, r, workers));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(timeout);
            }
            List<Collective> cs = new ArrayList<>();
            for (PekkoEndpoint ep : eps) {
                cs.add(Collective.pekko(ep, timeout, algorithm));
            }
            return runThreads(workers, body, cs);
        } finally {
            eps.forEach(PekkoEndpoint::close);
        }
    }

    /** Runs {@code body} on {@code workers} threads over an {@link InMemoryCollective}: the oracle. */
    public static <T> List<T> runInMemory(int workers, WorkerBody<T> body) throws Exception {
        return runInMemory(workers, AllReduce.RING, body);
    }

    /** As {@link #runInMemory(int, WorkerBody)}, summing in the given all-reduce's order. */
    public static <T> List<T> runInMemory(int workers, AllReduce algorithm, WorkerBody<T> body) throws Exception {
        InMemoryCollective c = new InMemoryCollective(workers, algorithm);
        List<Collective> cs = new ArrayList<>();
        for (int r = 0; r < workers; r++) {
            cs.add(c);
        }
        return runThreads(workers, body, cs);
    }

    private static <T> List<T> runThreads(int workers, WorkerBody<T> body, List<Collective> cs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "vecgrad-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int r = 0; r < workers; r++) {
                int rank = r;
                fs.add(pool.submit(() -> body.run(rank, cs.get(rank))));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** All tensors of {@code p} in name order as one float32 vector (the all-reduce's wire layout). */
    public static float[] flatten(Params p) {
        long n = p.numel();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("data-parallel: " + n + " gradient values do not fit one vector");
        }
        float[] out = new float[(int) n];
        int at = 0;
        for (Tensor t : p.asMap().values()) {
            float[] v = t.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    static Params unflatten(Params like, float[] flat) {
        if (flat.length != like.numel()) {
            throw new IllegalArgumentException("data-parallel: averaged vector has " + flat.length + " values, the "
                    + "gradients " + like.numel());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        int at = 0;
        for (Map.Entry<String, Tensor> e : like.asMap().entrySet()) {
            Tensor t = e.getValue();
            float[] part = java.util.Arrays.copyOfRange(flat, at, at + t.numel());
            at += t.numel();
            Tensor back = Tensor.wrap(part, t.shape());
            out.put(e.getKey(), t.dtype() == DType.FLOAT32 ? back : back.to(t.dtype()));
        }
        return Params.of(out);
    }
}

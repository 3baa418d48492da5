package io.vecgrad.distributed.zoo;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.admm.AdmmMethod;
import io.vecgrad.distributed.admm.FederatedAdmm;
import io.vecgrad.distributed.admm.WlsClient;
import io.vecgrad.distributed.coding.CodedGradientDescent;
import io.vecgrad.distributed.coding.CodedShard;
import io.vecgrad.distributed.coding.GradientCode;
import io.vecgrad.distributed.curriculum.CurriculumFedAvg;
import io.vecgrad.distributed.curriculum.Ordering;
import io.vecgrad.distributed.curriculum.PacedProblem;
import io.vecgrad.distributed.curriculum.Pacing;
import io.vecgrad.distributed.curriculum.SoftmaxShard;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The {@link MethodJob}s of the synchronous methods that need their own problem, by registry name,
 * with default hyper-parameters, so {@code vecgrad cluster --method NAME} runs them on K worker JVMs:
 * <ul>
 * <li>{@code admm-fl}, {@code admm-fl-dual-free} (P37): weighted least squares, one client of 20 rows
 * per worker (d = 10, client-specific scales and offsets, as in the p37 experiment), ρ = 10, full
 * participation, Gaussian link noise σ = 0.03 (σ² ≈ 1e-3) on every downlink and uplink vector;
 * progress is the MSD ‖z − w*‖² to the federated optimum.
 * <li>{@code curriculum-fedavg} (P47): softmax regression on Gaussian blobs (8 features, 4 classes,
 * 160 mildly non-iid examples per worker); each worker orders its examples easiest first by the loss
 * of its own expert (30 full-batch gradient steps on its shard), linear pacing a = 0.5, b = 0.3 over
 * the run's rounds; every worker trains each round, K = 5 steps of lr 0.1, batch 16.
 * <li>{@code gradient-coding} (P57): full-batch gradient descent (lr 0.5) on the same kind of blobs
 * split into n partitions; a cyclic repetition code tolerating s = 1 straggler (s = 0 for one worker),
 * and one straggler per round withheld by the seeded uniform model, so every round decodes from n − 1.
 * </ul>
 * Everything depends only on (workers, seed, rounds): every node builds the same job.
 *
 * <pre>{@code
 * MethodJob job = MethodJobs.create("admm-fl-dual-free", 4, 42, 20);
 * for (String name : MethodJobs.names()) System.out.println(name);
 * }</pre>
 */
public final class MethodJobs {
    @FunctionalInterface
    private interface Factory {
        MethodJob create(int workers, long seed, int rounds);
    }

    private static final Map<String, Factory> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put("admm-fl", (n, seed, rounds) -> admm("admm-fl", FederatedAdmm.Variant.CONSENSUS_ADMM, n, seed));
        JOBS.put("admm-fl-dual-free", (n, seed, rounds) -> admm("admm-fl-dual-free", FederatedAdmm.Variant.DUAL_FREE, n, seed));
        JOBS.put("curriculum-fedavg", MethodJobs::curriculum);
        JOBS.put("gradient-coding", MethodJobs::coding);
    }

    private static final int FEATURES = 8;
    private static final int CLASSES = 4;
    private static final int PER_WORKER = 160;
    private static final int TEST = 400;
    private static final double ADMM_NOISE = 0.03;

    private MethodJobs() {}

    /** The names {@link #create} knows, in registry order. */
    public static List<String> names() {
        return List.copyOf(JOBS.keySet());
    }

    /**
     * The job {@code name} for {@code workers} workers, {@code seed} and a run of {@code rounds} rounds
     * (the curriculum's pacing spans them).
     *
     * @throws IllegalArgumentException naming the method and the figures
     */
    public static MethodJob create(String name, int workers, long seed, int rounds) {
        Factory f = JOBS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("MethodJobs.create: no job for method '" + name + "'; known: " + String.join(", ", JOBS.keySet()));
        }
        if (workers < 1 || rounds < 1) {
            throw new IllegalArgumentException("MethodJobs.create(" + name + "): need ≥ 1 worker and ≥ 1 round, got " + workers + " and " + rounds);
        }
        return f.create(workers, seed, rounds);
    }

    /** A job whose workers and method come from functions. */
    private record Job(String name, int workers, java.util.function.IntFunction<Worker> workerFactory,
            java.util.function.Supplier<RoundMethod> methodFactory, java.util.function.Function<ParamVector, String> metricsOf)
            implements MethodJob {
        @Override
        public Worker worker(int rank) {
            if (rank < 0 || rank >= workers) throw new IllegalArgumentException("MethodJob(" + name + ").worker: rank " + rank + " outside [0, " + workers + ")");
            return workerFactory.apply(rank);
        }

        @Override
        public RoundMethod method() {
            return methodFactory.get();
        }

        @Override
        public String metrics(ParamVector model) {
            return metricsOf.apply(model);
        }
    }

    // ---- P37 ADMM ----

    /** Client k's weighted least squares: Gaussian rows with a client scale, true model (i+1)/10 plus offset k. */
    static WlsClient wlsClient(int k, long seed) {
        Rng rng = new Rng(seed).split("admm-client").split(k);
        int rows = 20, d = 10;
        double scale = 0.5 + rng.nextDouble();
        double[][] x = new double[rows][d];
        double[] y = new double[rows], c = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) x[r][i] = scale * rng.nextGaussian();
            y[r] = k + rng.nextGaussian();
            for (int i = 0; i < d; i++) y[r] += (i + 1) * 0.1 * x[r][i];
            c[r] = 0.5 + rng.nextDouble();
        }
        return WlsClient.of(x, y, c);
    }

    private static MethodJob admm(String name, FederatedAdmm.Variant v, int n, long seed) {
        List<WlsClient> clients = IntStream.range(0, n).mapToObj(k -> wlsClient(k, seed)).toList();
        double[] wStar = WlsClient.optimum(clients);
        FederatedAdmm.Config cfg = new FederatedAdmm.Config(v, 10, 1, ADMM_NOISE, ADMM_NOISE, false);
        return new Job(name, n, k -> new Worker(k, ParamVector.zeros(wStar.length), wlsClient(k, seed)),
                () -> new AdmmMethod(cfg), z -> String.format(Locale.ROOT, "msd %.4e to the optimum", z.squaredDistance(new ParamVector(wStar))));
    }

    // ---- shared softmax-regression blobs ----

    private static double[] example(int label, Rng r) {
        double[] x = new double[FEATURES];
        for (int f = 0; f < FEATURES; f++) x[f] = r.nextGaussian() + (f % CLASSES == label ? 2.0 : 0.0);
        return x;
    }

    /** Worker (or partition) i's examples: half of the labels i mod C, half round robin (mildly non-iid). */
    static SoftmaxShard shard(String purpose, int i, int size, long seed) {
        Rng r = new Rng(seed).split(purpose).split(i);
        double[][] x = new double[size][];
        int[] y = new int[size];
        for (int k = 0; k < size; k++) {
            y[k] = k % 2 == 0 ? i % CLASSES : (k / 2) % CLASSES;
            x[k] = example(y[k], r);
        }
        return SoftmaxShard.of(x, y, CLASSES);
    }

    static SoftmaxShard testSet(long seed) {
        Rng r = new Rng(seed).split("test");
        double[][] x = new double[TEST][];
        int[] y = new int[TEST];
        for (int k = 0; k < TEST; k++) {
            y[k] = k % CLASSES;
            x[k] = example(y[k], r);
        }
        return SoftmaxShard.of(x, y, CLASSES);
    }

    private static String testMetrics(SoftmaxShard test, ParamVector model) {
        return String.format("test loss %.4f accuracy %.3f", test.meanLoss(model), test.accuracy(model));
    }

    /** The shard's examples as one full-batch (exact-gradient) problem. */
    static LocalProblem fullBatch(SoftmaxShard s) {
        int[] all = IntStream.range(0, s.size()).toArray();
        return new LocalProblem() {
            @Override
            public int dim() {
                return s.dim();
            }

            @Override
            public double gradient(ParamVector x, Rng rng, ParamVector out) {
                return s.gradient(x, all, out);
            }

            @Override
            public double loss(ParamVector x) {
                return s.meanLoss(x);
            }
        };
    }

    // ---- P47 curriculum FedAvg ----

    private static MethodJob curriculum(int n, long seed, int rounds) {
        SoftmaxShard test = testSet(seed);
        int[] sizes = new int[n];
        java.util.Arrays.fill(sizes, PER_WORKER);
        CurriculumFedAvg.Config cfg = new CurriculumFedAvg.Config(Pacing.linear(0.5, 0.3, rounds), n, false, Ordering.CURRICULUM, 5, 0.1);
        return new Job("curriculum-fedavg", n, k -> {
            SoftmaxShard s = shard("curriculum-shard", k, PER_WORKER, seed);
            LocalProblem full = fullBatch(s);
            ParamVector expert = ParamVector.zeros(s.dim()), g = ParamVector.zeros(s.dim());
            for (int t = 0; t < 30; t++) {
                full.gradient(expert, null, g);
                expert.axpyInPlace(-0.5, g);
            }
            int[] order = Ordering.CURRICULUM.order(s.scores(expert), new Rng(seed).split("order").split(k));
            return new Worker(k, ParamVector.zeros(s.dim()), new PacedProblem(s, order, 16));
        }, () -> new CurriculumFedAvg(cfg, sizes), model -> testMetrics(test, model));
    }

    // ---- P57 gradient coding ----

    private static MethodJob coding(int n, long seed, int rounds) {
        SoftmaxShard test = testSet(seed);
        int s = n > 1 ? 1 : 0;
        GradientCode code = GradientCode.cyclic(n, s, new Rng(seed).split("code"));
        return new Job("gradient-coding", n, k -> {
            int[] held = code.partitionsOf(k);
            List<LocalProblem> parts = new ArrayList<>();
            for (int j : held) parts.add(fullBatch(shard("coding-partition", j, PER_WORKER, seed)));
            CodedShard shard = new CodedShard(held, parts.toArray(LocalProblem[]::new));
            return new Worker(k, ParamVector.zeros(shard.dim()), shard);
        }, () -> new CodedGradientDescent(code, 0.5, CodedGradientDescent.Stragglers.uniform(s)), model -> testMetrics(test, model));
    }
}

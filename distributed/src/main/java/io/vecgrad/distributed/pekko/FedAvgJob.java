package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * The job {@code vecgrad cluster} runs by default: FedAvg (McMahan et al. 2017) of softmax
 * regression on Gaussian blobs, one shard per worker, written against the core's
 * {@link RoundEngine} so it runs unchanged in the simulator and on the Pekko cluster. It tolerates
 * departures: each round aggregates whatever the workers alive in that round sent.
 *
 * <pre>{@code
 * FedAvgJob job = new FedAvgJob(3, 42);
 * Worker w = job.worker(rank);
 * FedAvgJob.Method m = job.method();
 * // m.round(engine, r) ...; job.testLoss(m.model(engine))
 * }</pre>
 */
public final class FedAvgJob {
    /** Features of an example. */
    public static final int FEATURES = 8;
    /** Classes. */
    public static final int CLASSES = 4;
    private static final int PER_WORKER = 200;
    private static final int TEST = 400;
    private final int workers;
    private final long seed;
    private final double[][] testX;
    private final int[] testY;

    /** A job for {@code workers} workers; the data depend only on {@code seed}. */
    public FedAvgJob(int workers, long seed) {
        if (workers < 1) {
            throw new IllegalArgumentException("fedavg job: " + workers + " workers, need at least 1");
        }
        this.workers = workers;
        this.seed = seed;
        Rng r = new Rng(seed).split("test");
        testX = new double[TEST][];
        testY = new int[TEST];
        for (int i = 0; i < TEST; i++) {
            testY[i] = i % CLASSES;
            testX[i] = example(testY[i], r);
        }
    }

    /** Model dimension: a weight per (feature, class) and a bias per class. */
    public static int dim() {
        return FEATURES * CLASSES + CLASSES;
    }

    private static double[] example(int label, Rng r) {
        double[] x = new double[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            x[f] = r.nextGaussian() + (f % CLASSES == label ? 2.0 : 0.0);
        }
        return x;
    }

    /** Worker {@code i} with its shard (labels skewed toward class i mod K: mildly non-iid) and zero weights. */
    public Worker worker(int i) {
        Rng r = new Rng(seed).split("shard").split(i);
        double[][] x = new double[PER_WORKER][];
        int[] y = new int[PER_WORKER];
        for (int k = 0; k < PER_WORKER; k++) {
            y[k] = k % 2 == 0 ? i % CLASSES : (k / 2) % CLASSES;
            x[k] = example(y[k], r);
        }
        return new Worker(i, ParamVector.zeros(dim()), problem(x, y, 16));
    }

    /** Mean cross-entropy of {@code w} on the held-out examples. */
    public double testLoss(ParamVector w) {
        return problem(testX, testY, TEST).loss(w);
    }

    /** Accuracy of {@code w} on the held-out examples. */
    public double testAccuracy(ParamVector w) {
        int hits = 0;
        for (int i = 0; i < TEST; i++) {
            double[] z = logits(w.data(), testX[i]);
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (z[c] > z[best]) {
                    best = c;
                }
            }
            hits += best == testY[i] ? 1 : 0;
        }
        return hits / (double) TEST;
    }

    /** The workers this job was built for. */
    public int workers() {
        return workers;
    }

    /** FedAvg with {@code localSteps} SGD steps of {@code lr} per round. */
    public Method method(int localSteps, double lr) {
        return new Method(localSteps, lr);
    }

    /** The FedAvg round: broadcast, local SGD, gather, plain mean of what arrived. */
    public static final class Method implements RoundMethod {
        private final int localSteps;
        private final double lr;
        private ParamVector global;

        private Method(int localSteps, double lr) {
            this.localSteps = localSteps;
            this.lr = lr;
        }

        @Override
        public String name() {
            return "fedavg";
        }

        @Override
        public void setUp(RoundEngine e) {
            global = ParamVector.zeros(e.dim());
        }

        @Override
        public void round(RoundEngine e, long r) {
            int[] who = e.participants(r);
            e.broadcast(r, "model", who, global, (w, x, rng) -> w.params().setInPlace(x));
            e.local(r, "train", who, (w, rng) -> {
                ParamVector g = ParamVector.zeros(w.params().dim());
                for (int s = 0; s < localSteps; s++) {
                    w.problem().gradient(w.params(), rng, g);
                    w.params().axpyInPlace(-lr, g);
                }
                w.countGradients(localSteps);
            });
            List<Message> up = e.gather(r, "model", who, (w, rng) -> w.params().copy());
            if (!up.isEmpty()) {
                global = Aggregator.mean().aggregate(up.stream().map(Message::payload).toList());
            }
        }

        @Override
        public ParamVector model(RoundEngine e) {
            return global;
        }
    }

    private static double[] logits(double[] w, double[] x) {
        double[] z = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            double s = w[FEATURES * CLASSES + c];
            for (int f = 0; f < FEATURES; f++) {
                s += w[f * CLASSES + c] * x[f];
            }
            z[c] = s;
        }
        return z;
    }

    /** Softmax regression on (x, y); minibatches of {@code batch} drawn with replacement from the step's stream. */
    private static LocalProblem problem(double[][] x, int[] y, int batch) {
        return new LocalProblem() {
            @Override
            public int dim() {
                return FedAvgJob.dim();
            }

            @Override
            public double gradient(ParamVector p, Rng rng, ParamVector out) {
                double[] g = out.data();
                java.util.Arrays.fill(g, 0);
                double loss = 0;
                for (int b = 0; b < batch; b++) {
                    int i = rng.nextInt(x.length);
                    loss += addGradient(p.data(), x[i], y[i], g, 1.0 / batch);
                }
                return loss / batch;
            }

            @Override
            public double loss(ParamVector p) {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += addGradient(p.data(), x[i], y[i], null, 0);
                }
                return s / x.length;
            }
        };
    }

    /** Cross-entropy of one example; adds {@code scale}·∇ into g when g is not null. */
    private static double addGradient(double[] w, double[] x, int y, double[] g, double scale) {
        double[] z = logits(w, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        if (g != null) {
            for (int c = 0; c < CLASSES; c++) {
                double d = (z[c] / sum - (c == y ? 1 : 0)) * scale;
                for (int f = 0; f < FEATURES; f++) {
                    g[f * CLASSES + c] += d * x[f];
                }
                g[FEATURES * CLASSES + c] += d;
            }
        }
        return -Math.log(z[y] / sum);
    }
}

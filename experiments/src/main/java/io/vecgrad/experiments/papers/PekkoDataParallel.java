package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.pekko.DataParallel;
import io.vecgrad.distributed.pekko.FedAvgJob;
import io.vecgrad.distributed.pekko.LocalCluster;
import io.vecgrad.distributed.pekko.PekkoEndpoint;
import io.vecgrad.distributed.pekko.PekkoRoundEngine;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Evaluation;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The distributed engine on a real transport: the same runs on Apache Pekko Cluster (K cluster
 * ActorSystems on 127.0.0.1, every message through the payload serializer) and in one JVM.
 *
 * <p><b>1. Data-parallel training</b> of {@link Classifier#mlp} (64 → 32 → 10) on the 8×8 digits:
 * K workers, worker r trains on every K-th training example with Adam (lr 3e-3, batch 16 per
 * worker), gradients averaged over the workers before each step by a ring all-reduce
 * ({@code distributed.pekko.RingAllReduce}); the oracle runs the same code with the in-memory
 * collective. <b>2. FedAvg</b> ({@code distributed.pekko.FedAvgJob}: softmax regression on
 * Gaussian blobs) on the core's {@code SyncSimulator} and on {@code PekkoRoundEngine}.
 * Criterion (fixed before running): both pairs are bit-identical — no parameter of any Pekko
 * replica differs in its bits from the single-JVM result. Test accuracy and wall times are reported.
 *
 * <pre>{@code
 * Outcome o = PekkoDataParallel.run(PekkoDataParallel.Config.defaults());
 * }</pre>
 */
public final class PekkoDataParallel extends PaperExperiment {
    public PekkoDataParallel() {
        super("pekko-data-parallel", List.of("baseline"),
                "Data-parallel training and FedAvg on a real Apache Pekko cluster (ActorSystems on 127.0.0.1) against the single-JVM simulation",
                Experiments.params("workers", 3, "epochs", 4, "rounds", 20));
    }

    @Override
    public String claim() {
        return "Synchronous data-parallel training (ring all-reduce of gradients) and FedAvg over Apache Pekko give exactly the model of the single-JVM simulation with the same seeds";
    }

    @Override
    public String threshold() {
        return "0 parameters differ in bits between any Pekko replica and the single-JVM run, for the data-parallel digits MLP and for FedAvg (Pekko round engine vs SyncSimulator)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("workers"), p.getInt("epochs"), p.getInt("rounds"), 0);
        return run(c).toResult(ctx.dir());
    }

    /**
     * @param workers K
     * @param epochs data-parallel epochs over each worker's shard
     * @param rounds FedAvg rounds
     * @param trainLimit use only the first examples of the training set (0: all 1,437)
     */
    public record Config(int workers, int epochs, int rounds, int trainLimit) {
        public static Config defaults() {
            return new Config(3, 4, 20, 0);
        }

        /** Two workers, one epoch over 64 examples, two FedAvg rounds. */
        public static Config quick() {
            return new Config(2, 1, 2, 64);
        }
    }

    private record Replica(float[] params, RunSummary summary, Evaluation test) {}

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        // One cluster for both parts: forming it is most of the quick configuration's time.
        try (LocalCluster cluster = LocalCluster.start("vecgrad-experiment", c.workers(), true, Duration.ofSeconds(120))) {
            dataParallel(c, o, cluster);
            fedAvg(c, o, cluster);
        } catch (Exception e) {
            o.check("the runs completed (" + e + ")", false);
        }
        return o;
    }

    private static void dataParallel(Config c, Outcome o, LocalCluster cluster) throws Exception {
        ImageData data = ImageData.digits();
        var train = c.trainLimit() > 0 ? data.train().range(0, c.trainLimit()) : data.train();
        DataParallel.WorkerBody<Replica> body = (rank, collective) -> {
            Model m = new Model(Classifier.mlp(64, 32, new Rng(7)), new int[] {1, 8, 8}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
            Optimizer opt = DataParallel.synchronize(Optimizer.of(m.parameters(), Adam.adam(3e-3)), collective, rank, null);
            try (DataLoader loader = DataLoader.of(DataParallel.shard(train, rank, c.workers())).batchSize(16).seed(11 + rank).build()) {
                RunSummary s = Trainer.builder().epochs(c.epochs()).seed(5).build().fit("dp", m, opt, loader, null);
                return new Replica(DataParallel.flatten(m.parameters()), s, Trainer.evaluate(m, data.test(), 256));
            }
        };
        long t0 = System.nanoTime();
        List<Replica> oracle = DataParallel.runInMemory(c.workers(), body);
        double oracleSeconds = (System.nanoTime() - t0) * 1e-9;
        t0 = System.nanoTime();
        List<Replica> pekko = DataParallel.runOn(cluster, "data-parallel", Duration.ofSeconds(120), body);
        double pekkoSeconds = (System.nanoTime() - t0) * 1e-9;
        long differ = 0;
        for (int r = 0; r < c.workers(); r++) {
            differ += differing(oracle.get(0).params(), pekko.get(r).params());
            o.row("pekko-data-parallel", "engine,worker,steps,train_loss,test_loss,test_accuracy", "pekko", r,
                    pekko.get(r).summary().steps(), pekko.get(r).summary().trainLoss(), pekko.get(r).test().loss(),
                    pekko.get(r).test().accuracy());
            o.row("pekko-data-parallel", "engine,worker,steps,train_loss,test_loss,test_accuracy", "in-memory", r,
                    oracle.get(r).summary().steps(), oracle.get(r).summary().trainLoss(), oracle.get(r).test().loss(),
                    oracle.get(r).test().accuracy());
        }
        o.line(String.format("Data-parallel digits MLP, %d workers, %d epochs: test accuracy %.4f (Pekko) / %.4f (in-memory);"
                + " wall %.1f s on Pekko vs %.1f s in memory (under load)", c.workers(), c.epochs(),
                pekko.get(0).test().accuracy(), oracle.get(0).test().accuracy(), pekkoSeconds, oracleSeconds));
        o.figure("dp_test_accuracy", pekko.get(0).test().accuracy());
        o.figure("dp_params", oracle.get(0).params().length);
        o.figure("dp_differing_values", differ);
        o.check(String.format("data-parallel: %d of %d x %d parameter values differ between the Pekko replicas and the"
                + " in-memory run; needs 0", differ, c.workers(), oracle.get(0).params().length), differ == 0);
    }

    private static void fedAvg(Config c, Outcome o, LocalCluster cluster) throws Exception {
        FedAvgJob job = new FedAvgJob(c.workers(), 42);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < c.workers(); i++) {
            workers.add(job.worker(i));
        }
        FedAvgJob.Method simMethod = job.method(5, 0.1);
        ParamVector sim;
        try (SyncSimulator s = SyncSimulator.builder(workers).seed(42).threads(1).build()) {
            Simulation.run(simMethod, s, c.rounds(), c.rounds(), x -> 0.0);
            sim = simMethod.model(s);
        }
        List<ParamVector> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(c.workers());
        try {
            List<PekkoEndpoint> eps = new ArrayList<>();
            for (int i = 0; i < c.workers(); i++) {
                eps.add(PekkoEndpoint.start(cluster.system(i), "fedavg", i, c.workers()));
            }
            try {
                for (PekkoEndpoint ep : eps) {
                    ep.awaitPeers(Duration.ofSeconds(60));
                }
                List<Future<ParamVector>> fs = new ArrayList<>();
                for (int i = 0; i < c.workers(); i++) {
                    PekkoEndpoint ep = eps.get(i);
                    Worker w = job.worker(i);
                    fs.add(pool.submit(() -> {
                        FedAvgJob.Method m = job.method(5, 0.1);
                        try (PekkoRoundEngine e = PekkoRoundEngine.builder(ep, w).seed(42).build()) {
                            Simulation.run(m, e, c.rounds(), c.rounds(), x -> 0.0);
                            return m.model(e);
                        }
                    }));
                }
                for (Future<ParamVector> f : fs) {
                    nodes.add(f.get());
                }
            } finally {
                eps.forEach(PekkoEndpoint::close);
            }
        } finally {
            pool.shutdownNow();
        }
        long differ = 0;
        for (ParamVector n : nodes) {
            for (int k = 0; k < sim.dim(); k++) {
                differ += Double.doubleToRawLongBits(sim.get(k)) != Double.doubleToRawLongBits(n.get(k)) ? 1 : 0;
            }
        }
        o.line(String.format("FedAvg, %d workers, %d rounds: test accuracy %.4f, test loss %.4f (simulator and Pekko)",
                c.workers(), c.rounds(), job.testAccuracy(sim), job.testLoss(sim)));
        o.figure("fedavg_test_accuracy", job.testAccuracy(sim));
        o.figure("fedavg_differing_values", differ);
        o.check(String.format("FedAvg: %d of %d x %d model values differ between the Pekko nodes and the simulator; needs 0",
                differ, c.workers(), sim.dim()), differ == 0);
    }

    private static long differing(float[] a, float[] b) {
        long d = Math.abs(a.length - b.length);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            d += Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]) ? 1 : 0;
        }
        return d;
    }
}

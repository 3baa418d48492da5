package io.vecgrad.benchmarks;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.fed.ClassificationData;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.Shards;
import io.vecgrad.distributed.fed.SoftmaxRegression;
import io.vecgrad.distributed.sim.SyncSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Simulator throughput, the figure "worker-steps per second at 100 workers on a
 * logistic-regression model": one round of minibatch SGD on the {@link SyncSimulator} —
 * broadcast of the model, one SGD step (batch 16) on each of 100 workers holding iid shards of
 * the 8×8 digits ({@link SoftmaxRegression}, 650 parameters), gather and average in worker order.
 * The score is worker-steps per second ({@code @OperationsPerInvocation(100)}); {@code threads}
 * is the simulator's pool size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulatorBench {
    static final int WORKERS = 100;

    @Param({"1", "2"})
    public int threads;

    private SyncSimulator sim;
    private FedAvg method;
    private long round;

    @Setup(Level.Trial)
    public void setup() {
        ClassificationData train = ClassificationData.digits(0.25, 1)[0];
        int[][] shards = Shards.iid(train.size(), WORKERS, 1);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            SoftmaxRegression p = new SoftmaxRegression(train, shards[i], 16, 1e-4);
            workers.add(new Worker(i, ParamVector.zeros(p.dim()), p));
        }
        sim = SyncSimulator.builder(workers).seed(1).threads(threads).build();
        method = FedAvg.minibatchSgd(0.1);
        method.setUp(sim);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    @OperationsPerInvocation(WORKERS)
    public ParamVector minibatchSgdRound() {
        method.round(sim, round++);
        return method.model(sim);
    }
}

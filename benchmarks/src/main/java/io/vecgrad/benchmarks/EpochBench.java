package io.vecgrad.benchmarks;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.FashionMnist;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * epoch-lenet-fmnist (WORKLOADS.md, "End to end"): one training epoch of the step-lenet network
 * ({@code LeNet.mnist}, float32, freshly initialised) on all 60,000 Fashion-MNIST training images
 * (pixels in [0, 1]), shuffled with a fixed seed, batch 64 with the last batch partial, SGD lr
 * 0.01 momentum 0.9, through train's {@link Trainer} and the real datasets {@link DataLoader}, so
 * batching is included. One epoch per measurement (single shot), in seconds, on one kernel thread
 * (the reference runs PyTorch with {@code --threads 1}).
 *
 * <p>Needs Debian's {@code dataset-fashion-mnist}; without it the setup fails with a message
 * saying so and JMH reports this benchmark as not run, the others are unaffected.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EpochBench {
    TensorDataset train;
    int epoch;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (!FashionMnist.isAvailable()) {
            throw new IllegalStateException("epoch-lenet-fmnist skipped: Fashion-MNIST is not installed in "
                    + FashionMnist.directory() + " (apt-get install dataset-fashion-mnist)");
        }
        train = FashionMnist.train();
        Parallel.setThreads(1);   // one kernel thread, as StepBench and reference.py --threads 1
    }

    /** epoch-lenet-fmnist: a fresh LeNet trained for one epoch; returns the last epoch's mean loss. */
    @Benchmark
    public double epochLenetFmnist() {
        Rng rng = new Rng(42 + epoch);
        Model model = new Model(LeNet.mnist(rng.split("lenet")), new int[] {1, 28, 28}, DType.FLOAT32,
                Model.Loss.CROSS_ENTROPY);
        Optimizer sgd = Optimizer.of(model.parameters(), Sgd.sgd(0.01, 0.9, 0, 0, false));
        try (DataLoader loader = DataLoader.of(train).batchSize(64).seed(1234).build()) {
            RunSummary s = Trainer.builder().epochs(1).logEvery(100).build().fit("sgd", model, sgd, loader, null);
            epoch++;
            return s.trainLoss();
        }
    }
}

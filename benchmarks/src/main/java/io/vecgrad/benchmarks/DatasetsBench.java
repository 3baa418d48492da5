package io.vecgrad.benchmarks;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.FashionMnist;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Data pipeline costs: reading all of Fashion-MNIST from the gzip IDX files, and one shuffled
 * epoch of batches of 128 over its 60,000 training images through the {@link DataLoader}
 * (with and without prefetch) against a plain loop that gathers the same rows from the
 * arrays. Loader scores are batches per second ({@code @OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DatasetsBench {
    static final int BATCH = 128;
    static final int N = 60000;
    static final int BATCHES = N / BATCH;   // drop-last

    TensorDataset train;
    DataLoader plain;
    DataLoader prefetched;
    int epoch;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        // Fall back to zeros of the same shape so the loader numbers exist without the Debian package.
        train = FashionMnist.isAvailable() ? FashionMnist.train()
                : new TensorDataset(Tensor.zeros(N, 1, 28, 28), Tensor.zeros(DType.INT64, N));
        plain = DataLoader.of(train).batchSize(BATCH).seed(1).dropLast(true).build();
        prefetched = DataLoader.of(train).batchSize(BATCH).seed(1).dropLast(true).prefetch(4).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prefetched.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void datasets_fashion_mnist_load(Blackhole bh) throws IOException {
        if (!FashionMnist.isAvailable()) throw new IllegalStateException("Fashion-MNIST not installed in " + FashionMnist.directory());
        bh.consume(FashionMnist.train());
        bh.consume(FashionMnist.test());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCHES)
    public void datasets_loader_epoch(Blackhole bh) {
        for (Batch b : plain.epoch(epoch++)) bh.consume(b);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCHES)
    public void datasets_loader_epoch_prefetch(Blackhole bh) {
        try (DataLoader.Epoch e = prefetched.epoch(epoch++)) {
            for (Batch b : e) bh.consume(b);
        }
    }

    /** The baseline: the same shuffled order, rows copied straight from the backing arrays. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCHES)
    public void datasets_plain_loop_epoch(Blackhole bh) {
        int[] order = plain.order(epoch++);
        float[] x = train.x().floatArray();
        long[] y = train.y().longArray();
        int row = 28 * 28;
        for (int b = 0; b < BATCHES; b++) {
            float[] bx = new float[BATCH * row];
            long[] by = new long[BATCH];
            for (int i = 0; i < BATCH; i++) {
                int k = order[b * BATCH + i];
                System.arraycopy(x, k * row, bx, i * row, row);
                by[i] = y[k];
            }
            bh.consume(Tensor.wrap(bx, BATCH, 1, 28, 28));
            bh.consume(Tensor.wrap(by, BATCH));
        }
    }
}

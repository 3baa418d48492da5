package io.vecgrad.benchmarks;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedRows;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The row-wise and elementwise kernels of the step-transformer at its shapes ({@code [1024, 128]}
 * activations, {@code [1024, 512]} feed-forward hidden), at 1 and 2 kernel threads: the pieces
 * that {@code RowSplit} spreads over threads. Compare the {@code threads} rows of one run for the
 * scaling; results are the same bits at both.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar RowKernelsBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RowKernelsBench {
    @Param({"1", "2"})
    public int threads;

    private Tensor x, y, hidden, g, w, b, stats;
    private int saved;

    @Setup
    public void setup() {
        saved = Parallel.threads();
        Parallel.setThreads(threads);
        Rng r = new Rng(0);
        x = r.normal(DType.FLOAT32, 0, 1, 1024, 128);
        y = r.normal(DType.FLOAT32, 0, 1, 1024, 128);
        g = r.normal(DType.FLOAT32, 0, 1, 1024, 128);
        hidden = r.normal(DType.FLOAT32, 0, 1, 1024, 512);
        w = r.normal(DType.FLOAT32, 1, 0.1, 128);
        b = r.normal(DType.FLOAT32, 0, 0.1, 128);
        stats = FusedRows.layerNorm(x, 128, w, b, 1e-5)[1];
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(saved);
    }

    /** The residual add of [1024, 128]. */
    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    /** The ReLU mask of the [1024, 512] hidden layer. */
    @Benchmark
    public Tensor reluMask() {
        return hidden.gtMask(0);
    }

    @Benchmark
    public Tensor layerNormForward() {
        return FusedRows.layerNorm(x, 128, w, b, 1e-5)[0];
    }

    @Benchmark
    public Tensor[] layerNormBackward() {
        return FusedRows.layerNormBackward(x, 128, w, stats, g, true, true);
    }

    /** The bias gradient: [1024, 512] summed over rows. */
    @Benchmark
    public Tensor biasGradient() {
        return hidden.sum(0);
    }

    @Benchmark
    public Tensor softmax() {
        return FusedRows.softmax(hidden, false);
    }
}

package io.vecgrad.benchmarks;

import io.vecgrad.tensor.DType;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workloads add-1k (ns per call, new output) and sum-1m (reported as ns per call here; GB/s =
 * 4·2^20 / time). Names follow shared/bench/WORKLOADS.md: the method name with '_' for '-'.
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBench {
    private Tensor a1k, b1k, x1m;

    @Setup
    public void setup() {
        Parallel.setThreads(1); // the reference row runs PyTorch at one thread
        Rng r = new Rng(0);
        a1k = r.normal(DType.FLOAT32, 0, 1, 1024);
        b1k = r.normal(DType.FLOAT32, 0, 1, 1024);
        x1m = r.normal(DType.FLOAT32, 0, 1, 1 << 20);
    }

    @Benchmark
    public Tensor add_1k() {
        return a1k.add(b1k);
    }

    @Benchmark
    public Tensor sum_1m() {
        return x1m.sum();
    }
}

package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The step-lenet and step-transformer steps of {@link StepBench} with the kernels' thread pool
 * at 2 threads: the {@code -t2} rows, compared with PyTorch at {@code --threads 2}.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar StepBenchT2 -f 1 -wi 3 -i 5 -w 1 -r 1
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBenchT2 {
    private StepBench.Workload lenet, transformer;

    @Setup
    public void setup() {
        Parallel.setThreads(2);
        Rng rng = new Rng(0);
        StepBench.tiny(rng); // draw in StepBench's order so the data and weights are the same
        StepBench.mlp(rng);
        lenet = StepBench.lenet(rng);
        transformer = StepBench.transformer(rng);
    }

    /** step-lenet-t2. */
    @Benchmark
    public double step_lenet_t2() {
        return lenet.step();
    }

    /** step-transformer-t2. */
    @Benchmark
    public double step_transformer_t2() {
        return transformer.step();
    }
}

package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The ceiling the machine grants the {@code -t2} rows, measured beside them: two independent
 * copies of the step-lenet (step-transformer) step of {@link StepBench} at once, each on its own
 * JMH thread with its own model and data, the kernels at one thread. Nothing is shared and nothing
 * waits, so a step of one copy takes as long as a one-thread step only if two busy cores each
 * run as fast as one busy core does. From the rows of one run:
 *
 * <pre>
 * ceiling of the two-thread speed-up = 2 · step-X / step-X-x2      (X = lenet, transformer)
 * speed-up reached                   =     step-X / step-X-t2
 * </pre>
 *
 * A ceiling under 2 is the machine's: on the 2-core Zen 3 KVM guest of the issue-19 sessions
 * a loop of vector FMAs on registers alone ran 20–25 % slower per thread at the median whenever
 * both virtual CPUs were busy, in some minutes and not in others, with no steal time reported
 * (benchmarks/README.md, twenty-third session). The rows have no reference figure: reference.py
 * does not run two copies.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar StepBenchX2 -f 1 -wi 3 -i 5 -w 1 -r 1
 * }</pre>
 *
 * <p>Sample mode, as the other step rows: the figure is the median time per step over the
 * samples of both threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class StepBenchX2 {
    private StepBench.Workload lenet, transformer;

    /** Per JMH thread: its own models and data, drawn as {@link StepBench} draws them. */
    @Setup
    public void setup() {
        Parallel.setThreads(1);
        StepBench.Workload[] w = StepBench.lenetAndTransformer();
        lenet = w[0];
        transformer = w[1];
    }

    /** step-lenet-x2. */
    @Benchmark
    public double step_lenet_x2() {
        return lenet.step();
    }

    /** step-transformer-x2. */
    @Benchmark
    public double step_transformer_x2() {
        return transformer.step();
    }
}

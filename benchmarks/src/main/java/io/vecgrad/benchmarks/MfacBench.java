package io.vecgrad.benchmarks;

import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.mfac.Mfac;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one M-FAC step (P48: insert the gradient into the window of m, recompute the
 * m × m factors, one inverse-Fisher product) against one plain SGD step, on a 2^16-element float32
 * parameter with a fixed N(0,1) gradient, for window sizes m = 16 and 64. M-FAC is O(dm + m³) per
 * step and SGD O(d); allocation per step from {@code -prof gc} ({@code gc.alloc.rate.norm}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar MfacBench -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
public class MfacBench {
    /** One optimizer over one parameter. */
    @State(Scope.Thread)
    public static class Step {
        @Param({"16", "64"})
        public int m;

        Optimizer sgd;
        Optimizer mfac;
        Params grads;

        @Setup(Level.Trial)
        public void setup() {
            Rng r = new Rng(0);
            int d = 1 << 16;
            grads = Params.of("p", r.split("g").normal(DType.FLOAT32, 0, 1, d));
            sgd = Optimizer.of(Params.of("p", r.split("p").normal(DType.FLOAT32, 0, 1, d)), Sgd.gradientDescent(1e-3));
            mfac = Optimizer.of(Params.of("p", r.split("p").normal(DType.FLOAT32, 0, 1, d)), Mfac.of(Schedule.constant(1e-3), m, 1e-5, 0, 0));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optimizer sgdStep(Step s) {
        s.sgd.step(s.grads);
        return s.sgd;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optimizer mfacStep(Step s) {
        s.mfac.step(s.grads);
        return s.mfac;
    }
}

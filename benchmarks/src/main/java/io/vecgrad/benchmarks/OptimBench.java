package io.vecgrad.benchmarks;

import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.zoo.Registry;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
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
 * Optimizer benchmarks. {@code adam1m} is workload optim-adam-1m of WORKLOADS.md: one in-place
 * Adam update (lr 1e-3) of a 2^20-element float32 parameter whose N(0,1) gradient is given, as
 * PyTorch's {@code opt.step()} in reference.py. {@code methodStep} times one step of every
 * registered method on a 2^16-element float32 parameter through a closure that copies a fixed
 * gradient (the copy is included, identically for every method); throughput = 65536 / time.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar OptimBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
public class OptimBench {

    /** optim-adam-1m state. */
    @State(Scope.Thread)
    public static class Adam1m {
        Optimizer opt;
        Params grads;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(1); // the reference row runs PyTorch at one thread
            Rng r = new Rng(0);
            Tensor p = r.split("p").normal(DType.FLOAT32, 0, 1, 1 << 20);
            grads = Params.of("p", r.split("g").normal(DType.FLOAT32, 0, 1, 1 << 20));
            opt = Optimizer.of(Params.of("p", p), Adam.adam(1e-3));
        }
    }

    /** optim-adam-1m, in sample mode: {@code vecgrad bench} compares its median time per call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optimizer adam1m(Adam1m s) {
        s.opt.step(s.grads);
        return s.opt;
    }

    /** One registered method on 2^16 float32 parameters. */
    @State(Scope.Thread)
    public static class MethodState {
        @Param({"gd", "sgd_momentum", "sgd_nesterov_wd", "sgd_dampening", "clip_value_sgd", "clip_norm_sgd", "adam", "adam_composed",
                "amsgrad", "adamw", "nadam", "adamax", "adagrad", "adagrad_norm", "rmsprop", "rmsprop_centered_momentum", "adadelta",
                "rprop", "lbfgs", "lbfgs_strong_wolfe", "p01_adam", "p01_heavy_ball", "p01_nesterov", "p11_mass",
                "p17_momentum_annealing", "p22_extrapolation", "p29_pnag", "p29_pamsgrad", "p29_padam", "p29_padam_varying", "p06_ssgd",
                "p06_ssgd_per_tensor", "p56_adabelief", "p56_adabelief_amsgrad_coupled", "p68_diffgrad", "p41_adadagrad",
                "p41_adadagrad_norm", "topk_ef", "randk_ef", "p08_rtopk_ef", "p13_stochastic_sign", "scaled_sign_ef",
                "p09_laplace_sparsify"})
        public String method;

        Stepper stepper;
        LossAndGrad closure;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(1); // the reference row runs PyTorch at one thread
            Rng r = new Rng(1);
            Tensor p = r.split("p").normal(DType.FLOAT32, 0, 1, 1 << 16);
            Tensor g0 = r.split("g").normal(DType.FLOAT32, 0, 1, 1 << 16);
            Tensor g = Tensor.zeros(DType.FLOAT32, 1 << 16);
            Params params = Params.of("p", p);
            stepper = Registry.get(method).create(params, 1e-4);
            closure = ps -> new LossAndGrad.Result(1.0, Params.of("p", g.copyFrom(g0)));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double methodStep(MethodState s) {
        return s.stepper.step(s.closure);
    }
}

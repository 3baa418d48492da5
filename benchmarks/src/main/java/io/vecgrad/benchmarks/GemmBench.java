package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.GemmF32;
import io.vecgrad.tensor.kernel.Parallel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM workloads of shared/bench/WORKLOADS.md, float32, inputs N(0,1), C overwritten.
 *
 * <ul>
 * <li>{@code square} with {@code n}, {@code threads}: gemm-N-tT, C = A·B with N×N row-major operands;</li>
 * <li>{@code mlp}: gemm-mlp, [64×784]·[784×256], one thread;</li>
 * <li>{@code tiny}: [32×20]·[20×64], the first layer of step-tiny (not a shared workload);</li>
 * <li>{@code mlpStep} with {@code op}: the six GEMMs of one step-mlp step with the strides the
 *     Linear layers pass (weights stored [out, in] row-major): {@code forward} x[64×784]·W1ᵀ,
 *     {@code weightGrad} g1ᵀ·x (K = 64), {@code inputGrad} g1·W1 (run for hvp-mlp and deeper
 *     nets; step-mlp skips it for the constant input), {@code forward2} h[64×256]·W2ᵀ,
 *     {@code weightGrad2} g2ᵀ·h, {@code inputGrad2} g2·W2.</li>
 * </ul>
 *
 * <p>{@code square} and {@code mlp}, the rows of {@code vecgrad bench}, run in sample mode: the
 * bench compares the median time per call, the statistic of reference.py's {@code median_time}
 * (GFLOP/s = 2mnk / median time; see cli's {@code JmhResults}). {@code tiny} and {@code mlpStep}
 * stay in throughput mode and add their 2·m·n·k flops per call to the auxiliary counter
 * {@code flops}, so JMH prints a {@code :flops} line in flops per second: divide by 1e9 for
 * GFLOP/s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar GemmBench \
 *      -f 1 -wi 3 -i 5 -w 1 -r 1 -p n=256,1024 -p threads=1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {

    /** Counts flops; JMH reports it per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    /** Operands of one m×k · k×n product. */
    abstract static class Operands {
        int rows;
        int cols;
        int depth;
        float[] a;
        float[] b;
        float[] c;

        void init(int m, int n, int k, int threads) {
            rows = m;
            cols = n;
            depth = k;
            Parallel.setThreads(threads);
            Random rnd = new Random(42);
            a = gaussian(m * k, rnd);
            b = gaussian(k * n, rnd);
            c = new float[m * n];
        }

        float[] run() {
            GemmF32.gemm(rows, cols, depth, a, 0, depth, 1, b, 0, cols, 1, c, 0, cols, false);
            return c;
        }

        static float[] gaussian(int len, Random rnd) {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            return x;
        }
    }

    @State(Scope.Benchmark)
    public static class Square extends Operands {
        @Param({"64", "128", "256", "512", "1024"})
        public int n;
        @Param({"1", "2"})
        public int threads;

        @Setup(Level.Trial)
        public void setup() {
            init(n, n, n, threads);
        }
    }

    @State(Scope.Benchmark)
    public static class Mlp extends Operands {
        @Setup(Level.Trial)
        public void setup() {
            init(64, 256, 784, 1);
        }
    }

    @State(Scope.Benchmark)
    public static class Tiny extends Operands {
        @Setup(Level.Trial)
        public void setup() {
            init(32, 64, 20, 1);
        }
    }

    /** One GEMM of a step-mlp step, with the layer's own strides. */
    @State(Scope.Benchmark)
    public static class MlpStep {
        @Param({"forward", "weightGrad", "inputGrad", "forward2", "weightGrad2", "inputGrad2"})
        public String op;
        int m, n, k, aRs, aCs, bRs, bCs;
        float[] a, b, c;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(1);
            // {m, n, k, aRs, aCs, bRs, bCs}: A and B as the Linear layer's ops see them.
            int[] d = switch (op) {
                case "forward" -> new int[] {64, 256, 784, 784, 1, 1, 784};       // x · W1ᵀ
                case "weightGrad" -> new int[] {256, 784, 64, 1, 256, 784, 1};    // g1ᵀ · x
                case "inputGrad" -> new int[] {64, 784, 256, 256, 1, 784, 1};     // g1 · W1
                case "forward2" -> new int[] {64, 10, 256, 256, 1, 1, 256};       // h · W2ᵀ
                case "weightGrad2" -> new int[] {10, 256, 64, 1, 10, 256, 1};     // g2ᵀ · h
                case "inputGrad2" -> new int[] {64, 256, 10, 10, 1, 256, 1};      // g2 · W2
                default -> throw new IllegalArgumentException("GemmBench.MlpStep: unknown op " + op);
            };
            m = d[0]; n = d[1]; k = d[2]; aRs = d[3]; aCs = d[4]; bRs = d[5]; bCs = d[6];
            Random rnd = new Random(42);
            a = Operands.gaussian(m * k, rnd);
            b = Operands.gaussian(k * n, rnd);
            c = new float[m * n];
        }
    }

    /** The GEMMs of step-mlp, one by one (see {@link MlpStep}). */
    @Benchmark
    public float[] mlpStep(MlpStep s, Flops f) {
        GemmF32.gemm(s.m, s.n, s.k, s.a, 0, s.aRs, s.aCs, s.b, 0, s.bRs, s.bCs, s.c, 0, s.n, false);
        f.flops += 2L * s.m * s.n * s.k;
        return s.c;
    }

    /** gemm-N-tT, in sample mode (see the class doc). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] square(Square s) {
        return s.run();
    }

    /** gemm-mlp, in sample mode (see the class doc). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] mlp(Mlp s) {
        return s.run();
    }

    /** [32×20]·[20×64]: the tiny-MLP layer, where call overhead dominates. */
    @Benchmark
    public float[] tiny(Tiny s, Flops f) {
        f.flops += 2L * s.rows * s.cols * s.depth;
        return s.run();
    }
}

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

/**
 * The step-lenet and step-transformer steps of {@link StepBench} with the kernels' thread pool
 * at 2 threads: the {@code -t2} rows, compared with PyTorch at {@code --threads 2}.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar StepBenchT2 -f 1 -wi 3 -i 5 -w 1 -r 1
 * }</pre>
 *
 * <p>With {@code -jvmArgsAppend -Dvecgrad.pairCheck=true} each fork first prints how its two CPUs
 * scale on a cache-resident GEMM ({@link #pairCheck}): a fork whose pair scales well below 2×
 * runs on two virtual CPUs that share a physical core (or a core with a neighbour) at that time,
 * which no change to our threads can fix; compare it with the fork's step time.
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBenchT2 {
    private StepBench.Workload lenet, transformer;

    @Setup
    public void setup() {
        if (Boolean.getBoolean("vecgrad.pairCheck")) {
            System.out.println(pairCheck());
        }
        Parallel.setThreads(2);
        StepBench.Workload[] w = StepBench.lenetAndTransformer();
        lenet = w[0];
        transformer = w[1];
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

    /**
     * GFLOP/s of 96×96·96×96 float GEMMs (in L1/L2, one kernel thread per call), after a warm-up
     * that ends when two 0.4 s windows agree, on one thread for 0.4 s, then on two threads at once for 0.4 s, and their ratio, as one line.
     */
    static String pairCheck() {
        Parallel.setThreads(1);
        // Warm-up until two windows agree within 5 % (at most 30): the GEMM must be compiled by C2.
        double last = gflops(1);
        for (int i = 0; i < 30; i++) {
            double now = gflops(1);
            if (Math.abs(now - last) < 0.05 * now) break;
            last = now;
        }
        double one = gflops(1), two = gflops(2);
        return String.format(java.util.Locale.ROOT, "pair check: 1 thread %.1f GFLOP/s, 2 threads %.1f GFLOP/s, x%.2f", one, two, two / one);
    }

    private static double gflops(int threads) {
        int n = 96;
        long[] calls = new long[threads];
        Thread[] ts = new Thread[threads];
        long start = System.nanoTime(), end = start + 400_000_000L;
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
                java.util.Arrays.fill(a, 0.5f);
                java.util.Arrays.fill(b, 0.25f);
                while (System.nanoTime() < end) {
                    io.vecgrad.tensor.kernel.GemmF32.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, false);
                    calls[id]++;
                }
            });
            ts[t].start();
        }
        try {
            for (Thread t : ts) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long total = 0;
        for (long c : calls) total += c;
        return 2.0 * n * n * n * total / (System.nanoTime() - start);
    }
}

package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How much of the two-thread speed-up the machine allows, and how much of that a step reaches,
 * measured in one JVM so that both figures see the same load. Rounds of three short windows, in
 * turn: the step at one kernel thread ({@code t1}), at two ({@code t2}), and two independent
 * one-thread copies at once ({@code x2}, as {@link StepBenchX2}); each window's figure is its
 * median step (wall time). Per round:
 *
 * <pre>
 * speed-up = t1 / t2        ceiling = 2 · t1 / x2        share = speed-up / ceiling
 * </pre>
 *
 * and at the end the medians over rounds. A ceiling under 2 means that two busy cores ran slower
 * each than one busy core in that round, whatever the step does (on a shared virtual machine:
 * other tenants, or two virtual CPUs on one physical core). Windows alternate within seconds, so
 * a slow minute of the host lowers all three figures of its round rather than one of them.
 * Arguments: workload ({@code lenet} or {@code transformer}), rounds (default 12), seconds per
 * window (default 2), warm-up seconds (default 20, split between the three modes).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.vecgrad.benchmarks.ScalingProbe transformer 12 2
 * }</pre>
 */
public final class ScalingProbe {
    private ScalingProbe() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "transformer";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        double window = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        double warm = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        StepBench.Workload a = StepBench.lenetOrTransformer(which, "ScalingProbe"), b = StepBench.lenetOrTransformer(which, "ScalingProbe");
        for (int mode = 0; mode < 3; mode++) {
            measure(mode, a, b, warm / 3);
        }
        double[][] r = new double[rounds][];
        System.out.println("round,t1_ms,t2_ms,x2_ms,speedup,ceiling,share");
        for (int i = 0; i < rounds; i++) {
            double t1 = measure(0, a, b, window), t2 = measure(1, a, b, window), x2 = measure(2, a, b, window);
            r[i] = new double[] {t1, t2, x2, t1 / t2, 2 * t1 / x2, (t1 / t2) / (2 * t1 / x2)};
            System.out.printf(Locale.ROOT, "%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f%n", i, r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5]);
        }
        System.out.printf(Locale.ROOT, "median,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f%n",
                Medians.ofColumn(r, 0), Medians.ofColumn(r, 1), Medians.ofColumn(r, 2),
                Medians.ofColumn(r, 3), Medians.ofColumn(r, 4), Medians.ofColumn(r, 5));
    }

    /** Median step in ms over a window of {@code seconds}: mode 0 one kernel thread, 1 two, 2 two copies at one each. */
    static double measure(int mode, StepBench.Workload a, StepBench.Workload b, double seconds) throws Exception {
        Parallel.setThreads(mode == 1 ? 2 : 1);
        long nanos = (long) (seconds * 1e9);
        if (mode < 2) {
            return Medians.of(steps(a, System.nanoTime() + nanos).stream().mapToDouble(Double::doubleValue).toArray());
        }
        CyclicBarrier start = new CyclicBarrier(2);
        List<Double> other = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                start.await();
                other.addAll(steps(b, System.nanoTime() + nanos));
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        start.await();
        List<Double> mine = steps(a, System.nanoTime() + nanos);
        t.join();
        if (failed.get() != null) {
            throw new IllegalStateException("ScalingProbe: the second copy failed", failed.get());
        }
        mine.addAll(other);
        return Medians.of(mine.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static List<Double> steps(StepBench.Workload w, long end) {
        List<Double> ms = new ArrayList<>();
        do {
            long t0 = System.nanoTime();
            w.step();
            ms.add((System.nanoTime() - t0) / 1e6);
        } while (System.nanoTime() < end);
        return ms;
    }
}

package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.kernel.ParallelCensus;

/**
 * Why a step does or does not scale from 1 to 2 threads, in CPU time (valid on a loaded
 * machine): runs the {@code step-lenet} or {@code step-transformer} workload of
 * {@link StepBench} at {@code vecgrad.threads} (default 2) threads, warms it up, then prints
 * the step's CPU time at 1 thread, then {@link ParallelCensus} tables: the INLINE census (serial share, the regions per step, their
 * size and balance, the Amdahl bound) and the OBSERVE census (each region's work split between
 * the caller and the worker). Arguments: workload ({@code lenet} or {@code transformer}), warm-up
 * steps (default 150, run again at {@code vecgrad.threads} after the one-thread measurement),
 * census steps (default 200), and optionally {@code inline-only} seconds to
 * keep the INLINE census running for a profiler (JFR: serial code is whatever runs outside
 * {@code ParallelCensus.run}).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.vecgrad.benchmarks.ScalingCensus transformer
 * }</pre>
 */
public final class ScalingCensus {
    private ScalingCensus() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "transformer";
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        // 200, not 30: after the one-thread steps, 30 warm and 30 census steps read the
        // transformer's INLINE work 22 % above the one-thread step (23.6 against 19.4 ms CPU);
        // 150 warm and 200 census steps read 3–7 % above (20.3 against 19.7, 21.7 against
        // 20.3), and a 40 s inline-only run 20.4 ms. Temurin 25, Zen 3, loaded host.
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        double profileSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int threads = Integer.getInteger("vecgrad.threads", 2);
        Parallel.setThreads(threads);
        StepBench.Workload w = StepBench.lenetOrTransformer(which, "ScalingCensus");
        for (int i = 0; i < warm; i++) w.step();
        if (profileSeconds > 0) {
            ParallelCensus c = ParallelCensus.start(ParallelCensus.Mode.INLINE);
            long end = System.nanoTime() + (long) (profileSeconds * 1e9);
            int n = 0;
            while (System.nanoTime() < end) {
                w.step();
                n++;
            }
            System.out.print(c.stop(n).table(threads));
            return;
        }
        // The same steps on one thread: the work the decomposition at `threads` must beat.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Parallel.setThreads(1);
        for (int i = 0; i < steps; i++) w.step();
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) w.step();
        System.out.printf(java.util.Locale.ROOT, "== %s at 1 thread: step %.0f us CPU%n", which, (mx.getCurrentThreadCpuTime() - c0) / 1e3 / steps);
        Parallel.setThreads(threads);
        for (int i = 0; i < warm; i++) w.step();
        for (ParallelCensus.Mode mode : ParallelCensus.Mode.values()) {
            ParallelCensus c = ParallelCensus.start(mode);
            for (int i = 0; i < steps; i++) w.step();
            System.out.println("== " + which + " at " + threads + " threads");
            System.out.print(c.stop(steps).table(threads));
        }
    }
}

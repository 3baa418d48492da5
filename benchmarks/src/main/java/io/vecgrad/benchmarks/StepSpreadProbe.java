package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why one repeat of a step workload runs slower than another: runs {@code step-lenet} (the
 * {@link StepBench} workload, one kernel thread) for the bench's own timeline — 3 one-second
 * warm-up windows, then 5 measured ones — and prints per window the mean step time beside what
 * the JVM and the OS did in it: collections and their pause time, JIT compilation time, minor
 * page faults of the process ({@code /proc/self/stat}, 0 where absent), committed heap and the
 * bytes this thread allocated. A slow window with faults or heap growth points at first-touch
 * memory, one with compilation time at the JIT, one with pauses at the collector; one with none
 * of them at the machine. The last line gives the step after which no step allocated more
 * than 64 KB: before it some kernel still ran boxed vectors (Vector API code not yet compiled
 * by C2). Run it in several fresh JVMs (each fork of a repeat is one), with
 * {@code -XX:StartFlightRecording} to add deoptimizations and compilations to the timeline.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.vecgrad.benchmarks.StepSpreadProbe
 * }</pre>
 */
public final class StepSpreadProbe {
    private StepSpreadProbe() {}

    public static void main(String[] args) throws IOException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Parallel.setThreads(1);
        StepBench.Workload w = StepBench.lenet(new Rng(0));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        System.out.println("window,phase,uptime_ms,steps,ms_per_step,gc_count,gc_ms,jit_ms,minor_faults,heap_committed_mb,alloc_kb_per_step");
        Sample before = Sample.take(threads, jit);
        long tid = Thread.currentThread().getId();
        int total = 0, steadyFrom = 0;
        for (int i = 0; i < warmup + measured; i++) {
            long end = System.nanoTime() + 1_000_000_000L;
            int steps = 0;
            long t0 = System.nanoTime();
            do {
                long a0 = threads.getThreadAllocatedBytes(tid);
                w.step();
                if (threads.getThreadAllocatedBytes(tid) - a0 > 64 * 1024) steadyFrom = total + 1;
                steps++;
                total++;
            } while (System.nanoTime() < end);
            long t1 = System.nanoTime();
            Sample after = Sample.take(threads, jit);
            System.out.printf(Locale.ROOT, "%d,%s,%d,%d,%.3f,%d,%d,%d,%d,%.0f,%.1f%n", i, i < warmup ? "warmup" : "measure",
                    ManagementFactory.getRuntimeMXBean().getUptime(), steps, (t1 - t0) / 1e6 / steps,
                    after.gcCount - before.gcCount, after.gcMs - before.gcMs, after.jitMs - before.jitMs,
                    after.faults - before.faults, after.heapCommitted / 1048576.0, (after.allocated - before.allocated) / 1024.0 / steps);
            before = after;
        }
        System.out.println("steps " + total + ", every step from step " + steadyFrom + " on allocated at most 64 KB");
    }

    /** Cumulative counters at one moment. */
    private record Sample(long gcCount, long gcMs, long jitMs, long faults, long heapCommitted, long allocated) {
        static Sample take(com.sun.management.ThreadMXBean threads, CompilationMXBean jit) throws IOException {
            long count = 0, ms = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                ms += Math.max(0, gc.getCollectionTime());
            }
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Sample(count, ms, jit.getTotalCompilationTime(), minorFaults(), heap.getCommitted(),
                    threads.getThreadAllocatedBytes(Thread.currentThread().getId()));
        }
    }

    /** Field 10 of {@code /proc/self/stat} (minor faults of the whole process), or 0 where it does not exist. */
    private static long minorFaults() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.exists(stat)) return 0;
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]); // fields after the command: state(3) ... minflt is field 10 overall
    }
}

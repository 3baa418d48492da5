package io.vecgrad.tensor.kernel;

import java.util.function.IntConsumer;

/**
 * The one thread pool shared by all kernels.
 *
 * <p>Kernels split their output into fixed tiles whose layout depends only on the problem
 * shape, never on the thread count, and hand the tile indices to {@link #parallelFor}. Each
 * tile is computed by exactly one thread in the same order, so results are bitwise identical
 * for any thread count. Whether a problem is big enough to be worth threads is the caller's
 * decision (see {@link #worthSplitting(double)}): handing out work costs a few microseconds.
 *
 * <p>The thread count defaults to the number of processors, can be set with the system
 * property {@code vecgrad.threads} or with {@link #setThreads(int)}. A {@link WorkerTeam} of
 * {@code threads()-1} daemon workers helps; the calling thread always does its share. Idle
 * workers spin for {@code vecgrad.spinMicros} (default 200 µs) before they park, so the short
 * jobs of one training step do not each pay a thread wake-up. Calls made
 * from inside a task (nested parallelism) run inline on the calling thread, so they can never
 * deadlock on a full pool.
 *
 * <pre>{@code
 * Parallel.setThreads(2);
 * double[] partial = new double[tiles];
 * Parallel.parallelFor(tiles, t -> partial[t] = sumOfTile(t));   // every tile once
 * }</pre>
 */
public final class Parallel {
    /** Below this many floating point operations a kernel should stay on one thread (about 2·128³). */
    public static final double MIN_PARALLEL_FLOPS = 2.0 * 128 * 128 * 128;

    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile int threads = initialThreads();
    private static WorkerTeam team;   // guarded by Parallel.class; null until first needed

    /**
     * How long an idle worker spins for the next job before it parks, in nanoseconds
     * (system property {@code vecgrad.spinMicros}, default 200 µs; 0 parks at once).
     */
    static final long SPIN_NANOS = 1000L * Long.getLong("vecgrad.spinMicros", 200L);

    private Parallel() {}

    private static int initialThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("vecgrad.threads");
        if (prop == null || prop.isBlank()) {
            return cpus;
        }
        try {
            return Math.max(1, Integer.parseInt(prop.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vecgrad.threads must be a positive integer, was " + prop, e);
        }
    }

    /** The number of threads kernels may use, the caller included (at least 1). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets how many threads kernels may use from now on, the calling thread included.
     * A call already running finishes with the old workers first.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + n);
        }
        if (n != threads && team != null) {
            team.shutdown();   // a running job completes first; idle workers exit
            team = null;
        }
        threads = n;
    }

    /** True when {@code flops} of work is enough to pay for handing it to other threads. */
    public static boolean worthSplitting(double flops) {
        return worthSplitting(flops, MIN_PARALLEL_FLOPS);
    }

    /** {@link #worthSplitting(double)} with a kernel's own threshold, for kernels that measured theirs. */
    static boolean worthSplitting(double flops, double minFlops) {
        return threads > 1 && flops >= minFlops && !INSIDE.get()[0];
    }

    /**
     * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)}, spread over
     * up to {@link #threads()} threads, and returns when all have finished. Runs inline, in
     * increasing order, when there is one thread, one task, or when called from inside a task,
     * and on the calling thread alone while another thread's call holds the workers.
     * The first exception thrown by a task is rethrown here after the other tasks are done or
     * skipped.
     */
    public static void parallelFor(int tasks, IntConsumer body) {
        boolean[] inside = INSIDE.get();
        ParallelCensus census = ParallelCensus.active;
        if (census != null && tasks > 1 && census.run(tasks, body, inside)) {
            return;
        }
        if (Math.min(threads, tasks) <= 1 || inside[0] || !team().tryRun(tasks, body)) {
            runInline(tasks, body, inside);
        }
    }

    private static void runInline(int tasks, IntConsumer body, boolean[] inside) {
        boolean wasInside = inside[0];
        inside[0] = true;   // nested calls from the body stay inline, as they would on a worker
        try {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
        } finally {
            inside[0] = wasInside;
        }
    }

    /** The calling thread's "inside a task" flag, shared with {@link WorkerTeam}. */
    static boolean[] insideFlag() {
        return INSIDE.get();
    }

    static synchronized WorkerTeam team() {
        if (team == null) {
            team = new WorkerTeam(threads - 1, SPIN_NANOS);
        }
        return team;
    }
}

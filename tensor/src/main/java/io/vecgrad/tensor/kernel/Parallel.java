package io.vecgrad.tensor.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * property {@code vecgrad.threads} or with {@link #setThreads(int)}. The pool holds
 * {@code threads()-1} daemon workers; the calling thread always does its share. Calls made
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
    private static ExecutorService pool;   // guarded by Parallel.class; null until first needed

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
     * Calls already running finish with the old pool.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();   // idle workers exit; running tasks complete
            pool = null;
        }
        threads = n;
    }

    /** True when {@code flops} of work is enough to pay for handing it to other threads. */
    public static boolean worthSplitting(double flops) {
        return threads > 1 && flops >= MIN_PARALLEL_FLOPS && !INSIDE.get()[0];
    }

    /**
     * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)}, spread over
     * up to {@link #threads()} threads, and returns when all have finished. Runs inline, in
     * increasing order, when there is one thread, one task, or when called from inside a task.
     * The first exception thrown by a task is rethrown here after the other tasks are done or
     * skipped.
     */
    public static void parallelFor(int tasks, IntConsumer body) {
        int helpers = Math.min(threads, tasks) - 1;
        boolean[] inside = INSIDE.get();
        if (helpers <= 0 || inside[0]) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        Job job = new Job(tasks, body);
        ExecutorService p = pool();
        try {
            for (int h = 0; h < helpers; h++) {
                p.execute(job::drain);
            }
        } catch (RejectedExecutionException e) {
            // The pool was replaced by setThreads meanwhile; the caller simply does more itself.
        }
        job.drain();
        job.await();
        job.rethrow();
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger ids = new AtomicInteger();
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "vecgrad-kernel-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** One parallelFor call: threads pull task indices from a shared counter until none are left. */
    private static final class Job {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        // Counts finished tasks, not threads: a helper that starts late (pool busy) finds
        // nothing left to do, and the caller never waits for it.
        private final CountDownLatch done;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
            this.done = new CountDownLatch(tasks);
        }

        void drain() {
            boolean[] inside = INSIDE.get();
            boolean wasInside = inside[0];
            inside[0] = true;
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    try {
                        if (error.get() == null) {
                            body.accept(t);
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }
            } finally {
                inside[0] = wasInside;
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // the tasks must finish anyway: they write caller memory
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() {
            Throwable e = error.get();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            if (e != null) {
                throw new RuntimeException(e);
            }
        }
    }
}

package io.vecgrad.tensor.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The worker threads behind {@link Parallel}: a fixed team that waits for the next job by
 * spinning for a short while before it parks.
 *
 * <p>Why not an {@code ExecutorService}: a training step hands out hundreds of small jobs
 * (one per row-wise op, GEMM, attention call), each of a few tens of microseconds. A pool
 * worker parked on its queue needs an unpark and a reschedule for each of them, which on a
 * virtual machine costs about as long as the job itself; the 2-thread transformer step was no
 * faster than the 1-thread one. Spinning for {@link #spinNanos} after each job keeps the worker
 * awake across the gaps between the ops of one step (the same trade OpenMP runtimes make with
 * their active wait policy); a team left idle longer than that parks and costs nothing. The
 * wait does not yield: tried with {@code Thread.yield()} after 20 µs of spinning, on a machine
 * with more runnable threads than cores the worker then ran 10–17 % of the GEMM tasks of a
 * transformer step instead of 30–45 % (it queued behind other processes when the job came).
 *
 * <p>One job runs at a time. A second thread that calls in while the team is busy runs its job
 * alone, on its own thread (see {@link #tryRun}); results do not depend on who runs a task.
 *
 * <pre>{@code
 * WorkerTeam team = new WorkerTeam(1, 50_000);          // one helper, spins 50 µs
 * boolean ran = team.tryRun(8, t -> work(t));           // false only when the team was busy
 * team.shutdown();
 * }</pre>
 */
final class WorkerTeam {
    private final Worker[] workers;
    private final long spinNanos;
    private final ReentrantLock busy = new ReentrantLock();
    private volatile Job current;
    /** Bumped once per posted job (and once at shutdown); idle workers spin on it, so it has its cache lines alone. */
    private final PaddedCounter epoch = new PaddedCounter();
    private volatile boolean stopped;

    WorkerTeam(int helpers, long spinNanos) {
        this.spinNanos = spinNanos;
        this.workers = new Worker[helpers];
        for (int i = 0; i < helpers; i++) {
            workers[i] = new Worker("vecgrad-kernel-" + (i + 1));
            workers[i].start();
        }
    }

    /**
     * Runs {@code body} for every task index on the caller and the helpers, returning when all
     * tasks are done; false (nothing run) when another thread holds the team or it is shut down.
     */
    boolean tryRun(int tasks, IntConsumer body) {
        if (stopped || !busy.tryLock()) {
            return false;
        }
        try {
            Job job = new Job(tasks, body);
            current = job;
            epoch.value = epoch.value + 1;     // only the lock holder writes epoch
            for (Worker w : workers) {
                if (w.sleeping) {
                    LockSupport.unpark(w);
                }
            }
            job.drain();
            job.awaitDone(spinNanos);
            current = null;
            job.rethrow();
            return true;
        } finally {
            busy.unlock();
        }
    }

    /** Lets the workers finish what they run and exit. */
    void shutdown() {
        stopped = true;
        busy.lock();                           // wait for a running job
        try {
            epoch.value = epoch.value + 1;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        } finally {
            busy.unlock();
        }
    }

    private final class Worker extends Thread {
        volatile boolean sleeping;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = epoch.value;
            while (true) {
                seen = awaitNext(seen);
                if (stopped) {
                    return;
                }
                Job job = current;
                if (job != null) {
                    job.drain();
                }
            }
        }

        /** Spins, then parks, until the epoch moves past {@code seen}; returns the new epoch. */
        private long awaitNext(long seen) {
            long start = System.nanoTime();
            while (epoch.value == seen && System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait();
            }
            while (epoch.value == seen && !stopped) {
                // Dekker-style hand-shake with tryRun: we publish sleeping, then re-read epoch;
                // the caller publishes epoch, then reads sleeping. One of us sees the other.
                sleeping = true;
                if (epoch.value == seen && !stopped) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
            return epoch.value;
        }
    }

    /** One job: threads pull task indices from a shared counter until none are left. */
    private static final class Job {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void drain() {
            boolean[] inside = Parallel.insideFlag();
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
                        finished.incrementAndGet();
                    }
                }
            } finally {
                inside[0] = wasInside;
            }
        }

        /**
         * Waits until every task has finished: spins first (a helper is usually inside its
         * last task), then sleeps in short steps. Tasks write caller memory, so the caller
         * never leaves early, not even when interrupted.
         */
        void awaitDone(long spinNanos) {
            long start = System.nanoTime();
            while (finished.get() < tasks) {
                if (System.nanoTime() - start < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
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

    /** 128 bytes of padding (two cache lines: the line and its adjacent-line prefetch pair). */
    static class PadBefore {
        long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
    }

    /** The value, after the padding of its superclass (superclass fields are laid out first). */
    static class PaddedValue extends PadBefore {
        volatile long value;
    }

    /**
     * A volatile counter with 128 bytes of padding on each side. A worker that spins reading a
     * cache line holds it shared; if the caller's serial code wrote another field on that line
     * (whatever object the heap layout of this JVM put next to it), every such write would pay a
     * cross-core invalidation, and which fields are neighbours changes from JVM to JVM.
     */
    static final class PaddedCounter extends PaddedValue {
        long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15;
    }
}

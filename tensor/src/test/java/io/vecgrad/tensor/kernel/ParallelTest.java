package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel")
class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void runsEveryTaskExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            Parallel.parallelFor(1000, hits::incrementAndGet);
            for (int t = 0; t < 1000; t++) {
                assertEquals(1, hits.get(t), "task " + t + " with " + threads + " threads");
            }
        }
    }

    @Test
    void oneThreadRunsInlineInOrder() {
        Parallel.setThreads(1);
        Thread caller = Thread.currentThread();
        int[] order = new int[5];
        int[] next = {0};
        Parallel.parallelFor(5, t -> {
            assertSame(caller, Thread.currentThread());
            order[next[0]++] = t;
        });
        assertEquals("[0, 1, 2, 3, 4]", java.util.Arrays.toString(order));
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16 * 16);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                Parallel.parallelFor(16, outer -> {
                    Thread me = Thread.currentThread();
                    Parallel.parallelFor(16, inner -> {
                        assertSame(me, Thread.currentThread());
                        hits.incrementAndGet(outer * 16 + inner);
                    });
                }));
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void exceptionsPropagateToTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.parallelFor(8, t -> {
                    if (t == 5) {
                        throw new IllegalStateException("task 5");
                    }
                }));
        assertEquals("task 5", e.getMessage());
        // the pool is still usable afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        Parallel.parallelFor(4, hits::incrementAndGet);
        assertEquals(1, hits.get(3));
    }

    @Test
    void callersOnTwoThreadsEachGetEveryTaskOnce() throws Exception {
        Parallel.setThreads(2);
        int rounds = 2000;
        AtomicIntegerArray a = new AtomicIntegerArray(rounds * 8);
        AtomicIntegerArray b = new AtomicIntegerArray(rounds * 8);
        Thread other = new Thread(() -> {
            for (int r = 0; r < rounds; r++) {
                int base = r * 8;
                Parallel.parallelFor(8, t -> b.incrementAndGet(base + t));
            }
        });
        other.start();
        for (int r = 0; r < rounds; r++) {
            int base = r * 8;
            Parallel.parallelFor(8, t -> a.incrementAndGet(base + t));
        }
        other.join(60_000);
        for (int i = 0; i < a.length(); i++) {
            assertEquals(1, a.get(i), "caller A, task " + i);
            assertEquals(1, b.get(i), "caller B, task " + i);
        }
    }

    @Test
    void workersThatParkedWakeForTheNextJob() throws Exception {
        Parallel.setThreads(3);
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.parallelFor(64, hits::incrementAndGet);
        Thread.sleep(5 * (Parallel.SPIN_NANOS / 1_000_000) + 20);   // long enough for the workers to park
        java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            // tasks wait for each other, so the job can only finish when a parked worker woke up
            java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
            Parallel.parallelFor(2, t -> {
                seen.add(Thread.currentThread());
                both.countDown();
                try {
                    both.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        assertEquals(2, seen.size());
    }

    @Test
    void rejectsNonPositiveThreadCounts() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }

    @Test
    void smallWorkIsNotWorthSplitting() {
        Parallel.setThreads(2);
        assertEquals(false, Parallel.worthSplitting(2.0 * 64 * 64 * 64));
        assertEquals(true, Parallel.worthSplitting(2.0 * 256 * 256 * 256));
        Parallel.setThreads(1);
        assertEquals(false, Parallel.worthSplitting(2.0 * 1024 * 1024 * 1024));
    }

    @Test
    void theEpochWorkersSpinOnHasItsCacheLinesAlone() throws Exception {
        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
        long value = u.objectFieldOffset(WorkerTeam.PaddedValue.class.getDeclaredField("value"));
        long before = Long.MIN_VALUE, after = Long.MAX_VALUE;
        for (Class<?> c : new Class<?>[] {WorkerTeam.PadBefore.class, WorkerTeam.PaddedCounter.class}) {
            for (java.lang.reflect.Field p : c.getDeclaredFields()) {
                long o = u.objectFieldOffset(p);
                if (o < value) before = Math.max(before, o); else after = Math.min(after, o);
            }
        }
        assertTrue(value >= 128, "padding before the value: offset " + value);
        assertTrue(after > value && after != Long.MAX_VALUE, "padding after the value starts at " + after);
        long lastAfter = 0;
        for (java.lang.reflect.Field p : WorkerTeam.PaddedCounter.class.getDeclaredFields()) {
            lastAfter = Math.max(lastAfter, u.objectFieldOffset(p));
        }
        assertTrue(lastAfter - value >= 120, "padding after the value ends " + (lastAfter - value) + " bytes past it");
    }
}

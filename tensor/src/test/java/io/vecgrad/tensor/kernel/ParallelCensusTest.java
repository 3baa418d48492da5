package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel")
class ParallelCensusTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void makespanIsDynamicSchedulingInTaskOrder() {
        // thread A takes 3, B takes 1, then B (free first) takes the rest: both end at 3
        assertEquals(3, ParallelCensus.makespan(new long[] {3, 1, 1, 1}, 2));
        // in order, not sorted: A 1, B 5, A 1+1+1 → 5
        assertEquals(5, ParallelCensus.makespan(new long[] {1, 5, 1, 1}, 2));
        assertEquals(8, ParallelCensus.makespan(new long[] {1, 5, 1, 1}, 1));
        assertEquals(5, ParallelCensus.makespan(new long[] {1, 5, 1, 1}, 4));
    }

    /**
     * The INLINE census's serial part is the step's time outside the regions, not the census's own
     * timer calls between tasks: with a clock that advances one tick per reading and tasks that do
     * nothing, ten times as many tasks leave the same serial figure (before, each task's gap
     * counted, about a microsecond per task on a real clock).
     */
    @Test
    void inlineSerialPartLeavesOutTheTimerCallsBetweenTasks() {
        Parallel.setThreads(2);
        double[] serial = new double[2];
        int[] tasks = {50, 500};
        for (int i = 0; i < 2; i++) {
            java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
            ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE, () -> ticks.addAndGet(1_000));
            Parallel.parallelFor(tasks[i], t -> { });
            ParallelCensus.Report r = census.stop(1);
            assertEquals(1_000.0 * tasks[i], r.regionNanos(), r.table(2));
            serial[i] = r.stepNanos() - r.regionNanos();
        }
        assertEquals(serial[0], serial[1], "serial ns with 50 and 500 tasks");
        assertTrue(serial[0] <= 3_000, "serial ns " + serial[0]);
    }

    @Test
    void inlineCensusRunsEveryTaskOnceOnTheCallerAndCountsRegionsBySite() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        AtomicIntegerArray hits = new AtomicIntegerArray(7);
        ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE);
        for (int step = 0; step < 3; step++) {
            Parallel.parallelFor(7, t -> {
                assertSame(caller, Thread.currentThread());
                hits.incrementAndGet(t);
                Parallel.parallelFor(4, u -> spin(20_000));   // nested: inline, no region of its own
            });
            Parallel.parallelFor(2, t -> spin(50_000));
        }
        ParallelCensus.Report r = census.stop(3);
        for (int t = 0; t < 7; t++) assertEquals(3, hits.get(t));
        assertEquals(2.0, r.regionsPerStep(), r.table(2));
        assertEquals(2, r.sites().size(), r.table(2));
        long tasks = 0;
        for (ParallelCensus.Site s : r.sites()) {
            tasks += s.tasks();
            assertTrue(s.name().contains("ParallelCensusTest"), s.name());
            assertTrue(s.work() > 0 && s.makespan(2) <= s.work() && 2 * s.makespan(2) >= s.work(), s.name());
        }
        assertEquals(3 * 7 + 3 * 2, tasks);
        assertTrue(r.regionNanos() <= r.stepNanos() * 1.05, r.table(2));
        assertTrue(r.table(2).contains("Amdahl bound"), r.table(2));
    }

    @Test
    void observeCensusRunsOnTheTeamAndSplitsWorkByThread() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.OBSERVE);
        Parallel.parallelFor(16, t -> {
            hits.incrementAndGet(t);
            spin(100_000);
        });
        ParallelCensus.Report r = census.stop(1);
        for (int t = 0; t < 16; t++) assertEquals(1, hits.get(t));
        ParallelCensus.Site s = r.sites().get(0);
        long[] by = s.byThread();
        assertEquals(s.work(), by[0] + by[1]);
        assertTrue(r.table(2).contains("caller/worker"), r.table(2));
    }

    @Test
    void regionsOfOtherThreadsAreNotCountedAndRunNormally() throws Exception {
        Parallel.setThreads(2);
        ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE);
        AtomicIntegerArray hits = new AtomicIntegerArray(8);
        Thread other = new Thread(() -> Parallel.parallelFor(8, hits::incrementAndGet));
        other.start();
        other.join();
        ParallelCensus.Report r = census.stop(1);
        for (int t = 0; t < 8; t++) assertEquals(1, hits.get(t));
        assertEquals(0.0, r.regionsPerStep());
    }

    @Test
    void badUseIsRejectedWithTheFigures() {
        ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE);
        try {
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ParallelCensus.start(ParallelCensus.Mode.OBSERVE));
            assertTrue(twice.getMessage().contains("already running"));
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> census.stop(0));
            assertTrue(zero.getMessage().contains("was 0"), zero.getMessage());
        } finally {
            census.stop(1);
        }
        ParallelCensus.start(ParallelCensus.Mode.INLINE).stop(1);   // a new census may start once the last stopped
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}

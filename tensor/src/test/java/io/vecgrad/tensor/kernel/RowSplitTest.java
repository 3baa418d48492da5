package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel")
class RowSplitTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** Chunk start → end, as one run hands them out. */
    private static TreeMap<Integer, Integer> chunks(int threads, int n, boolean elements, long rowWork) {
        Parallel.setThreads(threads);
        TreeMap<Integer, Integer> seen = new TreeMap<>();
        RowSplit.Body body = (f, t) -> {
            synchronized (seen) {
                seen.put(f, t);
            }
        };
        if (elements) RowSplit.elements(n, body);
        else RowSplit.rows(n, rowWork, body);
        return seen;
    }

    @Test
    void chunksCoverEveryItemOnceAtAlignedStartsWhateverTheThreadCount() {
        for (int n : new int[] {(int) RowSplit.MIN_WORK, 40_001, 131_072, 1_000_003}) {
            TreeMap<Integer, Integer> two = chunks(2, n, true, 1);
            assertTrue(two.size() > 1, n + " elements at 2 threads should split, got " + two);
            int next = 0;
            for (var e : two.entrySet()) {
                assertEquals(next, (int) e.getKey(), "chunks of " + n + " leave a gap or overlap");
                assertEquals(0, e.getKey() % RowSplit.ALIGN, "chunk start " + e.getKey() + " not aligned");
                assertTrue(e.getValue() > e.getKey(), "empty chunk " + e);
                next = e.getValue();
            }
            assertEquals(n, next, "chunks of " + n + " end early");
            assertEquals(two, chunks(3, n, true, 1), "the chunk layout must not depend on the thread count");
            assertEquals(two, chunks(4, n, true, 1), "the chunk layout must not depend on the thread count");
        }
    }

    @Test
    void rowsSplitIntoWholeRows() {
        TreeMap<Integer, Integer> c = chunks(2, 1024, false, 128);
        assertTrue(c.size() > 1, "1024 rows of 128 should split: " + c);
        assertEquals(1024, (int) c.lastEntry().getValue());
        assertEquals(c, chunks(3, 1024, false, 128));
    }

    @Test
    void smallWorkOrOneThreadRunsAsOneInlineCall() {
        Thread caller = Thread.currentThread();
        List<int[]> calls = new ArrayList<>();
        Parallel.setThreads(2);
        RowSplit.elements((int) RowSplit.MIN_WORK - 1, (f, t) -> {
            assertEquals(caller, Thread.currentThread());
            calls.add(new int[] {f, t});
        });
        Parallel.setThreads(1);
        RowSplit.rows(100_000, 128, (f, t) -> calls.add(new int[] {f, t}));
        RowSplit.elements(0, (f, t) -> calls.add(new int[] {f, t}));   // nothing to do: no call
        assertEquals(2, calls.size());
        assertEquals(RowSplit.MIN_WORK - 1, calls.get(0)[1]);
        assertEquals(100_000, calls.get(1)[1]);
    }
}

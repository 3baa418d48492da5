package io.vecgrad.distributed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Latency;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventEngineTest {
    @Test
    void eventsFireInTimeOrderAndTiesInSchedulingOrder() {
        EventEngine e = new EventEngine(3, 1).tracing(true);
        List<String> fired = new ArrayList<>();
        e.schedule(2.0, "b", 0, x -> fired.add("b"));
        e.schedule(1.0, "a", 1, x -> fired.add("a"));
        e.schedule(2.0, "c", 2, x -> fired.add("c"));
        e.schedule(0.5, "first", 0, x -> x.schedule(1.5, "d", 1, y -> fired.add("d")));
        e.runUntil(Double.POSITIVE_INFINITY);
        assertEquals(List.of("a", "b", "c", "d"), fired);
        List<EventEngine.Fired> t = e.trace();
        for (int k = 1; k < t.size(); k++) {
            assertTrue(t.get(k).time() > t.get(k - 1).time() || (t.get(k).time() == t.get(k - 1).time() && t.get(k).seq() > t.get(k - 1).seq()));
        }
    }

    private static List<EventEngine.Fired> poissonRun(long seed) {
        EventEngine e = new EventEngine(4, seed).tracing(true);
        e.link((from, to) -> Latency.logNormal(-2, 1));
        e.channel(Channels.drop(0.2));
        e.onMessage((m, x) -> {});
        for (int i = 0; i < 4; i++) {
            int node = i;
            e.poisson(i, 1.0 + i, EventEngine.POISSON_TICK, x -> x.send(Message.dense(node, (node + 1) % 4, 0, "ping", ParamVector.of(node))));
        }
        e.runUntil(20);
        return e.trace();
    }

    @Test
    void aRunIsADeterministicFunctionOfTheSeed() {
        assertEquals(poissonRun(5), poissonRun(5));
        assertTrue(!poissonRun(5).equals(poissonRun(6)));
    }

    @Test
    void poissonClockTicksAtItsRate() {
        EventEngine e = new EventEngine(1, 3);
        int[] ticks = new int[1];
        e.poisson(0, 5.0, EventEngine.POISSON_TICK, x -> ticks[0]++);
        e.runUntil(2000);
        // Poisson(10000): 5 standard deviations is 500
        assertEquals(10000, ticks[0], 500);
        assertEquals(2000, e.now(), 0.0);
    }

    @Test
    void messagesArriveAfterTheirLatencyAndCrashedNodesDropEverything() {
        EventEngine e = new EventEngine(3, 2);
        e.link((from, to) -> Latency.constant(from == 0 ? 1.0 : 3.0));
        List<String> got = new ArrayList<>();
        e.onMessage((m, x) -> got.add(m.tag() + "@" + x.now()));
        e.crash(2, 2.0);
        e.send(Message.dense(0, 1, 0, "fast", ParamVector.of(1)));
        e.send(Message.dense(1, 2, 0, "toCrashed", ParamVector.of(1)));
        e.schedule(5.0, "tick", 2, x -> got.add("crashed node ran"));
        e.runUntil(10);
        assertEquals(List.of("fast@1.0"), got);
        assertEquals(16, e.bytes().totalBytes());
        assertTrue(!e.alive(2) && e.alive(1));
    }

    @Test
    void badArgumentsAreRejectedWithTheFigures() {
        EventEngine e = new EventEngine(2, 1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.schedule(-1, "x", 0, y -> {}));
        assertTrue(ex.getMessage().contains("-1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.poisson(0, 0, "t", y -> {}));
        assertThrows(IllegalArgumentException.class, () -> e.crash(5, 1));
    }
}

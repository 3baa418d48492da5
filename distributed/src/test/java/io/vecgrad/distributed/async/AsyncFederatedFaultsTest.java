package io.vecgrad.distributed.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Departures, crashes and drops in the simulator's asynchronous federated methods. */
class AsyncFederatedFaultsTest {
    static final int M = 4;

    static AsyncFederated run(Config cfg) {
        List<Worker> ws = AsyncFederatedTest.workers(M, 0.1);
        return new AsyncFederated(ws, ClientTimes.linear(M, 50), cfg, AsyncFederatedTest.uniform(M), 7);
    }

    /** Always drops client {@code who}'s updates (a channel keyed like the seeded drop). */
    static Channel dropsFrom(int who) {
        return Channels.perMessage("drop", (m, rng) -> m.from() == who ? null : m);
    }

    @Test
    void fedBuffWithFewerThanCClientsLeftAggregatesTheSurvivors() {
        AsyncFederated sim = run(Config.fedBuff(3, true, 0.1, 2, 1.0));
        sim.depart(1, 3.0);
        sim.depart(2, 3.0);
        sim.runSteps(40);
        assertEquals(40, sim.serverSteps(), "FedBuff c = 3 with 2 clients left must not stall");
        assertArrayEquals(new int[] {1, 2}, sim.departed());
        for (AsyncFederated.Step s : sim.steps()) {
            if (s.time() > 4.5) {   // past every job started before the departures
                assertArrayEquals(new int[] {0, 3}, s.clients(), "step at " + s.time());
            }
        }
    }

    @Test
    void aSilentCrashStallsFedBuffWhereADepartureDoesNot() {
        AsyncFederated sim = run(Config.fedBuff(3, true, 0.1, 2, 1.0));
        sim.engine().crash(1, 3.0);
        sim.engine().crash(2, 3.0);
        sim.runSteps(40);
        assertTrue(sim.serverSteps() < 40, "the server does not know of a crash: " + sim.serverSteps() + " steps");
    }

    @Test
    void aDroppedUpdateLosesItsClientAndSyncGoesOnWithTheOthers() {
        AsyncFederated sim = run(Config.sync(0.1, 2, 1.0));
        sim.engine().channel(dropsFrom(2));
        sim.runSteps(10);
        assertEquals(10, sim.serverSteps());
        assertEquals(1, sim.dropped(), "client 2's first update is dropped, and it is never restarted");
        for (AsyncFederated.Step s : sim.steps()) {
            assertArrayEquals(new int[] {0, 1, 3}, s.clients());
        }
    }

    @Test
    void asyncAndFedFixGoOnAfterADeparture() {
        AsyncFederated async = run(Config.async(true, 0.1, 2, 1.0));
        async.depart(0, 2.0);
        async.runSteps(30);
        assertEquals(30, async.serverSteps());
        assertTrue(async.steps().stream().filter(s -> s.time() > 2.0).allMatch(s -> s.clients()[0] != 0));
        AsyncFederated fix = run(Config.fedFix(0.5, true, 0.1, 2, 1.0));
        fix.depart(0, 1.0);
        fix.depart(1, 1.0);
        fix.depart(2, 1.0);
        fix.depart(3, 1.0);
        fix.runUntil(5.1);
        assertEquals(10, fix.serverSteps(), "FedFix keeps its timer: a step every Δt = 0.5 up to t = 5.1");
    }

    @Test
    void anUpdateArrivingAfterItsClientDepartedIsDiscarded() {
        AsyncFederated sim = run(Config.async(true, 0.1, 2, 1.0));
        sim.engine().link((from, to) -> io.vecgrad.distributed.Latency.constant(0.5));
        sim.depart(3, 0.6);   // client 3 (τ = 0.5) sends at 0.5, its update lands at 1.0
        sim.runUntil(3.0);
        assertEquals(1, sim.lateUpdates());
        assertTrue(sim.steps().stream().allMatch(s -> s.clients()[0] != 3));
    }

    @Test
    void badDeparturesAreRejected() {
        AsyncFederated sim = run(Config.async(true, 0.1, 2, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.depart(4, 1.0));
        assertTrue(e.getMessage().contains("client 4 outside 0..3"), e.getMessage());
        sim.runUntil(2.0);
        e = assertThrows(IllegalArgumentException.class, () -> sim.depart(0, 1.0));
        assertTrue(e.getMessage().contains("time 1.0 is before the clock 2.0"), e.getMessage());
    }
}

package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on the asynchronous Pekko paths (cluster ActorSystems in this JVM on 127.0.0.1, port 0,
 * serialize-messages on): client nodes that leave mid-run, scheduled crashes and seeded drops.
 * The oracle is the replay of the recorded order, departures and drops in the simulator.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PekkoAsyncFaultsTest {
    static final long SEED = 42;

    static List<Worker> workers(int m) {
        return PekkoAsyncFederatedTest.workers(0.3).subList(0, m);
    }

    static double[] uniform(int m) {
        return PekkoAsyncFederatedTest.uniform(m);
    }

    /**
     * FedBuff with c = 3 of 4 clients and 100 ms units; clients 1 and 2 live on systems 1 and 2,
     * which are terminated after the 5th of 50 server steps. The two survivors (0 and 3, on the
     * server's system) cannot fill a buffer of 3: the server records both departures and aggregates the survivors
     * (min(c, W) = 2), so the 50 steps finish well within the timeout, and the replay with the
     * departures rebuilds the model bit for bit.
     */
    @Test
    void fedBuffFinishesWhenTwoOfFourClientNodesLeaveAndReplaysBitForBit() throws Exception {
        int m = 4;
        ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(m, 50), 0.5);
        AsyncFederated.Config cfg = AsyncFederated.Config.fedBuff(3, true, 0.1, 5, 1.0);
        PekkoAsyncFederated.Settings settings = new PekkoAsyncFederated.Settings(Duration.ofMillis(100), 50, Duration.ofSeconds(60));
        LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30));
        try {
            AtomicBoolean killed = new AtomicBoolean();
            List<ActorRef<PekkoEndpoint.Command>> actors = new ArrayList<>();
            List<Worker> ws = workers(m);
            CompletableFuture<PekkoAsyncFederated.Result> done = PekkoAsyncFederated.startServer(cluster.system(0), "leave",
                    ws.get(0).params(), times, cfg, uniform(m), SEED, settings, (step, model, clients, stale) -> {
                        if (step == 5 && killed.compareAndSet(false, true)) {
                            cluster.system(1).terminate();   // asynchronous: the nodes leave while the run goes on
                            cluster.system(2).terminate();
                        }
                    }, actors);
            for (Worker w : ws) {
                actors.add(PekkoAsyncFederated.startClient(cluster.system(w.id() % 3), "leave", w, times, cfg, SEED,
                        settings.unit()));
            }
            long t0 = System.nanoTime();
            PekkoAsyncFederated.Result r = PekkoAsyncFederated.await(done, settings);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 45, "finished in " + seconds + " s");
            System.out.printf("fedbuff c=3 of 4, two nodes left: %.1f s, departures %s%n", seconds,
                    r.trace().events(AsyncTrace.Kind.DEPARTURE));
            List<AsyncTrace.Event> gone = r.trace().events(AsyncTrace.Kind.DEPARTURE);
            assertEquals(2, gone.size(), "departures: " + gone);
            assertEquals(List.of(1, 2), gone.stream().map(AsyncTrace.Event::client).sorted().toList());
            for (AsyncTrace.Event e : gone) {
                assertTrue(e.time() > 0 && e.version() >= 5, "departure " + e);
            }
            int lastDeparture = Math.max(gone.get(0).index(), gone.get(1).index());
            List<AsyncTrace.Aggregation> steps = r.trace().aggregations();
            AsyncTrace.Aggregation last = steps.get(steps.size() - 1);
            assertTrue(last.atEvent() > lastDeparture, "steps after the departures");
            assertArrayEquals(new int[] {0, 3}, last.clients(), "the survivors fill the buffer");
            assertEquals(50, r.trace().serverSteps());

            AsyncFederated sim = AsyncReplay.replay(r.trace(), workers(m), times, cfg, uniform(m), SEED, r.weights());
            assertEquals(50, sim.serverSteps());
            assertArrayEquals(new int[] {1, 2}, sim.departed());
            for (int s = 0; s < 50; s++) {
                assertArrayEquals(steps.get(s).clients(), sim.steps().get(s).clients(), "step " + s);
            }
            assertArrayEquals(r.model().data(), sim.global().data(), 0.0, "replayed model differs");
        } finally {
            cluster.close();
        }
    }

    /**
     * Async FedAvg over 6 clients with client 4 crashing 1.5 units after its first job and a
     * seeded drop (probability 1/2) on clients 1 and 2's updates, drawn by the simulator's message
     * key: the replay with the same channel drops the same updates (one that it did not drop
     * would be applied and change the bits), so the models are equal bit for bit.
     */
    @Test
    void aSeededCrashAndDropRunReplaysBitForBit() {
        int m = 6;
        ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(m, 50), 0.5);
        AsyncFederated.Config cfg = AsyncFederated.Config.async(true, 0.05, 3, 0.5);
        Channel drop = Channels.perMessage("drop", (msg, rng) -> (msg.from() == 1 || msg.from() == 2) && rng.nextDouble() < 0.5
                ? null : msg);
        PekkoAsyncFederated.Faults faults = new PekkoAsyncFederated.Faults(Map.of(4, 1.5), drop);
        try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
            PekkoAsyncFederated.Result r = PekkoAsyncFederated.run(cluster, workers(m), times, cfg, uniform(m), SEED,
                    new PekkoAsyncFederated.Settings(Duration.ofMillis(50), 30, Duration.ofSeconds(60)), faults);
            AsyncTrace t = r.trace();
            assertEquals(List.of(4), t.events(AsyncTrace.Kind.DEPARTURE).stream().map(AsyncTrace.Event::client).toList(),
                    "the crashed client departs");
            assertTrue(t.dropped() >= 1 && t.dropped() <= 2, "drops: " + t.dropped());
            assertTrue(t.events(AsyncTrace.Kind.DROP).stream().allMatch(e -> e.client() == 1 || e.client() == 2));
            // Client 4 sends no job finishing 1.5 units or more after its first one; timers never fire early, so at
            // most the jobs whose drawn durations add up to less than 1.5 units get through.
            double elapsed = 0;
            int possible = 0;
            for (long j = 0; ; j++) {
                elapsed += times.sample(4, new io.vecgrad.distributed.RandomStreams(SEED).stream("compute-time", 4, j));
                if (elapsed >= 1.5) {
                    break;
                }
                possible++;
            }
            System.out.printf("client 4: first job drawn %.3f units, %d jobs possible before its crash%n",
                    times.sample(4, new io.vecgrad.distributed.RandomStreams(SEED).stream("compute-time", 4, 0)), possible);
            assertTrue(t.arrivalsPerClient(m)[4] <= possible, "client 4 crashed at 1.5 units: "
                    + t.arrivalsPerClient(m)[4] + " updates, at most " + possible + " possible");

            System.out.printf("async crash+drop: %d drops, departures %s, arrivals per client %s%n", t.dropped(),
                    t.events(AsyncTrace.Kind.DEPARTURE), Arrays.toString(t.arrivalsPerClient(m)));
            AsyncFederated sim = AsyncReplay.replay(t, workers(m), times, cfg, uniform(m), SEED, r.weights(), drop);
            assertEquals(t.dropped(), sim.dropped(), "the simulator dropped the same updates");
            assertArrayEquals(r.model().data(), sim.global().data(), 0.0, "replayed model differs");
            AsyncFederated noDrops = AsyncReplay.replay(t, workers(m), times, cfg, uniform(m), SEED, r.weights());
            assertTrue(!Arrays.equals(r.model().data(), noDrops.global().data()), "the oracle sees the drops");
        }
    }

    @Test
    void badFaultsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PekkoAsyncFederated.Faults(Map.of(1, -1.0), Channel.perfect()));
        assertTrue(e.getMessage().contains("client 1 crashes at -1.0 units"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PekkoAsyncFederated.Faults(Map.of(), null));
        assertTrue(e.getMessage().contains("null uplink"), e.getMessage());
    }
}

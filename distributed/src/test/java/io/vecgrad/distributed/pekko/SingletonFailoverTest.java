package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.fed.Scaffold;
import io.vecgrad.distributed.pekko.SingletonServerTest.Channels3;
import io.vecgrad.distributed.pekko.SingletonServerTest.SimRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fail-over of the Cluster Singleton server: the node hosting the server (worker 0's, the oldest)
 * is terminated mid-run; Pekko restarts the singleton on the next oldest node, which resumes from
 * the last replicated checkpoint with the survivors' resent uploads. The run finishes, every
 * survivor records the take-over (lost node, new host, round resumed), and the final model, the
 * survivors' parameters, the server's byte count and gradient total are bit for bit those of the
 * simulator with worker 0 crashed at the round the new server resumed from (read from the run's
 * record, since the exact round depends on when the node went). Three cluster ActorSystems in this
 * JVM on 127.0.0.1 port 0, serialize-messages on; one fresh cluster per test (its oldest node dies).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SingletonFailoverTest {
    static final int N = SingletonServerTest.N;
    static final int ROUNDS = 8;

    /** What one survivor saw. */
    record Survivor(SingletonRoundEngine.Result result, io.vecgrad.distributed.ParamVector params,
            List<SingletonRoundEngine.Failover> failovers, long resent) {}

    @Test
    void fedAvgFinishesWithTheSurvivorsAfterTheHostDiesAndEqualsTheSimulatorWithThatWorkerCrashed() throws Exception {
        assertFailoverMatchesSimulator("f-fedavg", () -> FedAvg.fedAvg(2, 0.1, 1.0),
                new Channels3(Channel.perfect(), Channel.perfect(), Channels.gaussianNoise(0.01)));
    }

    @Test
    void scaffoldKeepsItsControlVariateAcrossTheTakeOver() throws Exception {
        assertFailoverMatchesSimulator("f-scaffold", () -> new Scaffold(3, 0.1, 1.0, 1.0), Channels3.perfect());
    }

    @Test
    void majorityVoteWithErrorFeedbackKeepsItsErrorMemoryAcrossTheTakeOver() throws Exception {
        assertFailoverMatchesSimulator("f-vote", () -> MajorityVote.signs(0.05).withErrorFeedback(),
                new Channels3(Channel.perfect(), Channels.drop(0.2), Channel.perfect()));
    }

    static void assertFailoverMatchesSimulator(String job, Supplier<RoundMethod> method, Channels3 ch)
            throws Exception {
        List<Survivor> survivors = killHostMidRun(job, method, ch);
        SingletonRoundEngine.Failover f = survivors.get(0).failovers().get(0);
        for (Survivor s : survivors) {
            assertEquals(1, s.failovers().size(), job + ": one take-over recorded " + s.failovers());
            assertEquals(f, s.failovers().get(0), job + ": the survivors agree on the take-over");
            assertEquals(1, s.result().serverRestarts(), job + ": the server reports one restart");
            assertTrue(s.result().checkpointVectors() > 0 && s.result().checkpointBytes() > 0,
                    job + ": checkpoints were replicated and counted apart " + s.result());
        }
        assertEquals(0, f.lostHost(), job + ": the oldest node (worker 0's) hosted the server");
        assertTrue(f.newHost() == 1 || f.newHost() == 2, job + ": a survivor's node took over: " + f);
        assertTrue(f.round() >= 2 && f.round() <= ROUNDS, job + ": resumed from round " + f.round());
        String line = f.describe();
        assertTrue(line.contains("worker 0's") && line.contains("from round " + f.round())
                && line.contains("worker 0 dropped from round " + f.round()), line);

        SimRun sim = SingletonServerTest.simulate(method,
                new Channels3(ch.encode(), ch.network(), ch.downlink(), 0, f.round()), ROUNDS);
        assertTrue(sim.model().squaredNorm() > 0, job + ": the method moved the model");
        for (int k = 0; k < survivors.size(); k++) {
            int i = k + 1;
            Survivor s = survivors.get(k);
            assertTrue(sim.model().bitwiseEquals(s.result().model()), job + ": worker " + i
                    + "'s final model differs from the simulator's with worker 0 crashed at round " + f.round());
            assertTrue(sim.params().get(i).bitwiseEquals(s.params()), job + ": worker " + i + " parameters differ");
            assertEquals(sim.bytes(), s.result().totalBytes(), job + ": bytes counted by the servers");
            assertEquals(sim.gradients(), s.result().gradients(), job + ": gradients reported to the servers");
        }
    }

    /**
     * Runs the job on a fresh 3-node cluster: once workers 1 and 2 finished round 2 they hold while
     * worker 0's node (the server's host) terminates, then go on with the server that took over.
     */
    static List<Survivor> killHostMidRun(String name, Supplier<RoundMethod> method, Channels3 ch) throws Exception {
        LocalCluster c = LocalCluster.start("vecgrad-" + name, N, true, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        CountDownLatch roundTwo = new CountDownLatch(N - 1);
        CountDownLatch hostGone = new CountDownLatch(1);
        try {
            SingletonServer.Job job = SingletonServer.job(name, N, ROUNDS, method,
                    i -> SingletonServerTest.WORKER.apply(i).params()).seed(SingletonServerTest.SEED)
                    .encode(ch.encode()).network(ch.network()).downlink(ch.downlink())
                    .timeout(Duration.ofSeconds(40)).build();
            List<ActorRef<PekkoEndpoint.Command>> proxies = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(c.system(i), name, i, N));
                proxies.add(SingletonServer.init(c.system(i), job, i));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<Survivor>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                PekkoEndpoint ep = eps.get(i);
                ActorRef<PekkoEndpoint.Command> proxy = proxies.get(i);
                Worker w = SingletonServerTest.WORKER.apply(i);
                int rank = i;
                fs.add(pool.submit(() -> {
                    try (SingletonRoundEngine e = SingletonRoundEngine.builder(ep, w, proxy)
                            .seed(SingletonServerTest.SEED).timeout(Duration.ofSeconds(40)).build()) {
                        RoundMethod m = method.get();
                        m.setUp(e);
                        for (long r = 0; r < ROUNDS; r++) {
                            m.round(e, r);
                            if (rank != 0 && r == 2) { // the survivors wait for the host's node to go
                                roundTwo.countDown();
                                if (!hostGone.await(90, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException(name + ": worker 0's node did not terminate");
                                }
                            }
                        }
                        SingletonRoundEngine.Result res = e.result(ROUNDS);
                        return new Survivor(res, w.params().copy(), e.failovers(), e.resentVectors());
                    }
                }));
            }
            assertTrue(roundTwo.await(60, TimeUnit.SECONDS), name + ": the survivors finished round 2");
            // Mid-run by construction, not by timing: the survivors hold after round 2 until the node is gone.
            c.system(0).terminate();
            c.system(0).getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            hostGone.countDown();
            List<Survivor> out = new ArrayList<>();
            for (int i = 1; i < N; i++) {
                out.add(fs.get(i).get(150, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
            c.close();
        }
    }
}

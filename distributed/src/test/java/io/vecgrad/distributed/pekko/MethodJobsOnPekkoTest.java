package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.History;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.coding.CodedGradientDescent;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.distributed.zoo.MethodJob;
import io.vecgrad.distributed.zoo.MethodJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The methods that bring their own problem ({@link MethodJobs}: P37 ADMM with noisy links, P47
 * curriculum FedAvg with paced shards, P57 gradient coding with seeded stragglers) give bit-identical
 * models, worker parameters, byte and gradient counts in the simulator and over Pekko (three cluster
 * ActorSystems in this JVM on 127.0.0.1, port 0, serialize-messages on), built exactly as
 * {@code vecgrad cluster} builds them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MethodJobsOnPekkoTest {
    static final int N = 3;
    static final long SEED = 42;
    static final int ROUNDS = 5;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad-jobs", N, true, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Run(RoundMethod method, ParamVector model, List<ParamVector> params, History history) {}

    static Run simulate(MethodJob job) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ws.add(job.worker(i));
        }
        RoundMethod m = job.method();
        try (SyncSimulator sim = SyncSimulator.builder(ws).seed(SEED).threads(2).build()) {
            History h = Simulation.run(m, sim, ROUNDS, 1, x -> 0.0);
            List<ParamVector> params = new ArrayList<>();
            for (Worker w : ws) {
                params.add(w.params().copy());
            }
            return new Run(m, m.model(sim).copy(), params, h);
        }
    }

    static List<Run> overPekko(MethodJob job, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(cluster.system(i), tag, i, N));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<Run>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                PekkoEndpoint ep = eps.get(i);
                Worker w = job.worker(i);
                fs.add(pool.submit(() -> {
                    RoundMethod m = job.method();
                    try (PekkoRoundEngine e = PekkoRoundEngine.builder(ep, w).seed(SEED).timeout(Duration.ofSeconds(30)).build()) {
                        History h = Simulation.run(m, e, ROUNDS, 1, x -> 0.0);
                        return new Run(m, m.model(e).copy(), List.of(w.params().copy()), h);
                    }
                }));
            }
            List<Run> out = new ArrayList<>();
            for (Future<Run> f : fs) {
                out.add(f.get(150, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
        }
    }

    static Run assertSame(String name) throws Exception {
        MethodJob job = MethodJobs.create(name, N, SEED, ROUNDS);
        Run sim = simulate(job);
        List<Run> nodes = overPekko(job, "job-" + name);
        assertTrue(sim.model().squaredNorm() > 0, name + ": the method moved the model");
        for (int i = 0; i < N; i++) {
            Run r = nodes.get(i);
            assertTrue(sim.model().bitwiseEquals(r.model()), name + ": node " + i + "'s model differs from the simulator's");
            assertTrue(sim.params().get(i).bitwiseEquals(r.params().get(0)), name + ": worker " + i + "'s parameters differ");
            List<History.Record> a = sim.history().records(), b = r.history().records();
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).bytes(), b.get(k).bytes(), name + ": bytes at record " + k);
                assertEquals(a.get(k).gradients(), b.get(k).gradients(), name + ": gradients at record " + k);
            }
        }
        return sim;
    }

    @Test
    void admmWithNoisyLinksIsBitIdentical() throws Exception {
        assertSame("admm-fl");
        assertSame("admm-fl-dual-free");
    }

    @Test
    void curriculumFedAvgWithPacedShardsIsBitIdentical() throws Exception {
        assertSame("curriculum-fedavg");
    }

    @Test
    void gradientCodingWithSeededStragglersIsBitIdentical() throws Exception {
        Run sim = assertSame("gradient-coding");
        CodedGradientDescent m = (CodedGradientDescent) sim.method();
        assertEquals(ROUNDS, m.decodedRounds(), "one straggler per round, s = 1: every round decodes");
        // per round n broadcasts and, one upload being withheld, n − 1 coded vectors of 8·d bytes reach the counter
        long perRound = (2 * N - 1) * 8L * MethodJobs.create("gradient-coding", N, SEED, ROUNDS).worker(0).params().dim();
        assertEquals(ROUNDS * perRound, sim.history().records().get(ROUNDS).bytes());
    }
}

package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.History;
import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Simulation;
import io.vecgrad.distributed.Topology;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.tensor.random.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same synchronous method with the same seed gives bit-identical models in the simulator and
 * over Pekko (three cluster ActorSystems in this JVM on 127.0.0.1, serialize-messages on).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SimulatorEqualsPekkoTest {
    static final int N = 3;
    static final int D = 40;
    static final long SEED = 42;
    static final int ROUNDS = 4;

    /** ½‖x − cᵢ‖² with Gaussian gradient noise drawn from the step's stream. */
    static LocalProblem noisyQuadratic(int i) {
        Rng r = new Rng(100 + i);
        double[] c = new double[D];
        for (int k = 0; k < D; k++) {
            c[k] = r.nextGaussian() * (i + 1);
        }
        ParamVector center = new ParamVector(c);
        LocalProblem exact = LocalProblem.quadratic(center);
        return new LocalProblem() {
            public int dim() {
                return D;
            }

            public double gradient(ParamVector x, Rng rng, ParamVector out) {
                double l = exact.gradient(x, rng, out);
                for (int k = 0; k < D; k++) {
                    out.data()[k] += 0.3 * rng.nextGaussian();
                }
                return l;
            }

            public double loss(ParamVector x) {
                return exact.loss(x);
            }
        };
    }

    static Worker worker(int i) {
        return new Worker(i, ParamVector.zeros(D), noisyQuadratic(i));
    }

    /** FedAvg with three local steps, then one gossip step on a ring: every collective the engines offer. */
    static final class FedAvgThenGossip implements RoundMethod {
        private ParamVector global;

        public String name() {
            return "fedavg-gossip";
        }

        public void setUp(RoundEngine e) {
            global = ParamVector.zeros(e.dim());
        }

        public void round(RoundEngine e, long r) {
            int[] who = e.participants(r);
            e.broadcast(r, "model", who, global, (w, x, rng) -> w.params().setInPlace(x));
            e.local(r, "train", who, (w, rng) -> {
                ParamVector g = ParamVector.zeros(w.params().dim());
                for (int s = 0; s < 3; s++) {
                    w.problem().gradient(w.params(), rng, g);
                    w.params().axpyInPlace(-0.2, g);
                    w.countGradients(1);
                }
            });
            List<Message> up = e.gather(r, "model", who, (w, rng) -> w.params().copy());
            global = Aggregator.mean().aggregate(up.stream().map(Message::payload).toList());
            Topology ring = Topology.ring(e.workers());
            e.exchange(r, "gossip", ring, (w, rng) -> w.params().copy(), (w, inbox, rng) -> {
                ParamVector acc = w.params().copy().scaleInPlace(ring.weight(w.id(), w.id()));
                for (Message m : inbox) {
                    acc.axpyInPlace(ring.weight(w.id(), m.from()), m.payload());
                }
                w.params().setInPlace(acc);
            });
        }

        public ParamVector model(RoundEngine e) {
            return global;
        }
    }

    private static LocalCluster cluster;

    @org.junit.jupiter.api.BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad-simeq", N, true, Duration.ofSeconds(60));
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    record NodeResult(ParamVector model, ParamVector params, History history) {}

    /** Runs {@code method} in the simulator and over Pekko with the same workers and seed; asserts bit-identity. */
    static void assertSameOnBothEngines(String job, java.util.function.Supplier<RoundMethod> method,
            java.util.function.IntFunction<Worker> worker, io.vecgrad.distributed.Channel network) throws Exception {
        List<Worker> simWorkers = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            simWorkers.add(worker.apply(i));
        }
        RoundMethod simMethod = method.get();
        History simHistory;
        ParamVector simModel;
        List<ParamVector> simParams;
        try (SyncSimulator sim = SyncSimulator.builder(simWorkers).seed(SEED).threads(2).network(network).build()) {
            simHistory = Simulation.run(simMethod, sim, ROUNDS, 1, x -> 0.0);
            simModel = simMethod.model(sim);
            simParams = sim.snapshot();
        }
        List<NodeResult> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(cluster.system(i), job, i, N));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<NodeResult>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                PekkoEndpoint ep = eps.get(i);
                Worker w = worker.apply(i);
                fs.add(pool.submit(() -> {
                    RoundMethod m = method.get();
                    try (PekkoRoundEngine engine = PekkoRoundEngine.builder(ep, w).seed(SEED).network(network)
                            .timeout(Duration.ofSeconds(30)).build()) {
                        History h = Simulation.run(m, engine, ROUNDS, 1, x -> 0.0);
                        return new NodeResult(m.model(engine), w.params().copy(), h);
                    }
                }));
            }
            for (Future<NodeResult> f : fs) {
                nodes.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
        }
        assertTrue(simModel.squaredNorm() > 0, job + ": the method moved the model");
        for (int i = 0; i < N; i++) {
            NodeResult r = nodes.get(i);
            assertTrue(simModel.bitwiseEquals(r.model()), job + ": node " + i + " model differs from the simulator's");
            assertTrue(simParams.get(i).bitwiseEquals(r.params()), job + ": worker " + i + " parameters differ");
            List<History.Record> a = simHistory.records();
            List<History.Record> b = r.history().records();
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).bytes(), b.get(k).bytes(), job + ": bytes counted at record " + k);
                assertEquals(a.get(k).gradients(), b.get(k).gradients(), job + ": gradients at record " + k);
                assertEquals(Double.doubleToRawLongBits(a.get(k).consensus()),
                        Double.doubleToRawLongBits(b.get(k).consensus()), job + ": consensus at record " + k);
            }
        }
    }

    @Test
    void fedAvgThenGossipWithNoisyLinksIsBitIdenticalInTheSimulatorAndOverPekko() throws Exception {
        assertSameOnBothEngines("simeq", FedAvgThenGossip::new, SimulatorEqualsPekkoTest::worker,
                Channels.gaussianNoise(0.05));
    }

    /** Methods written once by the core (client sampling, gossip, one-bit votes) run unchanged on Pekko. */
    @Test
    void theCoresMethodsRunUnchangedAndBitIdenticalOverPekko() throws Exception {
        java.util.function.IntFunction<Worker> w = i -> io.vecgrad.distributed.TestProblems
                .heterogeneous(N, D, 0.3, 9, ParamVector.zeros(D)).get(i);
        assertSameOnBothEngines("fedavg-sampled", () -> io.vecgrad.distributed.fed.FedAvg.fedAvg(3, 0.1, 0.67), w,
                io.vecgrad.distributed.Channel.perfect());
        assertSameOnBothEngines("gossip-pga", () -> io.vecgrad.distributed.gossip.GossipPga.pga(
                io.vecgrad.distributed.TopologySchedule.fixed(Topology.ring(N)), 0.1, 2), w,
                io.vecgrad.distributed.Channel.perfect());
        assertSameOnBothEngines("majority-vote", () -> io.vecgrad.distributed.fed.MajorityVote.signs(0.05), w,
                Channels.drop(0.2));
    }
}

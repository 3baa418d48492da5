package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.TestProblems;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.robust.Aggregators;
import io.vecgrad.distributed.robust.Attacks;
import io.vecgrad.distributed.sim.SyncSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Cluster Singleton server: the same server methods with the same seed give the simulator's
 * model, worker parameters, byte counts and gradient totals bit for bit (three cluster
 * ActorSystems in this JVM on 127.0.0.1 port 0, serialize-messages on); the wire carries n uplink
 * and n downlink vectors per round where the replicated server sends n(n−1); losing the server's
 * node with a method that cannot checkpoint its server state stops the run with an error naming it,
 * the round and the reason; a corrupt checkpoint is rejected naming the sender (fail-over itself:
 * {@link SingletonFailoverTest}).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SingletonServerTest {
    static final int N = 3;
    static final int D = 40;
    static final long SEED = 42;
    static final int ROUNDS = 4;
    static final IntFunction<Worker> WORKER = i -> TestProblems.heterogeneous(N, D, 0.3, 9, ParamVector.zeros(D)).get(i);

    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad-singleton", N, true, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The simulator's figures for a run. */
    record SimRun(ParamVector model, List<ParamVector> params, long bytes, long gradients) {}

    /** Each worker's figures over Pekko. */
    record NodeRun(SingletonRoundEngine.Result result, ParamVector params, int host, long uplinkVectors,
            long uplinkBytes) {}

    /** The engines' channels and a scheduled crash (worker, round), or none (crashWorker −1). */
    record Channels3(Channel encode, Channel network, Channel downlink, int crashWorker, long crashRound) {
        Channels3(Channel encode, Channel network, Channel downlink) {
            this(encode, network, downlink, -1, 0);
        }

        static Channels3 perfect() {
            return new Channels3(Channel.perfect(), Channel.perfect(), Channel.perfect());
        }
    }

    static SimRun simulate(Supplier<RoundMethod> method, Channels3 ch, int rounds) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ws.add(WORKER.apply(i));
        }
        RoundMethod m = method.get();
        SyncSimulator.Builder b = SyncSimulator.builder(ws).seed(SEED).threads(2).encode(ch.encode())
                .network(ch.network()).downlink(ch.downlink());
        if (ch.crashWorker() >= 0) {
            b.crash(ch.crashWorker(), ch.crashRound());
        }
        try (SyncSimulator sim = b.build()) {
            m.setUp(sim);
            for (int r = 0; r < rounds; r++) {
                m.round(sim, r);
            }
            return new SimRun(m.model(sim), sim.snapshot(), sim.bytes().totalBytes(), sim.gradients());
        }
    }

    /** Runs {@code method} with its server as a Cluster Singleton on {@code c}; one result per worker. */
    static List<NodeRun> overPekko(LocalCluster c, String jobName, Supplier<RoundMethod> method, Channels3 ch,
            int rounds) throws Exception {
        SingletonServer.Job.Builder jb = SingletonServer.job(jobName, N, rounds, method, i -> WORKER.apply(i).params())
                .seed(SEED).encode(ch.encode()).network(ch.network()).downlink(ch.downlink())
                .timeout(Duration.ofSeconds(30));
        if (ch.crashWorker() >= 0) {
            jb.crash(ch.crashWorker(), ch.crashRound());
        }
        SingletonServer.Job job = jb.build();
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            List<ActorRef<PekkoEndpoint.Command>> proxies = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(c.system(i), jobName, i, N));
                proxies.add(SingletonServer.init(c.system(i), job, i));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<NodeRun>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                PekkoEndpoint ep = eps.get(i);
                ActorRef<PekkoEndpoint.Command> proxy = proxies.get(i);
                Worker w = WORKER.apply(i);
                fs.add(pool.submit(() -> {
                    SingletonRoundEngine.Builder eb = SingletonRoundEngine.builder(ep, w, proxy).seed(SEED)
                            .timeout(Duration.ofSeconds(30));
                    if (ch.crashWorker() >= 0) {
                        eb.crash(ch.crashWorker(), ch.crashRound());
                    }
                    try (SingletonRoundEngine e = eb.build()) {
                        SingletonRoundEngine.Result r = e.runWorker(method.get(), rounds);
                        return new NodeRun(r, w.params().copy(), e.serverHost(), e.uplinkVectorsSent(),
                                e.uplinkBytesSent());
                    }
                }));
            }
            List<NodeRun> out = new ArrayList<>();
            for (Future<NodeRun> f : fs) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
        }
    }

    static void assertSameAsSimulator(String job, Supplier<RoundMethod> method, Channels3 ch) throws Exception {
        SimRun sim = simulate(method, ch, ROUNDS);
        List<NodeRun> nodes = overPekko(cluster, job, method, ch, ROUNDS);
        assertTrue(sim.model().squaredNorm() > 0, job + ": the method moved the model");
        for (int i = 0; i < N; i++) {
            NodeRun r = nodes.get(i);
            assertEquals(0, r.host(), job + ": the singleton runs on the oldest node (worker 0's)");
            assertTrue(sim.model().bitwiseEquals(r.result().model()), job + ": worker " + i
                    + " got a model that differs from the simulator's");
            assertTrue(sim.params().get(i).bitwiseEquals(r.params()), job + ": worker " + i + " parameters differ");
            assertEquals(sim.bytes(), r.result().totalBytes(), job + ": bytes counted by the server");
            assertEquals(sim.gradients(), r.result().gradients(), job + ": gradients reported to the server");
        }
    }

    @Test
    void fedAvgWithClientSamplingAndDownlinkNoiseIsTheSimulatorsBitForBit() throws Exception {
        assertSameAsSimulator("s-fedavg", () -> FedAvg.fedAvg(3, 0.1, 0.67),
                new Channels3(Channel.perfect(), Channel.perfect(), Channels.gaussianNoise(0.01)));
    }

    @Test
    void scaffoldWithAWorkerCrashingAtRoundTwoIsTheSimulatorsBitForBit() throws Exception {
        assertSameAsSimulator("s-scaffold-crash", () -> new io.vecgrad.distributed.fed.Scaffold(3, 0.1, 1.0, 1.0),
                new Channels3(Channel.perfect(), Channel.perfect(), Channel.perfect(), 1, 2));
    }

    @Test
    void majorityVoteOverALossyLinkIsTheSimulatorsBitForBit() throws Exception {
        assertSameAsSimulator("s-vote", () -> MajorityVote.signs(0.05),
                new Channels3(Channel.perfect(), Channels.drop(0.2), Channel.perfect()));
    }

    @Test
    void aRobustAggregatorAgainstASignFlipperIsTheSimulatorsBitForBit() throws Exception {
        assertSameAsSimulator("s-median", () -> FedAvg.fedAvg(2, 0.1, 1.0)
                .withAggregator(Aggregators.coordinateMedian()),
                new Channels3(Channels.byzantine(Set.of(1), Attacks.signFlip()), Channel.perfect(), Channel.perfect()));
    }

    /** n uplink + n downlink vectors per round on the singleton, n(n−1) per gather when replicated. */
    @Test
    void theSingletonSendsNVectorsEachWayPerRoundWhereTheReplicatedServerSendsNTimesNMinusOne() throws Exception {
        Supplier<RoundMethod> method = () -> FedAvg.fedAvg(2, 0.1, 1.0);
        List<NodeRun> nodes = overPekko(cluster, "s-bytes", method, Channels3.perfect(), ROUNDS);
        long vectorUp = PayloadCodec.encodedSize(D + 1, 8); // the payload and the worker's gradient count
        for (NodeRun r : nodes) {
            assertEquals(ROUNDS, r.uplinkVectors(), "one upload per worker per round");
            assertEquals(ROUNDS * vectorUp, r.uplinkBytes(), "uplink bytes on the wire");
            assertEquals((long) ROUNDS * N, r.result().uplinkVectors(), "uplink vectors the server received");
            assertEquals((long) ROUNDS * N, r.result().downlinkVectors(), "downlink vectors the server sent");
        }
        // The replicated server on the same cluster: setUp's snapshot and every gather are all-gathers.
        long replicatedBytes = replicatedEndpointBytes(method, ROUNDS);
        long vector = PayloadCodec.encodedSize(D, 8);
        assertEquals((long) (ROUNDS + 1) * N * (N - 1) * vector, replicatedBytes,
                "replicated: n(n−1) vectors per all-gather (setUp's snapshot and one gather per round)");
    }

    static long replicatedEndpointBytes(Supplier<RoundMethod> method, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(cluster.system(i), "r-bytes", i, N));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                PekkoEndpoint ep = eps.get(i);
                Worker w = WORKER.apply(i);
                fs.add(pool.submit(() -> {
                    RoundMethod m = method.get();
                    try (PekkoRoundEngine e = PekkoRoundEngine.builder(ep, w).seed(SEED)
                            .timeout(Duration.ofSeconds(30)).build()) {
                        m.setUp(e);
                        for (int r = 0; r < rounds; r++) {
                            m.round(e, r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
            return eps.stream().mapToLong(PekkoEndpoint::bytesSent).sum();
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
        }
    }

    /** A corrupt upload stops the server before anything of that round is applied; honest workers are told who sent it. */
    @Test
    void aCorruptUploadIsRejectedAndTheWorkersAreToldTheRoundAndTheSender() throws Exception {
        String name = "s-corrupt";
        Supplier<RoundMethod> method = () -> FedAvg.fedAvg(2, 0.1, 1.0);
        SingletonServer.Job job = SingletonServer.job(name, N, ROUNDS, method, i -> WORKER.apply(i).params())
                .seed(SEED).timeout(Duration.ofSeconds(30)).build();
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        try {
            List<ActorRef<PekkoEndpoint.Command>> proxies = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(cluster.system(i), name, i, N));
                proxies.add(SingletonServer.init(cluster.system(i), job, i));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            // Worker 2 uploads round 0's model (step 1: step 0 is the broadcast) as two chunks that do not fit together.
            int code = "model".hashCode();
            proxies.get(2).tell(new DoubleChunk(2, MessageKind.GRADIENT, 1, code, 0, 2, 0, D + 1, new double[20]));
            proxies.get(2).tell(new DoubleChunk(2, MessageKind.GRADIENT, 1, code, 1, 2, 20, D + 9, new double[21]));
            List<Future<ParamVector>> fs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                PekkoEndpoint ep = eps.get(i);
                ActorRef<PekkoEndpoint.Command> proxy = proxies.get(i);
                Worker w = WORKER.apply(i);
                fs.add(pool.submit(() -> {
                    try (SingletonRoundEngine e = SingletonRoundEngine.builder(ep, w, proxy).seed(SEED)
                            .timeout(Duration.ofSeconds(30)).build()) {
                        return e.runWorker(method.get(), ROUNDS).model();
                    }
                }));
            }
            for (int i = 0; i < 2; i++) {
                try {
                    fs.get(i).get(90, TimeUnit.SECONDS);
                    fail("worker " + i + " finished although worker 2's upload was corrupt");
                } catch (ExecutionException e) {
                    String msg = String.valueOf(e.getCause().getMessage());
                    assertInstanceOf(IllegalStateException.class, e.getCause(), msg);
                    assertTrue(msg.contains("stopped in round 0 on a corrupt payload from worker 2"), msg);
                }
            }
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
        }
    }

    /** A checkpoint that does not decode is rejected by the worker, naming the server that sent it; nothing is stored. */
    @Test
    void aCorruptCheckpointIsRejectedNamingTheSender() throws Exception {
        String name = "s-corrupt-checkpoint";
        Supplier<RoundMethod> method = () -> FedAvg.fedAvg(2, 0.1, 1.0);
        SingletonServer.Job job = SingletonServer.job(name, N, ROUNDS, method, i -> WORKER.apply(i).params())
                .seed(SEED).timeout(Duration.ofSeconds(20)).build();
        try (PekkoEndpoint ep = PekkoEndpoint.start(cluster.system(1), name, 1, N)) {
            ActorRef<PekkoEndpoint.Command> proxy = SingletonServer.init(cluster.system(1), job, 1);
            // Round 0's checkpoint as the server (rank N) would send it, cut short: the counts promise more values.
            double[] wire = new FailoverCheckpoint(0, 0, 0, 0, FailoverCheckpoint.RESUMABLE, new int[] {0, 1, 2},
                    new long[N], new long[4], List.of(ParamVector.zeros(D))).encode();
            ep.deliver(new DoubleChunk(N, MessageKind.CONTROL, FailoverCheckpoint.key(0, 0),
                    SingletonServer.TAG_CHECKPOINT, 0, 1, 0, wire.length - 5, java.util.Arrays.copyOf(wire,
                            wire.length - 5)));
            try (SingletonRoundEngine e = SingletonRoundEngine.builder(ep, WORKER.apply(1), proxy).seed(SEED)
                    .timeout(Duration.ofSeconds(20)).build()) {
                CorruptPayloadException bad = org.junit.jupiter.api.Assertions.assertThrows(
                        CorruptPayloadException.class, () -> e.runWorker(method.get(), ROUNDS));
                assertTrue(bad.getMessage().contains("checkpoint from the server (rank " + N)
                        && bad.getMessage().contains("truncated"), bad.getMessage());
            }
            assertTrue(CheckpointStore.of(proxy).latest() == null, "the corrupt checkpoint was stored");
        }
    }

    /** FedAvg behind a plain {@link RoundMethod}: its server state cannot be checkpointed, so no node can take over. */
    static RoundMethod withoutCheckpoints(RoundMethod m) {
        return new RoundMethod() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public void setUp(io.vecgrad.distributed.RoundEngine engine) {
                m.setUp(engine);
            }

            @Override
            public void round(io.vecgrad.distributed.RoundEngine engine, long round) {
                m.round(engine, round);
            }

            @Override
            public ParamVector model(io.vecgrad.distributed.RoundEngine engine) {
                return m.model(engine);
            }
        };
    }

    /**
     * Stopping the node that hosts the singleton mid-run, with a method whose server state cannot be
     * checkpointed, fails the survivors with the host, the round and the reason.
     */
    @Test
    void losingTheServersNodeStopsTheRunNamingTheNodeAndTheRound() throws Exception {
        LocalCluster c = LocalCluster.start("vecgrad-singleton-loss", N, true, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<PekkoEndpoint> eps = new ArrayList<>();
        java.util.concurrent.CountDownLatch roundTwo = new java.util.concurrent.CountDownLatch(N - 1);
        java.util.concurrent.CountDownLatch hostGone = new java.util.concurrent.CountDownLatch(1);
        int rounds = 10_000;
        Supplier<RoundMethod> method = () -> withoutCheckpoints(FedAvg.fedAvg(1, 0.1, 1.0));
        try {
            SingletonServer.Job job = SingletonServer.job("s-loss", N, rounds, method, i -> WORKER.apply(i).params())
                    .seed(SEED).timeout(Duration.ofSeconds(40)).build();
            List<ActorRef<PekkoEndpoint.Command>> proxies = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                eps.add(PekkoEndpoint.start(c.system(i), "s-loss", i, N));
                proxies.add(SingletonServer.init(c.system(i), job, i));
            }
            for (PekkoEndpoint ep : eps) {
                ep.awaitPeers(Duration.ofSeconds(30));
            }
            List<Future<Long>> fs = new ArrayList<>();
            for (int i = 1; i < N; i++) { // worker 0 shares the server's node and dies with it
                PekkoEndpoint ep = eps.get(i);
                ActorRef<PekkoEndpoint.Command> proxy = proxies.get(i);
                Worker w = WORKER.apply(i);
                fs.add(pool.submit(() -> {
                    try (SingletonRoundEngine e = SingletonRoundEngine.builder(ep, w, proxy).seed(SEED)
                            .timeout(Duration.ofSeconds(40)).build()) {
                        RoundMethod m = method.get();
                        m.setUp(e);
                        for (long r = 0; r < rounds; r++) {
                            m.round(e, r);
                            if (r == 2) { // the survivors hold until the server's node is gone
                                roundTwo.countDown();
                                if (!hostGone.await(90, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("worker 0's node did not terminate");
                                }
                            }
                        }
                        return -1L;
                    }
                }));
            }
            fs.add(pool.submit(() -> { // worker 0 keeps taking part until its node goes
                try (SingletonRoundEngine e = SingletonRoundEngine.builder(eps.get(0), WORKER.apply(0), proxies.get(0))
                        .seed(SEED).timeout(Duration.ofSeconds(40)).build()) {
                    e.runWorker(method.get(), rounds);
                } catch (RuntimeException expected) {
                    // Its node is stopped under it.
                }
                return -1L;
            }));
            assertTrue(roundTwo.await(60, TimeUnit.SECONDS), "the survivors finished round 2");
            c.system(0).terminate();
            c.system(0).getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            hostGone.countDown();
            for (int k = 0; k < N - 1; k++) {
                try {
                    fs.get(k).get(90, TimeUnit.SECONDS);
                    fail("worker " + (k + 1) + " finished " + rounds + " rounds without its server");
                } catch (ExecutionException e) {
                    ServerLostException lost = assertInstanceOf(ServerLostException.class, e.getCause(),
                            "worker " + (k + 1) + ": " + e.getCause());
                    assertEquals(0, lost.hostWorker());
                    assertTrue(lost.round() >= 2 && lost.round() < rounds, "round in flight " + lost.round());
                    assertTrue(lost.getMessage().contains("worker 0's") && lost.getMessage().contains("round "
                            + lost.round()), lost.getMessage());
                    assertTrue(lost.getMessage().contains("does not checkpoint its server state"), lost.getMessage());
                }
            }
        } finally {
            eps.forEach(PekkoEndpoint::close);
            pool.shutdownNow();
            c.close();
        }
    }
}

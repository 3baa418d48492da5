package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three cluster ActorSystems in this JVM on 127.0.0.1, every message through the serializer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PekkoClusterTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final int K = 3;
    private static LocalCluster cluster;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad-test", K, true, Duration.ofSeconds(60));
        pool = Executors.newFixedThreadPool(K);
    }

    @AfterAll
    static void stop() {
        try {
            if (pool != null) {
                pool.shutdownNow();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static float[][] vectors(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[K][n];
        for (float[] v : x) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 4));
            }
        }
        return x;
    }

    private static List<PekkoEndpoint> endpoints(String job) {
        List<PekkoEndpoint> eps = new ArrayList<>();
        for (int r = 0; r < K; r++) {
            eps.add(PekkoEndpoint.start(cluster.system(r), job, r, K, 1000));
        }
        for (PekkoEndpoint ep : eps) {
            ep.awaitPeers(T);
        }
        return eps;
    }

    @Test
    void ringAllReduceEqualsTheRankOrderSumBitForBitOnEveryWorker() throws Exception {
        int n = 70_000; // three segments of the default 32,768 floats, the last one partial
        float[][] x = vectors(n, 11);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (x[0][i] + x[1][i]) + x[2][i];
        }
        List<PekkoEndpoint> eps = endpoints("allreduce");
        try {
            for (long round = 0; round < 2; round++) {
                long rr = round;
                List<Future<float[]>> out = new ArrayList<>();
                for (int r = 0; r < K; r++) {
                    PekkoEndpoint ep = eps.get(r);
                    float[] mine = x[r];
                    out.add(pool.submit(() -> RingAllReduce.sum(ep, rr, mine, T)));
                }
                for (int r = 0; r < K; r++) {
                    float[] got = out.get(r).get(60, TimeUnit.SECONDS);
                    for (int i = 0; i < n; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                                "worker " + r + " index " + i);
                    }
                }
            }
            // A different association would differ somewhere: the test can tell the orders apart.
            int differs = 0;
            for (int i = 0; i < n; i++) {
                if (Float.floatToRawIntBits(x[0][i] + (x[1][i] + x[2][i])) != Float.floatToRawIntBits(expected[i])) {
                    differs++;
                }
            }
            assertTrue(differs > 0, "the data cannot distinguish summation orders");
        } finally {
            eps.forEach(PekkoEndpoint::close);
        }
    }

    @Test
    void chunkedMessagesArriveWholeAcrossSystems() {
        List<PekkoEndpoint> eps = endpoints("p2p");
        try {
            float[] v = vectors(12_345, 3)[0];
            eps.get(0).send(2, MessageKind.PARAMETERS, 5, 1, v);
            float[] got = eps.get(2).receive(0, MessageKind.PARAMETERS, 5, 1, T);
            assertEquals(java.util.Arrays.toString(v), java.util.Arrays.toString(got));
            assertEquals(13, eps.get(0).messagesSent());
            assertEquals(13L * PayloadCodec.HEADER_BYTES + 4L * v.length, eps.get(0).bytesSent());
            IllegalStateException late = assertThrows(IllegalStateException.class,
                    () -> eps.get(1).receive(0, MessageKind.PARAMETERS, 6, 0, Duration.ofMillis(200)));
            assertTrue(late.getMessage().contains("worker 0") && late.getMessage().contains("round 6"), late.getMessage());
        } finally {
            eps.forEach(PekkoEndpoint::close);
        }
    }

    @Test
    void inconsistentChunksAreReportedToTheReceiverAndNeverDelivered() {
        List<PekkoEndpoint> eps = endpoints("corrupt");
        try {
            // Two chunks of one message that disagree on its length: the receiver gets an error, not values.
            PekkoEndpoint.Command a = new FloatChunk(0, MessageKind.GRADIENT, 1, 0, 0, 2, 0, 20, new float[10]);
            PekkoEndpoint.Command b = new FloatChunk(0, MessageKind.GRADIENT, 1, 0, 1, 2, 10, 30, new float[10]);
            org.apache.pekko.actor.typed.ActorRef<PekkoEndpoint.Command> target = findRef("corrupt", 1);
            target.tell(a);
            target.tell(b);
            CorruptPayloadException e = assertThrows(CorruptPayloadException.class,
                    () -> eps.get(1).receive(0, MessageKind.GRADIENT, 1, 0, T));
            assertTrue(e.getMessage().contains("worker 0") && e.getMessage().contains("round 1"), e.getMessage());
        } finally {
            eps.forEach(PekkoEndpoint::close);
        }
    }

    private static org.apache.pekko.actor.typed.ActorRef<PekkoEndpoint.Command> findRef(String job, int rank) {
        var listing = org.apache.pekko.actor.typed.javadsl.AskPattern.ask(cluster.system(0).receptionist(),
                (org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.actor.typed.receptionist.Receptionist.Listing> replyTo)
                        -> org.apache.pekko.actor.typed.receptionist.Receptionist.find(PekkoEndpoint.key(job, rank), replyTo),
                T, cluster.system(0).scheduler());
        try {
            return listing.toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .getServiceInstances(PekkoEndpoint.key(job, rank)).iterator().next();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

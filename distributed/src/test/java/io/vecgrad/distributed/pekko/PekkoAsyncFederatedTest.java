package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import io.vecgrad.distributed.Latency;
import io.vecgrad.tensor.random.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Asynchronous methods over Pekko (three cluster ActorSystems in this JVM on 127.0.0.1, port 0,
 * serialize-messages on). Real time decides the order of arrivals, so the oracle is (a) the
 * replay of the recorded order in the simulator, which must give the same bits, and (b)
 * statistical properties of the real-time run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PekkoAsyncFederatedTest {
    static final int M = 6;
    static final int D = 10;
    static final long SEED = 42;
    static final double[] P = uniform(M);
    static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static double[] uniform(int m) {
        double[] p = new double[m];
        Arrays.fill(p, 1.0 / m);
        return p;
    }

    static ParamVector center(int i) {
        Rng r = new Rng(200 + i);
        double[] c = new double[D];
        for (int k = 0; k < D; k++) {
            c[k] = 3 * r.nextGaussian();
        }
        return new ParamVector(c);
    }

    /** ½‖x − cᵢ‖², with Gaussian gradient noise of size {@code noise} from the job's minibatch stream. */
    static List<Worker> workers(double noise) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < M; i++) {
            LocalProblem exact = LocalProblem.quadratic(center(i));
            LocalProblem p = new LocalProblem() {
                public int dim() {
                    return D;
                }

                public double gradient(ParamVector x, Rng rng, ParamVector out) {
                    double l = exact.gradient(x, rng, out);
                    for (int k = 0; k < D; k++) {
                        out.data()[k] += noise * rng.nextGaussian();
                    }
                    return l;
                }

                public double loss(ParamVector x) {
                    return exact.loss(x);
                }
            };
            ws.add(new Worker(i, ParamVector.zeros(D), p));
        }
        return ws;
    }

    static PekkoAsyncFederated.Settings settings(int unitMillis, long steps) {
        return new PekkoAsyncFederated.Settings(Duration.ofMillis(unitMillis), steps, Duration.ofSeconds(60));
    }

    static void assertReplayEqual(AsyncFederated.Config cfg, ClientTimes times) {
        PekkoAsyncFederated.Result r = PekkoAsyncFederated.run(cluster, workers(0.3), times, cfg, P, SEED, settings(20, 30));
        assertEquals(30, r.trace().serverSteps());
        AsyncFederated sim = AsyncReplay.replay(r.trace(), workers(0.3), times, cfg, P, SEED, r.weights());
        assertEquals(30, sim.serverSteps());
        for (int s = 0; s < 30; s++) {
            assertArrayEquals(r.trace().aggregations().get(s).clients(), sim.steps().get(s).clients(), cfg.scheme() + " step " + s);
        }
        assertArrayEquals(r.model().data(), sim.global().data(), 0.0, cfg.scheme() + ": replayed model differs");
        assertTrue(r.model().norm() > 0.5, "the model moved");
    }

    @Test
    void fedBuffReplayedInTheSimulatorGivesTheSameBits() {
        assertReplayEqual(AsyncFederated.Config.fedBuff(3, true, 0.1, 5, 1.0),
                ClientTimes.heavyTailed(ClientTimes.linear(M, 50), 1.0));
    }

    @Test
    void asyncFedAvgAndFedFixAndSyncReplayedGiveTheSameBits() {
        ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(M, 50), 0.5);
        assertReplayEqual(AsyncFederated.Config.async(true, 0.05, 3, 0.5), times);
        assertReplayEqual(AsyncFederated.Config.fedFix(0.6, true, 0.1, 5, 0.5), times);
        assertReplayEqual(AsyncFederated.Config.sync(0.1, 5, 1.0), times);
    }
}

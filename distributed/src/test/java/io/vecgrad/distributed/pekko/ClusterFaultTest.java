package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.SafeTensors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker JVMs on loopback run FedAvg (its server a Cluster Singleton on worker 0's node); worker 2 is killed mid-training. The survivors finish
 * every round, report the departure, and every checkpoint (the dead worker's last one included)
 * stays loadable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFaultTest {
    static final int ROUNDS = 12;

    @Test
    void survivorsFinishAndReportTheDepartureAndCheckpointsStayLoadable(@TempDir Path dir) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch thirdRound = new CountDownLatch(1);
        int[] codes;
        try (ClusterLauncher c = ClusterLauncher.start(3, o -> new NodeOptions(o.rank(), o.workers(), o.hostname(),
                o.port(), o.seedNodes(), o.name(), ROUNDS, 5, 0.1, 7, dir, 400, 40), line -> {
                    lines.add(line);
                    if (line.startsWith("worker 2: round 3/")) {
                        thirdRound.countDown();
                    }
                })) {
            assertTrue(thirdRound.await(80, TimeUnit.SECONDS), "worker 2 never reached round 3:\n" + String.join("\n", lines));
            c.kill(2);
            codes = c.waitFor(Duration.ofSeconds(90));
        }
        String log = String.join("\n", lines);
        assertEquals(0, codes[0], log);
        assertEquals(0, codes[1], log);
        assertTrue(codes[2] != 0, "the killed JVM exited normally?\n" + log);
        // FedAvg's server is the Cluster Singleton on the oldest node (the seed, worker 0): the killed worker is not its host.
        assertTrue(log.contains("worker 1: server: cluster singleton on worker 0's node"), log);
        for (int r = 0; r < 2; r++) {
            assertTrue(log.contains("worker " + r + ": worker 2 left the cluster"), "worker " + r + " did not report:\n" + log);
            assertTrue(log.contains("worker " + r + ": fedavg done after " + ROUNDS + " rounds; departed [worker 2"), log);
            SafeTensors.Contents ck = SafeTensors.readAll(dir.resolve("worker-" + r + ".safetensors"));
            assertEquals(Integer.toString(ROUNDS), ck.metadata().get("round"));
            assertTrue(ck.metadata().get("departed").contains("worker=2"), ck.metadata().toString());
            assertFinite(ck.tensors());
        }
        SafeTensors.Contents dead = SafeTensors.readAll(dir.resolve("worker-2.safetensors"));
        int deadRound = Integer.parseInt(dead.metadata().get("round"));
        // It was killed right after printing round 3, before or while writing that round's file.
        assertTrue(deadRound >= 2 && deadRound < ROUNDS, "dead worker's last checkpoint is from round " + deadRound);
        assertFinite(dead.tensors());
        // The survivors' FedAvg still learns: the last reported accuracy beats chance (1/4) clearly.
        String last = lines.stream().filter(l -> l.startsWith("worker 0: round " + ROUNDS + "/")).findFirst().orElseThrow();
        double acc = Double.parseDouble(last.replaceAll(".*accuracy ([0-9.]+).*", "$1"));
        assertTrue(acc > 0.6, last);
    }

    private static void assertFinite(Map<String, Tensor> tensors) {
        for (double v : tensors.get("model").toDoubleArray()) {
            assertTrue(Double.isFinite(v), "non-finite value in a checkpoint");
        }
    }
}

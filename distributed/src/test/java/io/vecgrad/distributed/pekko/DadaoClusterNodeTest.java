package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.sim.EventEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node path of {@code vecgrad cluster --method dadao}: each node started by
 * {@link DadaoClusterNode#runNode} on its own cluster ActorSystem (three in this JVM, port 0,
 * serialize-messages on), as each worker JVM does, ends in {@code Dadao.drive(EventEngine)}'s state
 * bit for bit, reports progress once per virtual time unit, and waits for the others at the end.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DadaoClusterNodeTest {
    static final int N = 3;
    static final long SEED = 11;
    static final double T = 16;

    @Test
    void everyNodeEqualsTheSimulatorBitForBitThroughTheNodePath() throws Exception {
        DadaoClusterNode.Job job = new DadaoClusterNode.Job(N, SEED);
        Dadao sim = job.dadao();
        EventEngine engine = new EventEngine(N, SEED);
        sim.drive(engine, 1, job.graph.lambdaMix());
        engine.runUntil(T);
        List<List<Double>> times = new ArrayList<>();
        List<DadaoNode.Report> reports = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(N);
        try (LocalCluster cluster = LocalCluster.start("vecgrad-dadao-node", N, true, Duration.ofSeconds(30))) {
            List<Future<DadaoNode.Report>> fs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int rank = i;
                List<Double> seen = new CopyOnWriteArrayList<>();
                times.add(seen);
                fs.add(pool.submit(() -> DadaoClusterNode.runNode(cluster.system(rank), new DadaoClusterNode.Job(N, SEED), rank, T,
                        Duration.ofMillis(20), Duration.ofSeconds(40), (t, state) -> seen.add(t))));
            }
            for (Future<DadaoNode.Report> f : fs) {
                reports.add(f.get(80, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        long gradients = 0;
        for (int i = 0; i < N; i++) {
            double[][] want = sim.state(i);
            for (int comp = 0; comp < 6; comp++) {
                assertArrayEquals(want[comp], reports.get(i).state()[comp], 0.0, "node " + i + " component " + comp);
            }
            assertEquals(java.util.stream.IntStream.rangeClosed(1, (int) T).mapToObj(t -> (double) t).toList(), times.get(i),
                    "node " + i + " reports once per unit");
            gradients += reports.get(i).gradientEvents();
        }
        assertEquals(sim.gradientEvents(), gradients);
        double before = job.distanceToOptimum(new double[DadaoClusterNode.Job.DIM]);
        for (int i = 0; i < N; i++) {
            double after = job.distanceToOptimum(reports.get(i).state()[Dadao.X]);
            assertTrue(after < 0.5 * before, "node " + i + ": distance² to x* " + before + " → " + after);
        }
    }

    @Test
    void oneWorkerIsRefusedWithTheFigure() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DadaoClusterNode.Job(1, 1));
        assertTrue(e.getMessage().contains("at least 2 workers") && e.getMessage().contains("got 1"), e.getMessage());
    }
}

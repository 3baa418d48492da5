package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code vecgrad cluster --method dadao}: two worker JVMs on loopback, one DADAO node each, gossip
 * across the JVMs; both reach the horizon with one progress line per unit and the same event counts
 * as the simulator's schedule.
 */
class DadaoClusterTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void dadaoRunsAcrossWorkerJvms() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int[] codes;
        try (ClusterLauncher c = ClusterLauncher.start(2, o -> new NodeOptions(o.rank(), o.workers(), o.hostname(), o.port(),
                o.seedNodes(), o.name(), 6, 1, 0.1, 5, null, 0, 60, DadaoClusterNode.METHOD), lines::add)) {
            codes = c.waitFor(Duration.ofSeconds(100));
        }
        String all = String.join("\n", lines);
        assertArrayEquals(new int[] {0, 0}, codes, all);
        io.vecgrad.distributed.dadao.Dadao sim = new DadaoClusterNode.Job(2, 5).dadao();
        io.vecgrad.distributed.sim.EventEngine engine = new io.vecgrad.distributed.sim.EventEngine(2, 5);
        sim.drive(engine, 1, new DadaoClusterNode.Job(2, 5).graph.lambdaMix());
        engine.runUntil(6);
        for (int w = 0; w < 2; w++) {
            int rank = w;
            assertEquals(6, lines.stream().filter(l -> l.startsWith("worker " + rank + ": round ")).count(), all);
            String done = lines.stream().filter(l -> l.startsWith("worker " + rank + ": dadao done at virtual time 6: ")).findFirst()
                    .orElseThrow(() -> new AssertionError(all));
            double dist = Double.parseDouble(done.substring(done.indexOf("x* ") + 3, done.indexOf(", max lag")));
            double[] x = sim.state(rank)[io.vecgrad.distributed.dadao.Dadao.X];
            assertEquals(new DadaoClusterNode.Job(2, 5).distanceToOptimum(x), dist, 1e-4 * dist, "worker " + rank + " ends where the simulator does");
        }
        assertTrue(sim.gossipEvents() > 0, "the two JVMs gossiped");
        assertTrue(all.contains("worker 0: dadao done at virtual time 6: ") && all.contains(", " + sim.gossipEvents() + " gossip events, "), "the edge's gossip events, counted at both ends:\n" + all);
    }
}

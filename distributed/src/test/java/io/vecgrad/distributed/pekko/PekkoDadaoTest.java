package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.dadao.DadaoConstants;
import io.vecgrad.distributed.dadao.GraphSpectrum;
import io.vecgrad.distributed.sim.EventEngine;
import io.vecgrad.tensor.random.Rng;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DADAO over Pekko (three cluster ActorSystems in this JVM on 127.0.0.1, serialize-messages on):
 * the clocks are the simulator's seeded Poisson clocks pushed through Pekko timers and messages,
 * so every node's state equals {@code Dadao.drive(EventEngine)}'s bit for bit, and the event
 * counts per node are the simulator's and match the Poisson rates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PekkoDadaoTest {
    static final int N = 6;
    static final int D = 3;
    static final long SEED = 7;
    static final double T = 12;

    static int[][] cycle(int n) {
        int[][] e = new int[n][];
        for (int i = 0; i < n; i++) {
            e[i] = new int[] {Math.min(i, (i + 1) % n), Math.max(i, (i + 1) % n)};
        }
        return e;
    }

    /** f_i(x) = ½aᵢ‖x − cᵢ‖² with aᵢ ∈ [1, 2]: μ = 1, L = 2. */
    static double a(int i) {
        return 1 + i / (double) (N - 1);
    }

    static double[] c(int i) {
        Rng r = new Rng(300 + i);
        double[] c = new double[D];
        for (int k = 0; k < D; k++) {
            c[k] = r.nextGaussian() + i;
        }
        return c;
    }

    static void gradient(int i, double[] x, double[] out) {
        double[] ci = c(i);
        for (int k = 0; k < D; k++) {
            out[k] = a(i) * (x[k] - ci[k]);
        }
    }

    @Test
    void pekkoNodesEqualTheSimulatorBitForBitAndCountsMatchTheRates() {
        GraphSpectrum g = GraphSpectrum.of(N, cycle(N));
        DadaoConstants k = DadaoConstants.of(1, 2, g.chi1(), g.lambdaMix());
        double[][] x0 = new double[N][D];
        Dadao sim = new Dadao(k, g, PekkoDadaoTest::gradient, x0, 1, g.lambdaMix(), new Rng(SEED));
        EventEngine engine = new EventEngine(N, SEED).tracing(true);
        sim.drive(engine, 1, g.lambdaMix());
        engine.runUntil(T);
        long[] simGrad = new long[N];
        long[] simGossip = new long[N];
        for (EventEngine.Fired f : engine.trace()) {
            if (f.kind().equals(EventEngine.POISSON_TICK)) {
                simGrad[f.node()]++;
            } else {
                String[] ends = f.kind().substring(f.kind().indexOf('/') + 1).split("-");
                simGossip[Integer.parseInt(ends[0])]++;
                simGossip[Integer.parseInt(ends[1])]++;
            }
        }
        PekkoDadao.Result r;
        try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
            r = PekkoDadao.run(cluster, k, g, PekkoDadaoTest::gradient, x0, 1, g.lambdaMix(), SEED, T,
                    Duration.ofMillis(20), Duration.ofSeconds(40));
        }
        for (int i = 0; i < N; i++) {
            double[][] want = sim.state(i);
            for (int comp = 0; comp < 6; comp++) {
                assertArrayEquals(want[comp], r.state(i)[comp], 0.0, "node " + i + " component " + comp);
            }
        }
        assertArrayEquals(simGrad, r.gradientEvents());
        assertArrayEquals(simGossip, r.gossipEvents());
        assertEquals(sim.gossipEvents() * 2, java.util.Arrays.stream(r.gossipEvents()).sum());
        // Not vacuous: the nodes moved, and toward the optimum Σaᵢcᵢ / Σaᵢ.
        double[] opt = new double[D];
        double sa = 0;
        for (int i = 0; i < N; i++) {
            sa += a(i);
            for (int q = 0; q < D; q++) {
                opt[q] += a(i) * c(i)[q];
            }
        }
        double before = 0;
        double after = 0;
        for (int i = 0; i < N; i++) {
            for (int q = 0; q < D; q++) {
                before += Math.pow(opt[q] / sa, 2);
                after += Math.pow(r.state(i)[Dadao.X][q] - opt[q] / sa, 2);
            }
        }
        System.out.printf("dadao: distance² to x* %.4g → %.4g; gradient events %s; gossip halves %s; max lag %s units%n",
                before, after, java.util.Arrays.toString(r.gradientEvents()), java.util.Arrays.toString(r.gossipEvents()),
                java.util.Arrays.toString(r.maxLagUnits()));
        assertTrue(after < 0.5 * before, "distance² to x* " + before + " → " + after);
        // Poisson rates: gradient events per node ~ Poisson(T), gossip halves per node ~ Poisson(2·λ_mix·T/|E|) on the cycle.
        double gossipMean = 2 * g.lambdaMix() * T / N;
        for (int i = 0; i < N; i++) {
            assertEquals(T, r.gradientEvents()[i], 4 * Math.sqrt(T), "gradient events of node " + i);
            assertEquals(gossipMean, r.gossipEvents()[i], 4 * Math.sqrt(gossipMean), "gossip events of node " + i);
        }
    }

    /**
     * Node 2 of the 6-cycle crashes at virtual time 4 of 12 (the simulator's {@code engine.crash(2, 4)}):
     * its neighbours 1 and 3 drop it from their gossip instead of waiting, the run finishes, and
     * every node, the crashed one as of its last event, equals the simulator bit for bit. Not
     * vacuous: the crash changes the neighbours' states, and node 2 stops counting at time 4.
     */
    @Test
    void aCrashedNodeLeavesItsNeighboursGossipAndTheRunEqualsTheSimulator() {
        GraphSpectrum g = GraphSpectrum.of(N, cycle(N));
        DadaoConstants k = DadaoConstants.of(1, 2, g.chi1(), g.lambdaMix());
        double[][] x0 = new double[N][D];
        Dadao sim = new Dadao(k, g, PekkoDadaoTest::gradient, x0, 1, g.lambdaMix(), new Rng(SEED));
        EventEngine engine = new EventEngine(N, SEED).tracing(true);
        sim.drive(engine, 1, g.lambdaMix());
        engine.crash(2, 4.0);
        engine.runUntil(T);
        Dadao healthy = new Dadao(k, g, PekkoDadaoTest::gradient, x0, 1, g.lambdaMix(), new Rng(SEED));
        EventEngine plain = new EventEngine(N, SEED);
        healthy.drive(plain, 1, g.lambdaMix());
        plain.runUntil(T);
        long simGrad2 = engine.trace().stream().filter(f -> f.node() == 2 && f.kind().equals(EventEngine.POISSON_TICK)).count();
        PekkoDadao.Result r;
        long t0 = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
            r = PekkoDadao.run(cluster, k, g, PekkoDadaoTest::gradient, x0, 1, g.lambdaMix(), SEED, T,
                    Duration.ofMillis(20), Duration.ofSeconds(40), java.util.Map.of(2, 4.0));
        }
        for (int i = 0; i < N; i++) {
            double[][] want = sim.state(i);
            for (int comp = 0; comp < 6; comp++) {
                assertArrayEquals(want[comp], r.state(i)[comp], 0.0, "node " + i + " component " + comp);
            }
        }
        assertEquals(simGrad2, r.gradientEvents()[2], "node 2's gradient events before its crash");
        assertTrue(r.gradientEvents()[2] < T, "node 2 stopped early: " + r.gradientEvents()[2]);
        assertTrue(!java.util.Arrays.equals(healthy.state(1)[Dadao.Z], r.state(1)[Dadao.Z]), "the crash changed node 1");
        System.out.printf("dadao with node 2 crashed at 4 of 12: %.1f s with the cluster; gradient events %s; gossip halves %s%n",
                (System.nanoTime() - t0) / 1e9, java.util.Arrays.toString(r.gradientEvents()),
                java.util.Arrays.toString(r.gossipEvents()));
    }

    @Test
    void badFiguresAreRejected() {
        GraphSpectrum g = GraphSpectrum.of(N, cycle(N));
        DadaoConstants k = DadaoConstants.of(1, 2, g.chi1(), g.lambdaMix());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PekkoDadao.run(null, k, g,
                PekkoDadaoTest::gradient, new double[N][D], 1, 1, SEED, -1, Duration.ofMillis(20), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("horizon -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PekkoDadao.run(null, k, g, PekkoDadaoTest::gradient,
                new double[N][D], 1, 1, SEED, 5, Duration.ofMillis(20), Duration.ofSeconds(5), java.util.Map.of(6, 1.0)));
        assertTrue(e.getMessage().contains("crash of node 6 at 1.0"), e.getMessage());
    }
}

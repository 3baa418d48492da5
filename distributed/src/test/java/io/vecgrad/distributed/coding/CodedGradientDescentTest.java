package io.vecgrad.distributed.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Latency;
import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodedGradientDescentTest {
    static final int N = 6;
    static final int D = 3;

    /** Partition j: ½‖x − c_j‖², exact gradient x − c_j. */
    static ParamVector center(int j) {
        Rng r = new Rng(50 + j);
        return ParamVector.of(r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
    }

    static List<Worker> workers(GradientCode code) {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < code.workers(); i++) {
            int[] held = code.partitionsOf(i);
            LocalProblem[] parts = new LocalProblem[held.length];
            for (int k = 0; k < held.length; k++) parts[k] = LocalProblem.quadratic(center(held[k]));
            ws.add(new Worker(i, ParamVector.zeros(D), new CodedShard(held, parts)));
        }
        return ws;
    }

    /** x − lr·(Σ_j (x − c_j))/n: one exact full-gradient step. */
    static double[] exactStep(double[] x, double lr) {
        double[] g = new double[D];
        for (int j = 0; j < N; j++) for (int k = 0; k < D; k++) g[k] += x[k] - center(j).get(k);
        double[] y = x.clone();
        for (int k = 0; k < D; k++) y[k] -= lr / N * g[k];
        return y;
    }

    @Test
    void everyRoundStepsByTheExactFullGradientDespiteSStragglers() {
        GradientCode code = GradientCode.cyclic(N, 2, new Rng(3));
        CodedGradientDescent m = new CodedGradientDescent(code, 0.5, CodedGradientDescent.Stragglers.uniform(2));
        try (SyncSimulator sim = SyncSimulator.builder(workers(code)).seed(7).build()) {
            m.setUp(sim);
            double[] want = new double[D];
            for (int r = 0; r < 12; r++) {
                m.round(sim, r);
                want = exactStep(want, 0.5);
                assertArrayEquals(want, m.model(sim).data(), 1e-10, "round " + r);
            }
            assertEquals(12, m.decodedRounds());
            assertEquals(0, m.lostRounds());
            assertEquals(12L * N * 3, sim.gradients(), "each worker computes its s + 1 partitions every round");
        }
    }

    @Test
    void moreStragglersThanTheCodeToleratesLoseTheRound() {
        GradientCode code = GradientCode.cyclic(N, 1, new Rng(3));
        boolean[][] pattern = new boolean[4][N];
        pattern[1][0] = pattern[1][3] = true;        // two stragglers, s = 1: round 1 is lost
        pattern[2][5] = true;                        // one straggler: decodes
        CodedGradientDescent m = new CodedGradientDescent(code, 0.5, CodedGradientDescent.Stragglers.pattern(pattern));
        try (SyncSimulator sim = SyncSimulator.builder(workers(code)).seed(7).build()) {
            m.setUp(sim);
            m.round(sim, 0);
            double[] after0 = m.model(sim).data().clone();
            m.round(sim, 1);
            assertArrayEquals(after0, m.model(sim).data(), 0, "a lost round leaves x unchanged");
            m.round(sim, 2);
            assertArrayEquals(exactStep(after0, 0.5), m.model(sim).data(), 1e-10);
            assertEquals(2, m.decodedRounds());
            assertEquals(1, m.lostRounds());
        }
    }

    @Test
    void uploadsLaterThanTheEnginesDeadlineAreStragglersToo() {
        GradientCode code = GradientCode.cyclic(N, 2, new Rng(4));
        CodedGradientDescent m = new CodedGradientDescent(code, 0.5, CodedGradientDescent.Stragglers.none());
        // heavy-tailed delays with a tight deadline: some rounds lose more than s uploads
        try (SyncSimulator sim = SyncSimulator.builder(workers(code)).seed(9).network(Channels.delay(Latency.exponential(1.0)))
                .deadline(0.5).build()) {
            m.setUp(sim);
            double[] x = new double[D];
            for (int r = 0; r < 20; r++) {
                long before = m.decodedRounds();
                m.round(sim, r);
                if (m.decodedRounds() > before) x = exactStep(x, 0.5);
                assertArrayEquals(x, m.model(sim).data(), 1e-10, "round " + r);
            }
            assertTrue(m.lostRounds() > 0 && m.decodedRounds() > 0, m.decodedRounds() + " decoded, " + m.lostRounds() + " lost");
        }
    }

    @Test
    void badInputNamesTheFigures() {
        GradientCode code = GradientCode.cyclic(N, 1, new Rng(3));
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> new CodedGradientDescent(code, 0, CodedGradientDescent.Stragglers.none()));
        assertTrue(lr.getMessage().contains("lr must be > 0, got 0"), lr.getMessage());
        List<Worker> plain = new ArrayList<>();
        for (int i = 0; i < N; i++) plain.add(new Worker(i, ParamVector.zeros(D), LocalProblem.quadratic(center(i))));
        try (SyncSimulator sim = SyncSimulator.builder(plain).seed(1).build()) {
            CodedGradientDescent m = new CodedGradientDescent(code, 0.1, CodedGradientDescent.Stragglers.none());
            m.setUp(sim);
            Exception e = assertThrows(RuntimeException.class, () -> m.round(sim, 0));
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            assertTrue(root.getMessage().contains("not a CodedShard"), root.getMessage());
        }
        List<Worker> five = workers(GradientCode.cyclic(5, 1, new Rng(3)));
        try (SyncSimulator sim = SyncSimulator.builder(five).seed(1).build()) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> new CodedGradientDescent(code, 0.1, CodedGradientDescent.Stragglers.none()).setUp(sim));
            assertTrue(size.getMessage().contains("code for 6 workers on an engine with 5"), size.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new CodedShard(new int[] {2, 1},
                new LocalProblem[] {LocalProblem.quadratic(center(0)), LocalProblem.quadratic(center(1))}));
    }
}

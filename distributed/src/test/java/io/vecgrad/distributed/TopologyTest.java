package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static List<ParamVector> randomModels(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        List<ParamVector> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) v[j] = rng.nextGaussian();
            xs.add(new ParamVector(v));
        }
        return xs;
    }

    @Test
    void factoriesGiveSymmetricDoublyStochasticMetropolisWeights() {
        Topology ring = Topology.ring(8);
        assertEquals(1.0 / 3, ring.weight(0, 1), 1e-15);
        assertEquals(1.0 / 3, ring.weight(0, 7), 1e-15);
        assertEquals(0.0, ring.weight(0, 4), 0.0);
        assertArrayEquals(new int[] {1, 7}, ring.neighbors(0));
        Topology torus = Topology.torus(3, 4);
        assertEquals(4, torus.neighbors(5).length);
        assertEquals(0.2, torus.weight(5, 5), 1e-15);
        Topology er = Topology.erdosRenyi(12, 0.3, 5);
        Topology exp = Topology.exponential(16);
        assertArrayEquals(new int[] {1, 2, 4, 8, 12, 14, 15}, exp.neighbors(0));
        assertTrue(exp.spectralGap() > ring.spectralGap());
        for (Topology t : List.of(ring, torus, er, exp, Topology.complete(5), Topology.ring(2))) {
            double[][] w = t.matrix();
            for (int i = 0; i < w.length; i++) {
                double row = 0;
                for (int j = 0; j < w.length; j++) {
                    row += w[i][j];
                    assertEquals(w[i][j], w[j][i], 0.0, t.name());
                }
                assertEquals(1.0, row, 1e-12, t.name());
            }
        }
    }

    @Test
    void rejectsMatricesThatAreNotSymmetricOrNotDoublyStochastic() {
        IllegalArgumentException asym = assertThrows(IllegalArgumentException.class,
                () -> new Topology("bad", new double[][] {{0.5, 0.5, 0}, {0.25, 0.5, 0.25}, {0.25, 0, 0.75}}));
        assertTrue(asym.getMessage().contains("symmetric"), asym.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> new Topology("bad", new double[][] {{0.5, 0.4}, {0.4, 0.5}}));
        assertTrue(rows.getMessage().contains("doubly stochastic") && rows.getMessage().contains("0.9"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Topology("neg", new double[][] {{1.5, -0.5}, {-0.5, 1.5}}));
    }

    @Test
    void spectralGapMatchesTheClosedFormOfTheRing() {
        for (int n : new int[] {5, 8, 16}) {
            double lambda2 = (1 + 2 * Math.cos(2 * Math.PI / n)) / 3;
            assertEquals(1 - lambda2, Topology.ring(n).spectralGap(), 1e-8, "ring-" + n);
        }
        assertEquals(1.0, Topology.complete(6).spectralGap(), 1e-12);
    }

    @Test
    void consensusErrorDecaysGeometricallyOnARingAndAverageIsPreserved() {
        Topology ring = Topology.ring(10);
        double rate = Math.pow(1 - ring.spectralGap(), 2);
        List<ParamVector> xs = randomModels(10, 6, 3);
        ParamVector avg = ParamVector.mean(xs);
        double c = ParamVector.consensusDistance(xs);
        for (int t = 0; t < 30; t++) {
            xs = ring.mix(xs);
            double next = ParamVector.consensusDistance(xs);
            assertTrue(next <= rate * c * (1 + 1e-9) + 1e-300, "step " + t + ": " + next + " > " + rate + "·" + c);
            c = next;
        }
        assertArrayEquals(avg.data(), ParamVector.mean(xs).data(), 1e-12);
        assertTrue(c < 1e-3 * ParamVector.consensusDistance(randomModels(10, 6, 3)));
    }

    @Test
    void completeGraphAveragesExactlyInOneStep() {
        List<ParamVector> xs = randomModels(7, 5, 4);
        ParamVector avg = ParamVector.mean(xs);
        for (ParamVector x : Topology.complete(7).mix(xs)) assertTrue(x.bitwiseEquals(avg));
    }

    @Test
    void randomEdgeScheduleIsDeterministicAndAveragesOnePair() {
        TopologySchedule s = TopologySchedule.randomEdge(Topology.ring(6), 9);
        for (long t = 0; t < 20; t++) {
            Topology w = s.at(t);
            assertArrayEquals(w.matrix()[0], s.at(t).matrix()[0], 0.0);
            int moved = 0;
            for (int i = 0; i < 6; i++) if (w.weight(i, i) == 0.5) moved++;
            assertEquals(2, moved);
        }
    }
}

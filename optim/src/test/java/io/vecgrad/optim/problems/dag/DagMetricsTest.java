package io.vecgrad.optim.problems.dag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DagMetricsTest {
    /** Truth: 0→1, 1→2, 0→3 on 4 nodes. */
    private static final double[] TRUTH = adj(4, 0, 1, 1, 2, 0, 3);

    static double[] adj(int d, int... edges) {
        double[] w = new double[d * d];
        for (int k = 0; k < edges.length; k += 2) w[edges[k] * d + edges[k + 1]] = 1;
        return w;
    }

    @Test
    void perfectEstimate() {
        DagMetrics m = DagMetrics.of(TRUTH, TRUTH, 4);
        assertEquals(new DagMetrics(0, 1.0, 0.0, 0.0, 0.0, 3), m);
    }

    @Test
    void handCountedMistakes() {
        // 0→1 right, 2→1 reversed, 0→3 missing, 2→3 extra.
        DagMetrics m = DagMetrics.of(TRUTH, adj(4, 0, 1, 2, 1, 2, 3), 4);
        assertEquals(3, m.shd());           // reversed 1 + missing 1 + extra 1
        assertEquals(1.0 / 3, m.tpr(), 1e-15);
        assertEquals(2.0 / 3, m.fdr(), 1e-15);
        assertEquals(2.0 / 3, m.fpr(), 1e-15);   // (1 reversed + 1 false) / (6 − 3)
        assertEquals(0.75, m.normalizedShd(), 1e-15);
        assertEquals(3, m.predicted());
    }

    @Test
    void emptyEstimateMissesEveryEdge() {
        DagMetrics m = DagMetrics.of(TRUTH, new double[16], 4);
        assertEquals(3, m.shd());
        assertEquals(0.0, m.tpr());
        assertEquals(0.0, m.fdr());
    }

    @Test
    void acyclicityAndThresholding() {
        assertTrue(DagMetrics.isDag(TRUTH, 4));
        double[] cyc = adj(3, 0, 1, 1, 2, 2, 0);
        assertFalse(DagMetrics.isDag(cyc, 3));
        cyc[2 * 3] = 0.5;   // weakest edge of the cycle
        cyc[1] = 2;
        cyc[5] = 0.8;
        cyc[3] = 0.1;       // 1→0 below the threshold
        double[] t = DagMetrics.threshold(cyc, 3, 0.3);
        assertArrayEquals(new double[] {0, 2, 0, 0, 0, 0.8, 0, 0, 0}, t);
        assertThrows(IllegalArgumentException.class, () -> DagMetrics.of(TRUTH, new double[9], 4));
    }

    @Test
    void samplerGivesDagsWithTheRequestedDensity() {
        for (DagSampler.Graph g : DagSampler.Graph.values()) {
            DagSampler.Sample s = DagSampler.sample(g, 30, 60, 50, false, 3);
            assertTrue(DagMetrics.isDag(s.w(), 30));
            int e = DagMetrics.of(s.w(), s.w(), 30).predicted();
            assertTrue(e > 30 && e < 90, g + " edges " + e);
            DagSampler.Sample again = DagSampler.sample(g, 30, 60, 50, false, 3);
            assertArrayEquals(s.x(), again.x());
        }
    }
}

package io.vecgrad.optim.solvers.dag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.optim.problems.dag.LeastSquaresScore;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class TopoTest {
    private static final DagSampler.Sample DATA = DagSampler.sample(DagSampler.Graph.ER, 12, 24, 1000, true, 4);

    @Test
    void swapsStrictlyDecreaseTheScoreAndTheResultIsADag() {
        for (long seed = 0; seed < 3; seed++) {
            Topo.Result r = Topo.fit(DATA.x(), DATA.n(), DATA.d(), Topo.Options.defaults(), seed);
            double[] h = r.lossHistory();
            for (int k = 1; k < h.length; k++) assertTrue(h[k] < h[k - 1], "round " + k + ": " + h[k - 1] + " -> " + h[k]);
            assertTrue(DagMetrics.isDag(r.fit().raw(), 12));
            // W(π) only uses edges allowed by the final order
            int[] pos = new int[12];
            for (int k = 0; k < 12; k++) pos[r.order()[k]] = k;
            for (int i = 0; i < 12; i++) for (int j = 0; j < 12; j++) if (r.fit().raw()[i * 12 + j] != 0) assertTrue(pos[i] < pos[j]);
            // the incremental loss equals the least-squares score of W(π)
            double q = LeastSquaresScore.of(DATA.x(), DATA.n(), 12).value(r.fit().raw());
            assertEquals(q, r.fit().score(), 1e-9 * q);
        }
    }

    @Test
    void refittingTheAffectedColumnsEqualsAFullRefit() {
        int d = 12;
        Topo t = topoOf(DATA);
        int[] order = perm(d, 1);
        double[] w = new double[d * d], cl = new double[d];
        t.refit(order, 0, d - 1, w, cl);
        int i = order[9], j = order[2];
        t.swapAndRefit(order, w, cl, i, j);
        double[] wFull = new double[d * d], clFull = new double[d];
        t.refit(order, 0, d - 1, wFull, clFull);
        // columns after the swapped pair keep their fit: same predecessor set, listed in another
        // sequence, so the two Cholesky solves agree up to rounding
        assertArrayEquals(wFull, w, 1e-12);
        assertArrayEquals(clFull, cl, 1e-12);
    }

    @Test
    void findsAGoodGraphFromARandomOrder() {
        Topo.Result r = Topo.fit(DATA.x(), DATA.n(), DATA.d(), Topo.Options.defaults(), 0);
        DagMetrics m = r.fit().metrics(DATA.w());
        assertTrue(m.shd() <= 6, "SHD " + m);
        assertTrue(r.swaps() > 0);
    }

    @Test
    void deterministicPerSeed() {
        Topo.Result a = Topo.fit(DATA.x(), DATA.n(), DATA.d(), Topo.Options.defaults(), 5);
        Topo.Result b = Topo.fit(DATA.x(), DATA.n(), DATA.d(), Topo.Options.defaults(), 5);
        assertArrayEquals(a.order(), b.order());
        assertArrayEquals(a.fit().raw(), b.fit().raw());
    }

    private static Topo topoOf(DagSampler.Sample s) {
        return Topo.forData(s.x(), s.n(), s.d());
    }

    private static int[] perm(int d, long seed) {
        long[] p = new Rng(seed).permutation(d).toLongArray();
        int[] r = new int[d];
        for (int k = 0; k < d; k++) r[k] = (int) p[k];
        return r;
    }
}

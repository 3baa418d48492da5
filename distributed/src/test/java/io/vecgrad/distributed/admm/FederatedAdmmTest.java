package io.vecgrad.distributed.admm;

import io.vecgrad.distributed.admm.FederatedAdmm.Config;
import io.vecgrad.distributed.admm.FederatedAdmm.Variant;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedAdmmTest {

    /** Heterogeneous synthetic WLS clients: Gaussian regressors with client-specific scales and true models. */
    static List<WlsClient> clients(int k, int rows, int d, long seed) {
        Rng rng = new Rng(seed);
        List<WlsClient> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double scale = 0.5 + rng.nextDouble();
            double[][] x = new double[rows][d];
            double[] y = new double[rows], w = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < d; i++) x[r][i] = scale * rng.nextGaussian();
                y[r] = c + rng.nextGaussian();
                for (int i = 0; i < d; i++) y[r] += (i + 1) * 0.1 * x[r][i];
                w[r] = 0.5 + rng.nextDouble();
            }
            out.add(WlsClient.of(x, y, w));
        }
        return out;
    }

    private static FederatedAdmm run(List<WlsClient> cs, Config cfg, long seed, int rounds) {
        FederatedAdmm a = new FederatedAdmm(cs, cfg, new Rng(seed));
        for (int t = 0; t < rounds; t++) a.round();
        return a;
    }

    private static Config exact(Variant v) {
        return new Config(v, 10, 1, 0, 0, false);
    }

    @Test
    void bothVariantsReachTheWlsOptimumWithoutNoise() {
        List<WlsClient> cs = clients(8, 15, 4, 1);
        double[] wStar = WlsClient.optimum(cs);
        for (Variant v : Variant.values()) {
            FederatedAdmm a = run(cs, exact(v), 2, 400);
            assertArrayEquals(wStar, a.global(), 1e-8, v.toString());
        }
    }

    @Test
    void oneClientConvergesToItsLocalSolution() {
        List<WlsClient> cs = clients(1, 12, 3, 3);
        double[] local = WlsClient.optimum(cs);
        for (Variant v : Variant.values()) assertArrayEquals(local, run(cs, exact(v), 4, 300).global(), 1e-9);
    }

    @Test
    void consensusAdmmDualsSumToZeroAfterTheFirstIteration() {
        List<WlsClient> cs = clients(6, 10, 3, 5);
        FederatedAdmm a = new FederatedAdmm(cs, exact(Variant.CONSENSUS_ADMM), new Rng(6));
        for (int t = 0; t < 30; t++) {
            a.round();
            double[] sum = new double[3];
            for (int k = 0; k < 6; k++) for (int i = 0; i < 3; i++) sum[i] += a.dual(k)[i];
            for (double s : sum) assertEquals(0, s, 1e-9);
        }
    }

    @Test
    void fixedPointSatisfiesTheKktConditions() {
        List<WlsClient> cs = clients(5, 12, 3, 7);
        for (Variant v : Variant.values()) {
            FederatedAdmm a = run(cs, exact(v), 8, 500);
            double[] z = a.global(), dualSum = new double[3];
            for (int k = 0; k < 5; k++) {
                double[] w = a.local(k), g = cs.get(k).gradient(w), lam = a.dual(k);
                for (int i = 0; i < 3; i++) {
                    assertEquals(0, g[i] + lam[i], 1e-8, v + ": stationarity at client " + k);
                    assertEquals(z[i], w[i], 1e-8, v + ": primal feasibility at client " + k);
                    dualSum[i] += lam[i];
                }
            }
            for (double s : dualSum) assertEquals(0, s, 1e-8, v + ": dual feasibility");
        }
    }

    @Test
    void randomSchedulingStillConvergesAndSendsAboutQOfTheMessages() {
        List<WlsClient> cs = clients(10, 10, 3, 9);
        FederatedAdmm a = run(cs, new Config(Variant.DUAL_FREE, 10, 0.3, 0, 0, false), 10, 1500);
        assertArrayEquals(WlsClient.optimum(cs), a.global(), 1e-6);
        double expected = 2 * 0.3 * 10 * 1500, sd = 2 * Math.sqrt(0.3 * 0.7 * 10 * 1500);
        assertEquals(expected, a.messages(), 5 * sd);
        assertEquals(a.messages() * 8 * 3, a.bytesSent());
    }

    private static double steadyMsd(List<WlsClient> cs, Variant v, double std, long seed) {
        FederatedAdmm a = new FederatedAdmm(cs, new Config(v, 10, 1, std, std, false), new Rng(seed));
        double[] wStar = WlsClient.optimum(cs);
        double sum = 0;
        for (int t = 0; t < 1200; t++) {
            a.round();
            if (t >= 400) sum += a.squaredDistance(wStar);
        }
        return sum / 800;
    }

    @Test
    void dualFreeSteadyStateErrorScalesWithTheNoiseVariance() {
        List<WlsClient> cs = clients(8, 15, 4, 11);
        double low = steadyMsd(cs, Variant.DUAL_FREE, 1e-3, 12), high = steadyMsd(cs, Variant.DUAL_FREE, 1e-2, 12);
        assertTrue(high > low, low + " vs " + high);
        double ratio = high / low;   // ∝ σ²: 100 for a 10× larger standard deviation (same noise draws, scaled)
        assertEquals(100, ratio, 5, "ratio " + ratio);
    }

    @Test
    void sameSeedSameRun() {
        List<WlsClient> cs = clients(5, 8, 3, 13);
        Config c = new Config(Variant.DUAL_FREE, 5, 0.6, 1e-2, 1e-2, true);
        assertArrayEquals(run(cs, c, 14, 50).global(), run(cs, c, 14, 50).global(), 0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Config(Variant.DUAL_FREE, 0, 1, 0, 0, false));
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> new Config(Variant.DUAL_FREE, 1, 1.5, 0, 0, false));
        assertTrue(q.getMessage().contains("1.5"), q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WlsClient.of(new double[][] {{1, 2}}, new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> WlsClient.of(new double[][] {{1, 2}}, new double[] {1}, new double[] {-1}));
        List<WlsClient> mixed = List.of(clients(1, 5, 2, 1).get(0), clients(1, 5, 3, 1).get(0));
        assertThrows(IllegalArgumentException.class, () -> new FederatedAdmm(mixed, exact(Variant.DUAL_FREE), new Rng(1)));
    }
}

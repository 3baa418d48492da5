package io.vecgrad.optim.schedule.mi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The plug-in MI estimators on variables whose MI is known. */
class MutualInformationTest {
    /**
     * Jointly Gaussian (X, Y) with correlation ρ: I = −½ log(1 − ρ²). 20 000 pairs, 20
     * equal-frequency bins each; tolerance 0.05 nats (binning loses about 0.03 nats at ρ = 0.9,
     * the plug-in bias adds about (19²)/(2n) ≈ 0.009).
     */
    @Test
    void binnedEstimateMatchesTheGaussianClosedForm() {
        int n = 20_000;
        for (double rho : new double[] {0.3, 0.6, 0.9}) {
            Rng r = new Rng(17).split((long) (rho * 10));
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
                y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * r.nextGaussian();
            }
            double exact = -0.5 * Math.log(1 - rho * rho);
            double est = MutualInformation.binned(x, y, 20);
            assertEquals(exact, est, 0.05, "rho " + rho + ": binned MI " + est + " vs closed form " + exact);
        }
    }

    @Test
    void independentVariablesGiveAboutZero() {
        Rng r = new Rng(3);
        int n = 20_000;
        double[] x = new double[n], y = new double[n];
        long[] a = new long[n], b = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
            y[i] = r.nextGaussian();
            a[i] = r.nextInt(10);
            b[i] = r.nextInt(10);
        }
        assertTrue(MutualInformation.binned(x, y, 20) < 0.02, "independent Gaussians");
        assertTrue(MutualInformation.normalized(a, b) < 0.01, "random independent predictions give NMI about 0");
    }

    @Test
    void perfectPredictionsGiveTheLabelEntropy() {
        long[] y = {0, 1, 2, 3, 0, 1, 2, 3};
        assertEquals(Math.log(4), MutualInformation.entropy(y), 1e-12);
        assertEquals(Math.log(4), MutualInformation.discrete(y, y), 1e-12);
        assertEquals(1.0, MutualInformation.normalized(y, y), 1e-12);
        long[] relabelled = {3, 2, 1, 0, 3, 2, 1, 0};   // a bijection of the labels carries all information
        assertEquals(1.0, MutualInformation.normalized(relabelled, y), 1e-12);
    }

    @Test
    void handComputedContingencyTable() {
        // A = (0,0,1,1), B = (0,1,1,1): p(0,0) = p(0,1) = 1/4, p(1,1) = 1/2
        long[] a = {0, 0, 1, 1}, b = {0, 1, 1, 1};
        double expected = 0.25 * Math.log(0.25 / (0.5 * 0.25)) + 0.25 * Math.log(0.25 / (0.5 * 0.75)) + 0.5 * Math.log(0.5 / (0.5 * 0.75));
        assertEquals(expected, MutualInformation.discrete(a, b), 1e-12);
    }

    @Test
    void layerSymbolsBinEachUnitAndJoinThem() {
        double[][] acts = {{0, 0}, {0.1, 0}, {1, 0}, {1, 1}};   // 2 bins over [0, 1]: (0,0), (0,0), (1,0), (1,1)
        long[] s = MutualInformation.symbols(acts, 2);
        assertEquals(s[0], s[1]);
        assertTrue(s[1] != s[2] && s[2] != s[3]);
        assertEquals(MutualInformation.entropy(new long[] {0, 1, 0, 1}), MutualInformation.layer(acts, new long[] {0, 0, 1, 1}, 2), 1e-12);
    }

    @Test
    void badInputNamesTheOperationAndSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MutualInformation.discrete(new long[3], new long[2]));
        assertTrue(e.getMessage().contains("3 vs 2"), e.getMessage());
    }
}

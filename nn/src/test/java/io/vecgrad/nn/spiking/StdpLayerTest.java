package io.vecgrad.nn.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class StdpLayerTest {
    @Test
    void stdpUpdateOnHandComputedSpikePairs() {
        double[] w = {0.5, 0.8, 0.2, 0.9};
        int[] pre = {1, 3, 4, StdpLayer.NEVER};
        StdpLayer.stdpUpdate(w, pre, 3, 0.1, 0.05);
        // pre at 1 and 3 (≤ post 3): + 0.1·w(1−w); pre at 4 and never: − 0.05·w(1−w)
        assertArrayEquals(new double[] {0.5 + 0.1 * 0.25, 0.8 + 0.1 * 0.16, 0.2 - 0.05 * 0.16, 0.9 - 0.05 * 0.09}, w, 1e-15);
    }

    @Test
    void latencyCodeSendsBrighterInputsEarlier() {
        assertArrayEquals(new int[] {0, 5, 10, StdpLayer.NEVER, StdpLayer.NEVER}, StdpLayer.latencies(new double[] {1, 0.5, 0.0001, 0, -1}, 11));
    }

    @Test
    void neuronsIntegrateWithoutLeakAndFireOnce() {
        StdpLayer l = new StdpLayer(3, 1, new StdpLayer.Config(11, 1.0, 0.1, 0.075, 0.5, 0), new Rng(1));
        // weights all 0.5: inputs spike at 0 and 5 → potential 0.5 at t=0, 1.0 at t=5 → fires at 5
        assertArrayEquals(new int[] {5}, l.spikeTimes(new double[] {1, 0.5, 0}));
        assertArrayEquals(new int[] {StdpLayer.NEVER}, l.spikeTimes(new double[] {1, 0, 0}));
    }

    @Test
    void trainingUpdatesOnlyTheWinnerByTheRule() {
        StdpLayer l = new StdpLayer(3, 2, new StdpLayer.Config(11, 1.0, 0.1, 0.075, 0.5, 0.05), new Rng(5));
        double[][] before = l.weights();
        double[] x = {1, 0.5, 0};
        int[] times = l.spikeTimes(x);
        int winner = l.train(x);
        assertTrue(winner >= 0);
        int t = times[winner];
        double[] expect = before[winner].clone();
        StdpLayer.stdpUpdate(expect, StdpLayer.latencies(x, 11), t, 0.1, 0.075);
        double[][] after = l.weights();
        assertArrayEquals(expect, after[winner], 1e-15);
        assertArrayEquals(before[1 - winner], after[1 - winner], 0);
        assertEquals(1, l.wins()[winner]);
    }

    @Test
    void repeatedPatternIsLearnedAndWeightsStayInTheUnitInterval() {
        StdpLayer l = new StdpLayer(6, 1, new StdpLayer.Config(8, 1.2, 0.05, 0.0375, 0.5, 0.05), new Rng(2));
        // inputs 0–2 spike at t=0 (before the neuron), input 3 at t=4 (after it), 4–5 never
        double[] x = {1, 1, 1, 0.5, 0, 0};
        for (int i = 0; i < 400; i++) l.train(x);
        double[] w = l.weights()[0];
        for (int i = 0; i < 3; i++) assertTrue(w[i] > 0.95, "active input " + i + " potentiated: " + w[i]);
        for (int i = 3; i < 6; i++) assertTrue(w[i] < 0.05 && w[i] > 0, "late or silent input " + i + " depressed: " + w[i]);
    }

    @Test
    void deterministicPerSeedAndFeaturesAreBinary() {
        Rng r = new Rng(11);
        Tensor x = r.uniform(DType.FLOAT32, 0, 1, 20, 16);
        double[][] a = trained(x, 4).weights();
        double[][] b = trained(x, 4).weights();
        for (int j = 0; j < a.length; j++) assertArrayEquals(a[j], b[j], 0);
        Tensor f = trained(x, 4).features(x);
        assertArrayEquals(new int[] {20, 10}, f.shape());
        for (double v : f.toDoubleArray()) assertTrue(v == 0 || v == 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trained(x, 4).features(Tensor.zeros(DType.FLOAT32, 3, 5)));
        assertTrue(e.getMessage().contains("[N, 16]") && e.getMessage().contains("[3, 5]"), e.getMessage());
    }

    private static StdpLayer trained(Tensor x, long seed) {
        StdpLayer l = new StdpLayer(16, 10, StdpLayer.Config.defaults().withThreshold(4), new Rng(seed));
        double[] all = x.toDoubleArray();
        for (int n = 0; n < x.shape()[0]; n++) l.train(java.util.Arrays.copyOfRange(all, n * 16, n * 16 + 16));
        return l;
    }

    @Test
    void firstToFireOrdersBySpikeTimeThenPotential() {
        StdpLayer l = new StdpLayer(2, 3, new StdpLayer.Config(11, 1.0, 0.1, 0.075, 0.5, 0.2), new Rng(9));
        double[][] w = l.weights();
        double[] x = {1, 0.5};
        int[] times = l.spikeTimes(x);
        int[] first = l.firstToFire(x, 3);
        for (int a = 0; a + 1 < first.length; a++) {
            int i = first[a], j = first[a + 1];
            double vi = w[i][0] + (times[i] >= 5 ? w[i][1] : 0), vj = w[j][0] + (times[j] >= 5 ? w[j][1] : 0);
            assertTrue(times[i] < times[j] || (times[i] == times[j] && vi >= vj), "order at " + a);
        }
        int fired = 0;
        for (int t : times) if (t != StdpLayer.NEVER) fired++;
        assertEquals(fired, first.length);
        assertEquals(Math.min(1, fired), l.firstToFire(x, 1).length);
    }
}

package io.vecgrad.optim.problems.twolayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TwoLayerTest {
    static double[] sphere(int n, int d, long seed) {
        Rng r = new Rng(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = r.nextGaussian();
                s += x[i * d + k] * x[i * d + k];
            }
            for (int k = 0; k < d; k++) x[i * d + k] /= Math.sqrt(s);
        }
        return x;
    }

    static double[] target(double[] x, int n, int d) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = x[i * d] + x[i * d + 1] * x[i * d + 1] - 0.5 * x[i * d + 2];
        return y;
    }

    @Test
    void closedFormKernelMatchesMonteCarloAndItsPrediction() {
        int n = 8, d = 3;
        double[] x = sphere(n, d, 1);
        double[] k = KernelRiskPrediction.gram(x, n, d);
        double[] mc = KernelRiskPrediction.gramMonteCarlo(x, n, d, 200_000, 2);
        for (int i = 0; i < n; i++) assertEquals(0.5, k[i * n + i], 1e-8, "K(x, x) = 1/2 for unit x (arccos near 1 turns a 1e-16 rounding of the norm into ~1e-8)");
        for (int i = 0; i < n * n; i++) assertEquals(k[i], mc[i], 5e-3, "entry " + i);   // MC standard error <= 0.5/sqrt(2e5) ~ 1.1e-3
        double[] y = target(x, n, d);
        double eta = 1 / KernelRiskPrediction.topEigenvalue(k, n);
        double[] a = KernelRiskPrediction.risk(k, n, y, eta, 50), b = KernelRiskPrediction.risk(mc, n, y, eta, 50);
        for (int t = 0; t <= 50; t++) assertEquals(a[t], b[t], 0.02 * a[0], "step " + t);
        assertTrue(a[50] < 0.5 * a[0], "the prediction decreases the risk");
    }

    @Test
    void topEigenvalueMatchesADiagonalCase() {
        double[] k = {3, 0, 0, 0, 1, 0, 0, 0, 2};
        assertEquals(1.0, KernelRiskPrediction.topEigenvalue(k, 3), 1e-9);   // largest eigenvalue 3 of K, divided by n = 3
    }

    /** Wide nets follow the kernel prediction; narrow ones deviate more (the width dependence P12 measures). */
    @Test
    void wideNetGdFollowsTheKernelPrediction() {
        int n = 12, d = 3, steps = 30;
        double[] x = sphere(n, d, 3), y = target(x, n, d);
        double[] k = KernelRiskPrediction.gram(x, n, d);
        double eta = 1 / KernelRiskPrediction.topEigenvalue(k, n);
        double wide = deviation(20_000, x, y, n, d, k, eta, steps), narrow = deviation(20, x, y, n, d, k, eta, steps);
        assertTrue(wide < 0.03, "wide deviation " + wide);
        assertTrue(narrow > 2 * wide, "narrow " + narrow + " vs wide " + wide);
    }

    static double deviation(int m, double[] x, double[] y, int n, int d, double[] k, double eta, int steps) {
        WideReluNet net = WideReluNet.init(m, d, 5);
        double[] f0 = net.predict(x, n), u0 = new double[n];
        for (int i = 0; i < n; i++) u0[i] = f0[i] - y[i];
        double[] pred = KernelRiskPrediction.risk(k, n, u0, eta, steps), gd = net.train(x, y, n, eta, steps);
        double dev = 0;
        for (int t = 0; t <= steps; t++) dev = Math.max(dev, Math.abs(gd[t] - pred[t]) / pred[0]);
        return dev;
    }

    @Test
    void wideNetIsDeterministicPerSeed() {
        assertArrayEquals(WideReluNet.init(10, 4, 7).weights(), WideReluNet.init(10, 4, 7).weights());
        assertArrayEquals(WideReluNet.init(10, 4, 7).signs(), WideReluNet.init(10, 4, 7).signs());
        assertFalse(Arrays.equals(WideReluNet.init(10, 4, 7).weights(), WideReluNet.init(10, 4, 8).weights()));
        assertThrows(IllegalArgumentException.class, () -> WideReluNet.init(10, 4, 7).predict(new double[7], 2));
    }

    @Test
    void studentGradientMatchesCentralDifferences() {
        int n = 20, d = 4, m = 3;
        double[] x = new Rng(4).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, n * d).toDoubleArray();
        double[] y = target(x, n, d);
        StudentNet s = StudentNet.init(m, d, 0.7, 9);
        double[] g = s.gradient(x, y, n);
        double[] w = s.hidden(), a = s.output();
        double h = 1e-6;
        for (int p = 0; p < m * d + m; p++) {
            double[] wp = w.clone(), wm = w.clone(), ap = a.clone(), am = a.clone();
            if (p < m * d) {
                wp[p] += h;
                wm[p] -= h;
            } else {
                ap[p - m * d] += h;
                am[p - m * d] -= h;
            }
            double fd = (new StudentNet(wp, ap, d).loss(x, y, n) - new StudentNet(wm, am, d).loss(x, y, n)) / (2 * h);
            assertEquals(fd, g[p], 1e-7 * (1 + Math.abs(fd)), "parameter " + p);
        }
    }

    @Test
    void teacherAndSplitTeacherAreZeroLossMinima() {
        int n = 50, d = 5;
        double[] x = new Rng(6).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, n * d).toDoubleArray();
        double[] tw = {1, 0, 0, 0, 0, 0, 0.6, 0.8, 0, 0};
        double[] ta = {1, 1};
        double[] y = new StudentNet(tw, ta, d).predict(x, n);
        StudentNet same = new StudentNet(tw, ta, d);
        assertEquals(0, same.loss(x, y, n), 0.0);
        for (double v : same.gradient(x, y, n)) assertEquals(0, v, 0.0);
        // Split teacher neuron 1 into two students with a1 + a2 = a* (same direction, one rescaled): still zero loss.
        double[] sw = {1, 0, 0, 0, 0, 0, 0.6, 0.8, 0, 0, 0, 1.2, 1.6, 0, 0};
        double[] sa = {1, 0.4, 0.3};   // 0.4 · relu(w*) + 0.3 · relu(2 w*) = relu(w*)
        assertEquals(0, new StudentNet(sw, sa, d).loss(x, y, n), 1e-28);
        double[] ang = NeuronAlignment.nearestAngles(sw, tw, 3, 2, d);
        for (double v : ang) assertEquals(0, v, 1e-7);
    }

    @Test
    void alignmentIsZeroForIdenticalNeuronsAndScaleInvariant() {
        int d = 6;
        double[] t = new Rng(1).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, 3 * d).toDoubleArray();
        double[] s = new Rng(2).normal(io.vecgrad.tensor.DType.FLOAT64, 0, 1, 4 * d).toDoubleArray();
        double[] base = NeuronAlignment.nearestAngles(s, t, 4, 3, d);
        double[] scaled = s.clone();
        for (int i = 0; i < 4; i++) for (int k = 0; k < d; k++) scaled[i * d + k] *= 0.1 + 3 * i;
        double[] tScaled = t.clone();
        for (int k = 0; k < d; k++) tScaled[k] *= 7;
        double[] again = NeuronAlignment.nearestAngles(scaled, tScaled, 4, 3, d);
        for (int i = 0; i < 4; i++) assertEquals(base[i], again[i], 1e-12);
        for (int i = 0; i < 4; i++) assertTrue(base[i] > 0.05, "random neurons are not aligned: " + base[i]);
        for (double v : NeuronAlignment.nearestAngles(t, t, 3, 3, d)) assertEquals(0, v, 1e-7);
        double[] neg = t.clone();
        for (int k = 0; k < d; k++) neg[k] = -neg[k];
        assertEquals(Math.PI, NeuronAlignment.angle(neg, 0, t, 0, d), 1e-7, "a negative rescaling is the opposite direction");
        assertTrue(Double.isNaN(NeuronAlignment.nearestAngles(new double[d], t, 1, 3, d)[0]), "a zero neuron has no direction");
        assertTrue(Double.isNaN(NeuronAlignment.max(new double[] {0.1, Double.NaN})));
        assertArrayEquals(new int[] {0, 1, 2}, NeuronAlignment.nearestIndex(t, t, 3, 3, d));
    }

    @Test
    void studentInitIsDeterministicAndBalanced() {
        StudentNet s = StudentNet.init(4, 5, 0.3, 2);
        assertArrayEquals(s.hidden(), StudentNet.init(4, 5, 0.3, 2).hidden());
        assertFalse(Arrays.equals(s.hidden(), StudentNet.init(4, 5, 0.3, 3).hidden()));
        double[] w = s.hidden();
        for (int i = 0; i < 4; i++) assertEquals(0.3, Math.sqrt(WideReluNet.dot(w, i * 5, w, i * 5, 5)), 1e-12);
        assertArrayEquals(new double[] {0.3, 0.3, 0.3, 0.3}, s.output());
    }
}

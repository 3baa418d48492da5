package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSeedSpsaTest {
    /** f(θ) = ½ θᵀAθ + bᵀθ with A = diag(1, 2, 3, 4) + 0.5 off the diagonal neighbours. */
    static final double[][] A = {{1, 0.5, 0, 0}, {0.5, 2, 0.5, 0}, {0, 0.5, 3, 0.5}, {0, 0, 0.5, 4}};
    static final double[] B = {1, -2, 0.5, 3};

    static double quad(double[] th) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double ai = 0;
            for (int j = 0; j < 4; j++) ai += A[i][j] * th[j];
            s += 0.5 * th[i] * ai + B[i] * th[i];
        }
        return s;
    }

    static double[] grad(double[] th) {
        double[] g = new double[4];
        for (int i = 0; i < 4; i++) {
            g[i] = B[i];
            for (int j = 0; j < 4; j++) g[i] += A[i][j] * th[j];
        }
        return g;
    }

    static final SpsaObjective QUAD = (th, t, w, s) -> quad(th);

    @Test
    void everyWorkerRegeneratesTheSameDirection() {
        double[] a = new SpsaPerturbations(11).direction(5, 3, 2, 100);
        double[] b = new SpsaPerturbations(11).direction(5, 3, 2, 100);
        assertArrayEquals(a, b);   // bitwise: assertArrayEquals on doubles compares with equals()
        assertFalse(Arrays.equals(a, new SpsaPerturbations(11).direction(5, 2, 2, 100)), "another worker's direction must differ");
        assertFalse(Arrays.equals(a, new SpsaPerturbations(11).direction(6, 3, 2, 100)), "another step's direction must differ");
        assertFalse(Arrays.equals(a, new SpsaPerturbations(11).direction(5, 3, 1, 100)), "another sample's direction must differ");
        assertFalse(Arrays.equals(a, new SpsaPerturbations(12).direction(5, 3, 2, 100)), "another seed's direction must differ");
        double[] theta = new double[100];
        new SpsaPerturbations(11).addScaled(theta, 2.0, 5, 3, 2);
        for (int i = 0; i < 100; i++) assertEquals(2.0 * a[i], theta[i], 0.0);
    }

    @Test
    void directionsAreStandardNormal() {
        double[] z = new SpsaPerturbations(3).direction(0, 0, 0, 200_000);
        double mean = 0, sq = 0;
        for (double v : z) {
            mean += v;
            sq += v * v;
        }
        mean /= z.length;
        sq /= z.length;
        assertEquals(0, mean, 4.5 / Math.sqrt(z.length));          // 4.5 standard errors
        assertEquals(1, sq, 4.5 * Math.sqrt(2.0 / z.length));
    }

    @Test
    void perturbAndRestoreReturnsThetaWithinUlps() {
        double[] theta = {0.3, -1.7, 2.5, 1e-3};
        double[] t = theta.clone();
        SpsaPerturbations z = new SpsaPerturbations(5);
        z.addScaled(t, 1e-3, 1, 0, 0);
        z.addScaled(t, -2e-3, 1, 0, 0);
        z.addScaled(t, 1e-3, 1, 0, 0);
        for (int i = 0; i < 4; i++) assertEquals(theta[i], t[i], 4 * Math.ulp(Math.abs(theta[i]) + 1e-2));
    }

    @Test
    void projectedGradientIsExactOnQuadratics() {
        double[] theta = {0.4, -0.3, 1.2, -2};
        SpsaReplica r = new SpsaReplica(theta, SpsaConfig.of(1e-3, 0.1, 1, 3, 9));
        List<SpsaMessage> msgs = r.measure(QUAD, 4, 0);
        double[] g = grad(theta);
        for (SpsaMessage m : msgs) {
            double[] z = new SpsaPerturbations(9).direction(4, 0, m.sample(), 4);
            double zg = 0;
            for (int i = 0; i < 4; i++) zg += z[i] * g[i];
            assertEquals(zg, m.value(), 1e-9 * (1 + Math.abs(zg)), "central difference has no truncation error on a quadratic");
        }
        assertArrayEquals(theta, r.theta(), "measure leaves theta untouched");
    }

    /**
     * Unbiasedness: E[p z] = ∇f. 100,000 seeds; per coordinate a two-sided z-test with Bonferroni over the 4
     * coordinates at family-wise significance 0.001 (critical |z| = 3.66). Deterministic: seeds are fixed. The same test
     * must reject an estimator scaled by 1.10 (so it can fail).
     */
    @Test
    void estimateIsUnbiasedForQuadratics() {
        double[] theta = {0.4, -0.3, 1.2, -2};
        double[] g = grad(theta);
        int n = 100_000;
        double[] sum = new double[4], sumSq = new double[4];
        SpsaReplica r = new SpsaReplica(theta, SpsaConfig.of(1e-3, 0.1, 1, 1, 2024));
        SpsaPerturbations dirs = new SpsaPerturbations(2024);
        for (int k = 0; k < n; k++) {
            double p = r.measure(QUAD, k, 0).get(0).value();
            double[] z = dirs.direction(k, 0, 0, 4);
            for (int i = 0; i < 4; i++) {
                sum[i] += p * z[i];
                sumSq[i] += p * z[i] * p * z[i];
            }
        }
        double critical = 3.66;
        for (int i = 0; i < 4; i++) {
            double mean = sum[i] / n, var = sumSq[i] / n - mean * mean, se = Math.sqrt(var / n);
            assertTrue(Math.abs((mean - g[i]) / se) < critical, "coordinate " + i + ": mean " + mean + " vs gradient " + g[i] + " (se " + se + ")");
            assertTrue(Math.abs((1.10 * mean - g[i]) / (1.10 * se)) > critical, "the test must detect a 10% bias on coordinate " + i);
        }
    }

    @Test
    void sharedSeedAndFullExchangeGiveBitIdenticalTrajectories() {
        SpsaConfig c = SpsaConfig.of(1e-3, 0.05, 4, 2, 31);
        List<double[]> a = new ArrayList<>(), b = new ArrayList<>();
        SpsaRun shared = SharedSeedSpsa.run(QUAD, new double[] {1, 1, 1, 1}, 300, c, SharedSeedSpsa.Exchange.SHARED_SEED, (t, th) -> a.add(th.clone()));
        SpsaRun full = SharedSeedSpsa.run(QUAD, new double[] {1, 1, 1, 1}, 300, c, SharedSeedSpsa.Exchange.FULL_VECTOR, (t, th) -> b.add(th.clone()));
        for (int t = 0; t < 300; t++) assertArrayEquals(a.get(t), b.get(t), "step " + t);
        assertArrayEquals(shared.losses(), full.losses());
        assertTrue(shared.replicasAgree() && full.replicasAgree());
        // Byte accounting: one 8-byte scalar per worker per sample per step vs a dense 4-double vector per worker per step.
        for (int m = 0; m < 4; m++) {
            assertEquals(300L * 2 * 8, shared.bytesPerWorker()[m]);
            assertEquals(300L * 4 * 8, full.bytesPerWorker()[m]);
        }
        assertEquals(4 * 300L * 2 * 8, shared.totalBytes());
    }

    @Test
    void convergesOnAQuadraticAndIsDeterministicPerSeed() {
        SpsaConfig c = SpsaConfig.of(1e-3, 0.05, 4, 1, 8);
        double[] x0 = {1, 1, 1, 1};
        SpsaRun r = SharedSeedSpsa.run(QUAD, x0, 2000, c, SharedSeedSpsa.Exchange.SHARED_SEED);
        double[] g = grad(r.theta());
        double norm = 0;
        for (double v : g) norm += v * v;
        assertTrue(Math.sqrt(norm) < 0.05, "gradient norm at the end " + Math.sqrt(norm));
        assertEquals(2000L * 8, r.bytesPerWorker()[0], "one scalar per worker per step");
        assertArrayEquals(r.theta(), SharedSeedSpsa.run(QUAD, x0, 2000, c, SharedSeedSpsa.Exchange.SHARED_SEED).theta());
        assertFalse(Arrays.equals(r.theta(), SharedSeedSpsa.run(QUAD, x0, 2000, SpsaConfig.of(1e-3, 0.05, 4, 1, 9), SharedSeedSpsa.Exchange.SHARED_SEED).theta()));
    }

    @Test
    void quantizedScalarsCostOneByteAndStillConverge() {
        SpsaQuantizer q = new SpsaQuantizer(0.05);
        for (double p = -6.3; p <= 6.3; p += 0.0137) assertTrue(Math.abs(q.quantize(p) - p) <= 0.025 + 1e-15, "p = " + p);
        assertEquals(127 * 0.05, q.quantize(100), 1e-12);
        SpsaConfig c = SpsaConfig.of(1e-3, 0.05, 4, 1, 8).withQuantizer(q);
        SpsaRun r = SharedSeedSpsa.run(QUAD, new double[] {1, 1, 1, 1}, 3000, c, SharedSeedSpsa.Exchange.SHARED_SEED);
        assertEquals(3000L, r.bytesPerWorker()[2]);
        double[] g = grad(r.theta());
        assertTrue(Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3]) < 0.1, Arrays.toString(g));
    }

    @Test
    void codeScalingMultipliesTheStepByEpsilon() {
        SpsaConfig plain = SpsaConfig.of(1e-2, 0.3, 2, 1, 4);
        SpsaReplica a = new SpsaReplica(new double[] {1, 1, 1, 1}, new SpsaConfig(1e-2, 0.3 * 1e-2, 2, 1, 4, false, null));
        SpsaReplica b = new SpsaReplica(new double[] {1, 1, 1, 1}, plain.withCodeScaling());
        List<SpsaMessage> ms = new ArrayList<>(a.measure(QUAD, 0, 0));
        ms.addAll(a.measure(QUAD, 0, 1));
        a.apply(0, ms);
        b.apply(0, ms);
        for (int i = 0; i < 4; i++) assertEquals(a.theta()[i], b.theta()[i], 1e-15);
        assertFalse(a.theta()[0] == 1.0, "the step moved theta");
    }

    @Test
    void badInputIsRejectedWithTheFigures() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpsaConfig.of(0, 0.1, 1, 1, 1)).getMessage().contains("epsilon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpsaConfig.of(1e-3, 0.1, 0, 1, 1)).getMessage().contains("got 0"));
        SpsaReplica r = new SpsaReplica(new double[] {1, 2}, SpsaConfig.of(1e-3, 0.1, 2, 1, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.measure(QUAD, 0, 2)).getMessage().contains("worker 2"));
        assertTrue(assertThrows(ArithmeticException.class, () -> r.measure((th, t, w, s) -> Double.NaN, 3, 1)).getMessage().contains("step 3"));
        assertThrows(IllegalArgumentException.class, () -> r.applyVectors(0, List.of(new SpsaVectorMessage(0, 0, 1, new double[3]))));
        assertThrows(IllegalArgumentException.class, () -> new SpsaQuantizer(-1));
    }
}

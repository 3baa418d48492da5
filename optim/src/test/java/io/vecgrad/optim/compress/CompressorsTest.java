package io.vecgrad.optim.compress;

import static io.vecgrad.optim.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CompressorsTest {
    static Params vec(double... v) {
        return Params.of("x", Tensor.of(v, v.length));
    }

    @Provide
    Arbitrary<double[]> vectors() {
        return Arbitraries.doubles().between(-10, 10).array(double[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 100)
    void topKIsAContractionWithExactlyKNonZeros(@ForAll("vectors") double[] x, @ForAll @IntRange(min = 1, max = 40) int k) {
        int kk = Math.min(k, x.length);
        double[] c = flat(apply(Compressors.topK(kk), vec(x)).updates());
        double err = 0, norm = 0;
        int nnzIn = 0, nnz = 0;
        for (int i = 0; i < x.length; i++) {
            err += (c[i] - x[i]) * (c[i] - x[i]);
            norm += x[i] * x[i];
            if (x[i] != 0) nnzIn++;
            if (c[i] != 0) nnz++;
            assertTrue(c[i] == 0 || c[i] == x[i]);
        }
        assertTrue(err <= (1 - (double) kk / x.length) * norm + 1e-12, err + " > (1 − k/d)·" + norm);
        assertEquals(Math.min(kk, nnzIn), nnz);
    }

    @Property(tries = 50)
    void rTopKKeepsKOfTheTopRAndConservesWithErrorFeedback(@ForAll("vectors") double[] x, @ForAll @IntRange(min = 1, max = 20) int k,
                                                         @ForAll @IntRange(min = 0, max = 20) int extra) {
        int kk = Math.min(k, x.length), r = Math.min(kk + extra, x.length);
        GradientTransformation ef = Compressors.errorFeedback(Compressors.rTopK(r, kk, 5));
        Params p = vec(x);
        State s = ef.init(p);
        Update u1 = ef.update(p, s, p);
        double[] c = flat(u1.updates()), e = flat(u1.state().slot("error"));
        Set<Integer> top = new HashSet<>();
        for (int i : Sparsify.topK(x, r)) top.add(i);
        int nnz = 0, nnzIn = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], c[i] + e[i], 0.0, "c + mem = p exactly");
            if (c[i] != 0) {
                nnz++;
                assertTrue(top.contains(i), "support within top-r");
            }
            if (x[i] != 0) nnzIn++;
        }
        assertTrue(nnz <= kk && nnz >= Math.min(kk, nnzIn) - (r - Math.min(r, nnzIn)));
        if (r == kk) assertArrayEquals(flat(apply(Compressors.topK(kk), p).updates()), c, 0.0, "r = k is top-k");
    }

    @Test
    void rTopKEnergyIsKOverRTimesTheTopREnergyOnAverage() {
        double[] x = new double[50];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(3.7 * i) * (1 + i % 7);
        int r = 20, k = 5, n = 4000;
        double topR = 0;
        for (int i : Sparsify.topK(x, r)) topR += x[i] * x[i];
        GradientTransformation c = Compressors.rTopK(r, k, 9);
        State s = c.init(vec(x));
        double sum = 0, sumSq = 0;
        for (int t = 0; t < n; t++) {
            Update u = c.update(vec(x), s, vec(x));
            s = u.state();
            double e = 0;
            for (double v : flat(u.updates())) e += v * v;
            sum += e;
            sumSq += e * e;
        }
        double mean = sum / n, sd = Math.sqrt((sumSq / n - mean * mean) / n);
        assertEquals((double) k / r * topR, mean, 4 * sd, "4 standard errors");
    }

    /**
     * Unbiasedness of B·sto_sign_B(g): each coordinate's draw has variance B² − g_i², so the mean
     * of N draws has standard error sqrt((B² − g_i²)/N); we accept 4.5 standard errors per
     * coordinate (fixed seed, 8 coordinates: a false alarm has probability below 1e-4).
     */
    @Test
    void stochasticSignIsUnbiased() {
        double[] g = {0.3, -0.9, 0.0, 1.5, -1.5, 0.05, 1.0, -0.2};
        double bound = 1.5;
        int n = 20000;
        GradientTransformation c = Compressors.stochasticSign(bound, true, 42);
        State s = c.init(vec(g));
        double[] mean = new double[g.length];
        for (int t = 0; t < n; t++) {
            Update u = c.update(vec(g), s, vec(g));
            s = u.state();
            double[] q = flat(u.updates());
            for (int i = 0; i < g.length; i++) {
                assertTrue(q[i] == bound || q[i] == -bound);
                mean[i] += q[i] / n;
            }
        }
        for (int i = 0; i < g.length; i++) {
            double se = Math.sqrt((bound * bound - g[i] * g[i]) / n);
            assertEquals(g[i], mean[i], 4.5 * se + 1e-12, "coordinate " + i);
        }
        assertEquals(1.5, mean[3], 1e-9, "|g| = B is deterministic");
        assertEquals(-1.5, mean[4], 1e-9);
    }

    @Test
    void stochasticSignIsReproducibleAndOneBitUnscaled() {
        double[] g = {0.1, -0.4, 0.3};
        double[] a = flat(apply(Compressors.stochasticSign(0, false, 7), vec(g)).updates());
        double[] b = flat(apply(Compressors.stochasticSign(0, false, 7), vec(g)).updates());
        assertArrayEquals(a, b, 0.0);
        for (double v : a) assertTrue(v == 1 || v == -1);
    }

    @Test
    void laplaceNoiseHasZeroMeanAndVarianceTwoBSquaredOnTheKeptSupport() {
        double b = 0.5;
        int n = 20000;
        double[] g = {5, -4, 0.1, 0.2, 3};
        GradientTransformation c = Compressors.laplaceSparsify(3, b, 17);
        State s = c.init(vec(g));
        double sum = 0, sumSq = 0;
        for (int t = 0; t < n; t++) {
            Update u = c.update(vec(g), s, vec(g));
            s = u.state();
            double[] o = flat(u.updates());
            assertEquals(0.0, o[2], 0.0);
            assertEquals(0.0, o[3], 0.0);
            double w = o[0] - 5;
            sum += w;
            sumSq += w * w;
        }
        double mean = sum / n, var = sumSq / n - mean * mean;
        assertEquals(0, mean, 4 * Math.sqrt(2 * b * b / n));
        // Var of the sample variance of a Laplace: (μ4 − σ⁴)/n with μ4 = 24b⁴, σ² = 2b².
        assertEquals(2 * b * b, var, 4 * Math.sqrt((24 - 4) * Math.pow(b, 4) / n));
        assertArrayEquals(flat(apply(Compressors.topK(3), vec(g)).updates()),
                flat(apply(Compressors.laplaceSparsify(3, 0, 17), vec(g)).updates()), 0.0, "b = 0 is top-s");
    }

    @Test
    void randKUnbiasedScalingAndScaledSign() {
        double[] g = {1, -2, 3, -4};
        double[] mean = new double[4];
        GradientTransformation c = Compressors.randK(1, true, 3);
        State s = c.init(vec(g));
        int n = 20000;
        for (int t = 0; t < n; t++) {
            Update u = c.update(vec(g), s, vec(g));
            s = u.state();
            double[] o = flat(u.updates());
            for (int i = 0; i < 4; i++) mean[i] += o[i] / n;
        }
        for (int i = 0; i < 4; i++) assertEquals(g[i], mean[i], 4 * Math.abs(g[i]) * Math.sqrt(3.0 / n) + 1e-12);
        assertArrayEquals(new double[] {2.5, -2.5, 2.5, -2.5}, flat(apply(Compressors.scaledSign(), vec(g)).updates()), 1e-15);
    }

    @Test
    void errorFeedbackConservesTheGradientSum() {
        GradientTransformation ef = Compressors.errorFeedback(Compressors.scaledSign());
        Params p = vec(0, 0, 0);
        State s = ef.init(p);
        double[] sumG = new double[3], sumC = new double[3];
        java.util.Random r = new java.util.Random(1);
        for (int t = 0; t < 50; t++) {
            double[] g = {r.nextGaussian(), 3 * r.nextGaussian(), 0.1 * r.nextGaussian()};
            Update u = ef.update(vec(g), s, p);
            s = u.state();
            double[] c = flat(u.updates());
            for (int i = 0; i < 3; i++) {
                sumG[i] += g[i];
                sumC[i] += c[i];
            }
        }
        double[] e = flat(s.slot("error"));
        for (int i = 0; i < 3; i++) assertEquals(sumG[i], sumC[i] + e[i], 1e-12);
    }

    private static Update apply(GradientTransformation c, Params g) {
        return c.update(g, c.init(g), g);
    }
}

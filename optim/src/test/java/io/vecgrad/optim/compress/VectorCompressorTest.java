package io.vecgrad.optim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class VectorCompressorTest {
    /** Two-sided z bound per statistic: P(|Z| > 4.5) = 6.8e-6; over the 21 statistics below the family-wise level is 1.4e-4. */
    static final double Z = 4.5;

    @Provide
    Arbitrary<double[]> vectors() {
        return Arbitraries.doubles().between(-10, 10).array(double[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Test
    void randKIsUnbiasedWithVarianceOmegaTimesNormSquared() {
        int d = 20, k = 4, n = 40_000;
        double[] x = new double[d];
        Rng gen = new Rng(3);
        for (int i = 0; i < d; i++) x[i] = gen.nextGaussian();
        VectorCompressor q = VectorCompressor.randK(k);
        double omega = q.omega(d);
        assertEquals(d / (double) k - 1, omega, 0);
        double[] sum = new double[d];
        double errSum = 0, errSq = 0, norm2 = 0;
        for (double v : x) norm2 += v * v;
        Rng root = new Rng(11);
        for (int s = 0; s < n; s++) {
            double[] c = q.compress(x, root.split(s));
            int nnz = 0;
            double err = 0;
            for (int i = 0; i < d; i++) {
                sum[i] += c[i];
                if (c[i] != 0) nnz++;
                err += (c[i] - x[i]) * (c[i] - x[i]);
            }
            assertEquals(k, nnz);
            errSum += err;
            errSq += err * err;
        }
        for (int i = 0; i < d; i++) {
            double sd = Math.abs(x[i]) * Math.sqrt(omega);   // exact sd of C(x)_i: x_i·sqrt(d/k − 1)
            assertTrue(Math.abs(sum[i] / n - x[i]) <= Z * sd / Math.sqrt(n), "coordinate " + i + ": mean " + sum[i] / n + " vs " + x[i]);
        }
        double mean = errSum / n, sd = Math.sqrt(errSq / n - mean * mean);
        assertTrue(Math.abs(mean - omega * norm2) <= Z * sd / Math.sqrt(n), "E||C(x) - x||^2 = " + mean + ", omega*||x||^2 = " + omega * norm2);
    }

    @Test
    void randKWithoutItsScaleWouldFailTheUnbiasednessCheck() {
        // the check above can fail: the unscaled Rand-k has mean (k/d)·x, far outside the bound
        int d = 20, k = 4;
        double[] x = new double[d];
        java.util.Arrays.fill(x, 1);
        double[] c = VectorCompressor.randK(k).compress(x, new Rng(1));
        for (double v : c) assertTrue(v == 0 || v == d / (double) k);
    }

    @Property(tries = 200)
    void topKIsContractive(@ForAll("vectors") double[] x, @ForAll @IntRange(min = 1, max = 40) int k) {
        int d = x.length, kk = Math.min(k, d);
        double[] c = VectorCompressor.topK(kk).compress(x, new Rng(0));
        double err = 0, norm = 0;
        for (int i = 0; i < d; i++) {
            err += (c[i] - x[i]) * (c[i] - x[i]);
            norm += x[i] * x[i];
        }
        assertTrue(err <= (1 - (double) kk / d) * norm * (1 + 1e-12) + 1e-300, err + " > (1 - k/d)·" + norm);
    }

    @Property(tries = 50)
    void kEqualToDIsTheIdentity(@ForAll("vectors") double[] x) {
        assertArrayEquals(x, VectorCompressor.topK(x.length).compress(x, new Rng(0)), 0);
        assertArrayEquals(x, VectorCompressor.randK(x.length).compress(x, new Rng(5)), 0);
        assertEquals(0, VectorCompressor.randK(x.length).omega(x.length), 0);
    }

    @Test
    void bitsCountValuesAndIndices() {
        assertEquals(64 * 100, VectorCompressor.denseBits(100));
        assertEquals(10 * (64 + 7), VectorCompressor.randK(10).bits(100));   // 7 bits index 0..99
        assertEquals(10 * (64 + 7), VectorCompressor.topK(0.1).bits(100));
        assertEquals(64 * 100, VectorCompressor.identity().bits(100));
    }

    @Test
    void sameStreamSameSubset() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        VectorCompressor q = VectorCompressor.randK(3);
        assertArrayEquals(q.compress(x, new Rng(9).split(4)), q.compress(x, new Rng(9).split(4)), 0);
    }
}

package io.vecgrad.optim.problems.dag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcyclicityTest {
    private static final List<Acyclicity> ALL = List.of(Acyclicity.NOTEARS, Acyclicity.POLYNOMIAL, Acyclicity.logDet(1.0), Acyclicity.logDet(2.5));

    /** Strictly upper-triangular with weights in ±[0.3, 0.6], then relabelled by a random permutation. */
    static double[] randomDag(int d, long seed, boolean permute) {
        Rng r = new Rng(seed);
        long[] perm = permute ? r.split("perm").permutation(d).toLongArray() : null;
        double[] w = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (r.nextDouble() < 0.5) continue;
                double v = (0.3 + 0.3 * r.nextDouble()) * ((r.nextLong() & 1) == 0 ? 1 : -1);
                int a = permute ? (int) perm[i] : i, b = permute ? (int) perm[j] : j;
                w[a * d + b] = v;
            }
        }
        return w;
    }

    @Test
    void zeroOnUpperTriangularDags() {
        for (long seed = 0; seed < 5; seed++) {
            double[] w = randomDag(7, seed, false);
            for (Acyclicity h : ALL) assertEquals(0.0, h.value(w, 7), 0.0, h + " seed " + seed);
        }
    }

    @Test
    void zeroOnPermutedDagsUpToRounding() {
        // A relabelled DAG is P·U·Pᵀ; the pivoted LU inside expm/slogdet sees a different row order,
        // so the value is 0 up to a few ulps of d (polynomial stays exact: only products of zeros reach the diagonal).
        for (long seed = 0; seed < 5; seed++) {
            double[] w = randomDag(8, seed, true);
            assertTrue(DagMetrics.isDag(w, 8));
            for (Acyclicity h : ALL) assertEquals(0.0, h.value(w, 8), 1e-13, h + " seed " + seed);
            assertEquals(0.0, Acyclicity.POLYNOMIAL.value(w, 8), 0.0);
        }
    }

    @Test
    void positiveWithATwoCycle() {
        for (long seed = 0; seed < 5; seed++) {
            double[] w = randomDag(6, seed, true);
            int[] order = DagSampler.topologicalOrder(w, 6);
            int a = order[1], b = order[4];
            w[a * 6 + b] = 0.4;
            w[b * 6 + a] = 0.4;   // a 2-cycle a ⇄ b
            assertTrue(!DagMetrics.isDag(w, 6));
            for (Acyclicity h : ALL) {
                double v = h.value(w, 6);
                assertTrue(v > 1e-3 && Double.isFinite(v), h + " gave " + v);
            }
        }
    }

    @Test
    void logDetIsInfiniteOutsideItsDomain() {
        double[] w = {0, 1.5, 1.5, 0};   // ρ(W∘W) = 2.25 > s = 1
        assertEquals(Double.POSITIVE_INFINITY, Acyclicity.logDet(1.0).value(w, 2));
    }

    @Test
    void closedFormGradientsMatchAutodiffAndCentralDifferences() {
        int d = 5;
        Rng r = new Rng(11);
        double[] w = new double[d * d];
        for (int k = 0; k < d * d; k++) w[k] = k % (d + 1) == 0 ? 0 : 0.35 * r.nextGaussian();   // cyclic, inside the s=1.5 domain
        for (Acyclicity h : List.of(Acyclicity.NOTEARS, Acyclicity.POLYNOMIAL, Acyclicity.logDet(1.5))) {
            double[] closed = h.gradient(w, d);
            Variable wv = Variable.parameter(Tensor.wrap(w.clone(), d, d));
            Variable out = h.apply(wv);
            assertEquals(h.value(w, d), out.item(), 1e-12 * Math.max(1, Math.abs(out.item())), h + " value");
            double[] auto = Autodiff.gradients(out, wv)[0].value().toDoubleArray();
            assertArrayEquals(closed, auto, 1e-10, h + " closed form vs autodiff");
            double eps = 1e-6;
            for (int k = 0; k < d * d; k++) {
                double[] p = w.clone(), m = w.clone();
                p[k] += eps;
                m[k] -= eps;
                double fd = (h.value(p, d) - h.value(m, d)) / (2 * eps);
                assertEquals(fd, auto[k], 1e-7 * Math.max(1, Math.abs(fd)), h + " entry " + k);
            }
        }
    }
}

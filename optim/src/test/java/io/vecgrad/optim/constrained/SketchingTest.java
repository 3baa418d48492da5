package io.vecgrad.optim.constrained;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * P36 sketch-and-project properties: every Gaussian and Kaczmarz step is a projection (the
 * distance to the solution never grows on a consistent system), Kaczmarz solves its sampled row
 * exactly, and averaged over seeds the error decreases geometrically, also on a consistent
 * singular system (where the residual goes to 0).
 */
class SketchingTest {
    /** A KKT-shaped matrix [[B, Gᵀ], [G, 0]] with B symmetric positive definite and G of full row rank. */
    static double[] kkt(long seed, int n, int m) {
        Rng r = new Rng(seed);
        double[] a = r.split("a").normal(DType.FLOAT64, 0, 1, n * n).toDoubleArray();
        double[] bm = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = i == j ? 1 : 0;
            for (int k = 0; k < n; k++) s += a[i * n + k] * a[j * n + k] / n;
            bm[i * n + j] = s;
        }
        double[] g = r.split("g").normal(DType.FLOAT64, 0, 1, m * n).toDoubleArray();
        return AdaSketchNewton.kktMatrix(bm, g, n, m);
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    @Test
    void everyStepIsAProjection() {
        int n = 8, m = 3, nn = n + m;
        double[] k = kkt(1, n, m);
        double[] b = new Rng(2).normal(DType.FLOAT64, 0, 1, nn).toDoubleArray();
        double[] zs = Linalg.solve(Tensor.of(k.clone(), nn, nn), Tensor.of(b.clone(), nn)).toDoubleArray();
        for (Sketching.Kind kind : Sketching.Kind.values()) {
            Sketching s = new Sketching(k, nn, kind, new Rng(3));
            double[] z = new double[nn];
            double[] r = s.residual(z, b);
            double prev = dist2(z, zs);
            for (int t = 0; t < 2000; t++) {
                s.step(z, r, b);
                double d = dist2(z, zs);
                assertTrue(d <= prev * (1 + 1e-9) + 1e-24, kind + " step " + t + ": distance grew " + prev + " -> " + d);
                prev = d;
                if (kind == Sketching.Kind.KACZMARZ) {
                    double min = Double.POSITIVE_INFINITY;
                    for (double ri : r) min = Math.min(min, Math.abs(ri));
                    assertTrue(min <= 1e-12 * (1 + Math.sqrt(dist2(b, new double[nn]))), "Kaczmarz solves its sampled row; smallest |r_i| = " + min);
                }
            }
            assertTrue(prev < 1e-6 * dist2(new double[nn], zs), kind + " converges: " + prev);
        }
    }

    /** E‖z_t − z*‖² over 20 seeds decreases at checkpoints, by a large factor overall; on a singular consistent system the residual → 0. */
    @Test
    void convergesInExpectationOnConsistentSystems() {
        int n = 6, m = 2, nn = n + m, seeds = 20;
        double[] k = kkt(4, n, m);
        double[] b = new Rng(5).normal(DType.FLOAT64, 0, 1, nn).toDoubleArray();
        double[] zs = Linalg.solve(Tensor.of(k.clone(), nn, nn), Tensor.of(b.clone(), nn)).toDoubleArray();
        // A consistent singular system: duplicate the last row and column of a smaller KKT matrix's pattern.
        int ns = 5;
        double[] kSing = new double[ns * ns];
        double[] base = kkt(6, 3, 1);
        for (int i = 0; i < ns; i++) for (int j = 0; j < ns; j++) kSing[i * ns + j] = base[Math.min(i, 3) * 4 + Math.min(j, 3)];
        double[] zTrue = {1, -2, 0.5, 0.25, 0.75};
        double[] bSing = new double[ns];
        for (int i = 0; i < ns; i++) for (int j = 0; j < ns; j++) bSing[i] += kSing[i * ns + j] * zTrue[j];
        for (Sketching.Kind kind : Sketching.Kind.values()) {
            int[] checkpoints = {0, 200, 400, 800, 1600};
            double[] mean = new double[checkpoints.length], meanRes = new double[checkpoints.length];
            for (int seed = 0; seed < seeds; seed++) {
                Sketching s = new Sketching(k, nn, kind, new Rng(100 + seed));
                Sketching ss = new Sketching(kSing, ns, kind, new Rng(200 + seed));
                double[] z = new double[nn], r = s.residual(z, b), zz = new double[ns], rr = ss.residual(zz, bSing);
                int t = 0;
                for (int c = 0; c < checkpoints.length; c++) {
                    for (; t < checkpoints[c]; t++) {
                        s.step(z, r, b);
                        ss.step(zz, rr, bSing);
                    }
                    mean[c] += dist2(z, zs) / seeds;
                    meanRes[c] += dist2(rr, new double[ns]) / seeds;
                }
            }
            for (int c = 1; c < checkpoints.length; c++) {
                assertTrue(mean[c] < mean[c - 1], kind + ": mean error not decreasing at " + checkpoints[c] + ": " + java.util.Arrays.toString(mean));
            }
            assertTrue(mean[checkpoints.length - 1] < 1e-4 * mean[0], kind + ": " + java.util.Arrays.toString(mean));
            assertTrue(meanRes[checkpoints.length - 1] < 1e-6 * meanRes[0], kind + " singular consistent: " + java.util.Arrays.toString(meanRes));
        }
    }
}

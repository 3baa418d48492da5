package io.vecgrad.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    static void assertClose(double[] a, double[] b, double tol) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol * (1 + Math.abs(a[i])), "element " + i);
    }

    @Test
    void everyGeneratorIsReproducibleBySeed() {
        assertArrayEquals(FourClusters.generate(40, 3, 3, 1, 7).x().toDoubleArray(), FourClusters.generate(40, 3, 3, 1, 7).x().toDoubleArray());
        assertFalse(Arrays.equals(FourClusters.generate(40, 3, 3, 1, 7).x().toDoubleArray(), FourClusters.generate(40, 3, 3, 1, 8).x().toDoubleArray()));
        assertArrayEquals(TeacherStudent.create(5, 3, true, 1).sample(10, 2).y().toDoubleArray(), TeacherStudent.create(5, 3, true, 1).sample(10, 2).y().toDoubleArray());
        assertArrayEquals(SphereData.generate(10, 3, 2, 0.1, 4).y().toDoubleArray(), SphereData.generate(10, 3, 2, 0.1, 4).y().toDoubleArray());
        assertArrayEquals(Regression.conditioned(8, 4, 10, 2, true, 0.1, 3).b().toDoubleArray(), Regression.conditioned(8, 4, 10, 2, true, 0.1, 3).b().toDoubleArray());
        assertArrayEquals(LinearSem.generate(5, 6, 5, LinearSem.Noise.GUMBEL, false, 2).x().toDoubleArray(),
                LinearSem.generate(5, 6, 5, LinearSem.Noise.GUMBEL, false, 2).x().toDoubleArray());
        assertArrayEquals(MatrixCompletion.generate(6, 5, 2, 0.5, 1).mask().toBoolArray(), MatrixCompletion.generate(6, 5, 2, 0.5, 1).mask().toBoolArray());
    }

    @Test
    void fourClustersFormAnXor() {
        FourClusters f = FourClusters.generate(400, 5, 4, 0.5, 3);
        double[] x = f.x().toDoubleArray();
        double[] y = f.y().toDoubleArray();
        int[] c = f.clusters();
        for (int i = 0; i < 400; i++) {
            double along = c[i] < 2 ? x[i * 5] : x[i * 5 + 1];
            assertEquals(c[i] % 2 == 0 ? 4 : -4, along, 1.5);
            assertEquals(c[i] < 2 ? 1.0 : -1.0, y[i]);
        }
        // XOR: the class means coincide (both ≈ 0), so no linear rule through them separates the classes.
        TensorDataset d = f.dataset();
        assertEquals(0, d.x().mean(0).normInf(new int[] {0}, false).item(), 0.2);
    }

    @Test
    void teacherHasOrthonormalNeuronsAndIsHomogeneous() {
        TeacherStudent t = TeacherStudent.create(8, 3, false, 5);
        Tensor w = t.teacherWeights();
        assertClose(Tensor.eye(DType.FLOAT64, 3).toDoubleArray(), w.matmul(w.mT()).toDoubleArray(), 1e-12);
        TensorDataset s = t.sample(20, 9);
        assertClose(s.y().mul(2.5).toDoubleArray(), t.predict(s.x().mul(2.5)).toDoubleArray(), 1e-12);
        TeacherStudent many = TeacherStudent.create(2, 5, true, 5);
        assertClose(new double[] {1, 1, 1, 1, 1}, many.teacherWeights().square().sum(1).toDoubleArray(), 1e-12);
    }

    @Test
    void sphereSamplesAreUnitAndKernelMatchesMonteCarlo() {
        SphereData s = SphereData.generate(300, 4, 3, 0, 2);
        assertClose(Tensor.ones(DType.FLOAT64, 300).toDoubleArray(), s.x().square().sum(1).toDoubleArray(), 1e-12);
        assertEquals(0, s.x().mean(0).normInf(new int[] {0}, false).item(), 0.15);
        double[] a = s.x().select(0, 0).toDoubleArray();
        double[] b = s.x().select(0, 1).toDoubleArray();
        assertEquals(0.5, SphereData.kernel(a, a), 1e-12);
        Rng rng = new Rng(1);
        double mc = 0;
        int draws = 40000;
        for (int k = 0; k < draws; k++) {
            double wa = 0, wb = 0, dot = 0;
            for (int j = 0; j < 4; j++) {
                double w = rng.nextGaussian();
                wa += w * a[j];
                wb += w * b[j];
                dot += a[j] * b[j];
            }
            if (wa >= 0 && wb >= 0) mc += dot;
        }
        assertEquals(SphereData.kernel(a, b), mc / draws, 0.01);
    }

    @Test
    void overparameterizedLinearInterpolates() {
        OverparameterizedLinear p = OverparameterizedLinear.generate(20, 50, 1, 4);
        assertClose(p.y().toDoubleArray(), p.x().matmul(p.wStar()).toDoubleArray(), 1e-12);
        double[] colVar = p.x().var(new int[] {0}, false, 1).toDoubleArray();
        assertTrue(colVar[0] > colVar[49], "feature variances must decay");
    }

    @Test
    void conditionedDesignHasTheRequestedSpectrum() {
        Regression.Problem p = Regression.conditioned(40, 10, 1000, 3, false, 0.0, 6);
        Tensor a = p.a().toDense();
        Tensor gram = a.mT().matmul(a);
        double[] s = p.singularValues();
        double tr = 0, tr2 = 0;
        for (double v : s) {
            tr += v * v;
            tr2 += Math.pow(v, 4);
        }
        assertEquals(tr, gram.sum(new int[] {0, 1}, false).item() == 0 ? 0 : traceOf(gram), 1e-10);
        assertEquals(tr2, traceOf(gram.matmul(gram)), 1e-10);
        assertEquals(1000, s[0] / s[9], 1e-6);
        assertEquals(3, (int) p.wTrue().ne(0).to(DType.INT64).sum().item());
        assertClose(p.b().toDoubleArray(), p.a().matvec(p.wTrue()).toDoubleArray(), 1e-12);
    }

    private static double traceOf(Tensor m) {
        double t = 0;
        for (int i = 0; i < m.size(0); i++) t += m.get(i, i);
        return t;
    }

    @Test
    void nutiniInstancesFollowThePaperRecipe() {
        int m = 100, n = 300;
        Regression.Problem ls = Regression.nutiniLeastSquares(m, n, 2);
        CsrMatrix a = ls.a();
        double density = a.nnz() / (double) (m * n);
        assertEquals(10 * Math.log(n) / n, density, 0.02);
        assertEquals(n / 10, (int) ls.wTrue().ne(0).to(DType.INT64).sum().item());
        Tensor noise = ls.b().sub(a.matvec(ls.wTrue()));
        assertEquals(1, noise.std(new int[] {0}, false, 1).item(), 0.25);
        Regression.Problem lg = Regression.nutiniLogistic(m, n, 2);
        double[] b = lg.b().toDoubleArray();
        double[] margin = lg.a().matvec(lg.wTrue()).toDoubleArray();
        int flipped = 0;
        for (int i = 0; i < m; i++) {
            assertEquals(1, Math.abs(b[i]));
            if (b[i] != (margin[i] >= 0 ? 1 : -1)) flipped++;
        }
        assertTrue(flipped > 0 && flipped < 25, "flipped " + flipped);
    }

    @Test
    void sensingOperatorAndAdjointAgree() {
        MatrixSensing s = MatrixSensing.asymmetric(5, 4, 2, new double[] {2, 1}, 30, 3);
        Rng rng = new Rng(4);
        Tensor mat = rng.normal(DType.FLOAT64, 0, 1, 5, 4);
        Tensor r = rng.normal(DType.FLOAT64, 0, 1, 30);
        assertEquals(s.measure(mat).mul(r).sum().item(), s.adjoint(r).mul(mat).sum().item(), 1e-10);
        assertClose(s.y().toDoubleArray(), s.measure(s.groundTruth()).toDoubleArray(), 1e-12);
        Tensor u = s.leftFactor();
        assertClose(Tensor.eye(DType.FLOAT64, 2).toDoubleArray(), u.mT().matmul(u).toDoubleArray(), 1e-12);
        MatrixSensing sym = MatrixSensing.symmetric(6, 1, new double[] {1}, 3000, 5);
        Tensor a0 = sym.sensingMatrices().select(0, 0);
        assertArrayEquals(a0.toDoubleArray(), a0.mT().contiguous().toDoubleArray());
        Tensor m = sym.groundTruth();
        assertArrayEquals(m.toDoubleArray(), m.mT().contiguous().toDoubleArray());
        double ratio = sym.y().square().sum().item() / m.square().sum().item();   // RIP sanity
        assertEquals(1, ratio, 0.15);
    }

    @Test
    void completionObservesTheMaskedEntries() {
        MatrixCompletion c = MatrixCompletion.generate(30, 20, new double[] {3, 1}, 0.4, 8);
        Tensor dense = c.observed().toDense();
        assertClose(c.matrix().mul(c.maskValues()).toDoubleArray(), dense.toDoubleArray(), 0);
        assertEquals(0.4, c.observed().nnz() / 600.0, 0.07);
        Tensor recon = c.leftFactor().mul(Tensor.of(new double[] {3, 1})).matmul(c.rightFactor().mT());
        assertClose(c.matrix().toDoubleArray(), recon.toDoubleArray(), 1e-12);
    }

    @Test
    void semIsAcyclicAndSamplesFollowTheEquations() {
        for (LinearSem.Noise noise : LinearSem.Noise.values()) {
            LinearSem sem = LinearSem.generate(4000, 10, 15, noise, false, 9);
            int[] pos = new int[10];
            int[] order = sem.order();
            for (int i = 0; i < 10; i++) pos[order[i]] = i;
            double[] w = sem.weights().toDoubleArray();
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    if (w[i * 10 + j] == 0) continue;
                    assertTrue(pos[i] < pos[j], "edge " + i + "->" + j + " against the order");
                    assertTrue(Math.abs(w[i * 10 + j]) >= 0.5 && Math.abs(w[i * 10 + j]) <= 2);
                }
            }
            Tensor residual = sem.x().sub(sem.x().matmul(sem.weights()));
            double[] mean = residual.mean(0).toDoubleArray();
            double[] std = residual.std(new int[] {0}, false, 1).toDoubleArray();
            double[] scale = sem.noiseScales();
            double unitStd = noise == LinearSem.Noise.GAUSSIAN || noise == LinearSem.Noise.EXPONENTIAL ? 1 : Math.PI / Math.sqrt(6);
            for (int j = 0; j < 10; j++) {
                assertEquals(0, mean[j], 0.15 * scale[j], noise + " mean of noise " + j);
                assertEquals(unitStd * scale[j], std[j], 0.1 * scale[j] * unitStd, noise + " std of noise " + j);
            }
        }
        assertTrue(LinearSem.generate(1, 30, 120, LinearSem.Noise.GAUSSIAN, true, 1).edges() > 60);
    }

    @Test
    void blobsSitAtTheirAxisCentres() {
        int n = 3000, d = 2, k = 4;
        TensorDataset b = Blobs.generate(n, d, k, 3.0, new Rng(5));
        double[] x = b.x().toDoubleArray();
        long[] y = b.y().toLongArray();
        double[][] mean = new double[k][d];
        for (int i = 0; i < n; i++) {
            assertEquals(i % k, y[i]);
            for (int j = 0; j < d; j++) mean[(int) y[i]][j] += x[i * d + j] / (n / k);
        }
        // class 0 at +3 e0, 1 at +3 e1, 2 at -3 e0, 3 at -3 e1; means within 4 standard errors (sd 1 / sqrt 750)
        double[][] centre = {{3, 0}, {0, 3}, {-3, 0}, {0, -3}};
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) assertEquals(centre[c][j], mean[c][j], 4 / Math.sqrt(n / k), "class " + c + " axis " + j);
        }
        assertArrayEquals(x, Blobs.generate(n, d, k, 3.0, new Rng(5)).x().toDoubleArray());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Blobs.generate(10, 2, 5, 3.0, new Rng(1)));
        assertTrue(e.getMessage().contains("k=5"), e.getMessage());
    }
}

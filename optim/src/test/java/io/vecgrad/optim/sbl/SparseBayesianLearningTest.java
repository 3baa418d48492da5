package io.vecgrad.optim.sbl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class SparseBayesianLearningTest {

    private static double[] noisy(KroneckerDictionary phi, double[] x, double sigma, Rng rng) {
        double[] y = phi.apply(x);
        for (int i = 0; i < y.length; i++) y[i] += sigma * rng.nextGaussian();
        return y;
    }

    @Test
    void kroneckerMatvecEqualsDenseProduct() {
        for (int[][] size : new int[][][] {{{3, 4}, {5, 2}}, {{2, 3, 2}, {3, 2, 4}}, {{4}, {7}}}) {
            KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(5), size[0], size[1]);
            int m = phi.rows(), n = phi.cols();
            double[] dense = phi.dense();
            Rng r = new Rng(6);
            double[] x = new double[n], y = new double[m];
            for (int j = 0; j < n; j++) x[j] = r.nextGaussian();
            for (int i = 0; i < m; i++) y[i] = r.nextGaussian();
            double[] ax = phi.apply(x), aty = phi.applyTranspose(y);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += dense[i * n + j] * x[j];
                assertEquals(s, ax[i], 1e-12);
            }
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += dense[i * n + j] * y[i];
                assertEquals(s, aty[j], 1e-12);
            }
        }
    }

    @Test
    void denseIsTheKroneckerProductEntryByEntry() {
        double[] a = {1, 2, 3, 4}, b = {0, 5, 6, 7, 1, 2};
        KroneckerDictionary phi = new KroneckerDictionary(new double[][] {a, b}, new int[] {2, 2}, new int[] {2, 3});
        double[] d = phi.dense();
        // (A ⊗ B)[(i,p),(j,q)] = A[i][j] B[p][q]
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int p = 0; p < 2; p++) for (int q = 0; q < 3; q++) {
            assertEquals(a[i * 2 + j] * b[p * 3 + q], d[(i * 2 + p) * 6 + j * 3 + q], 0);
        }
    }

    @Test
    void eStepMatchesTheDirectPosteriorFormula() {
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(2), new int[] {2, 3}, new int[] {3, 3});
        int m = phi.rows(), n = phi.cols();
        double[] dense = phi.dense();
        double s2 = 0.3;
        Rng r = new Rng(4);
        double[] gamma = new double[n], y = new double[m];
        for (int j = 0; j < n; j++) gamma[j] = 0.2 + r.nextDouble();
        for (int i = 0; i < m; i++) y[i] = r.nextGaussian();
        SparseBayesianLearning.EStep e = SparseBayesianLearning.eStep(transpose(dense, m, n), m, n, y, gamma, s2);
        // Σ = (ΦᵀΦ/σ² + Γ⁻¹)⁻¹, μ = ΣΦᵀy/σ²
        double[][] prec = new double[n][n];
        for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += dense[i * n + j] * dense[i * n + k];
            prec[j][k] = s / s2 + (j == k ? 1 / gamma[j] : 0);
        }
        double[][] sigma = invert(prec);
        for (int j = 0; j < n; j++) {
            double mu = 0;
            for (int k = 0; k < n; k++) {
                double pty = 0;
                for (int i = 0; i < m; i++) pty += dense[i * n + k] * y[i];
                mu += sigma[j][k] * pty / s2;
            }
            assertEquals(mu, e.mean()[j], 1e-10);
            assertEquals(sigma[j][j], e.diag()[j], 1e-10);
        }
        // −log evidence: log|C| + yᵀC⁻¹y with C = σ²I + ΦΓΦᵀ
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) for (int k = 0; k < m; k++) {
            double s = i == k ? s2 : 0;
            for (int j = 0; j < n; j++) s += dense[i * n + j] * gamma[j] * dense[k * n + j];
            c[i][k] = s;
        }
        double[][] ci = invert(c);
        double quad = 0;
        for (int i = 0; i < m; i++) for (int k = 0; k < m; k++) quad += y[i] * ci[i][k] * y[k];
        assertEquals(logDet(c) + quad, e.objective(), 1e-10);
    }

    @Test
    void singleFactorAlternatingUpdateIsClassicSbl() {
        double[] q = {0.5, 2, 1e-3, 7, 0.25};
        double[][] g = KroneckerMStep.alternating(q, new int[] {5}, KroneckerMStep.ones(new int[] {5}), 1e-12, 10);
        assertArrayEquals(q, g[0], 1e-15);
    }

    @Test
    void factorUpdateEqualsTheDenseKroneckerFormulaAndIsStationary() {
        int[] dims = {3, 4};
        Rng r = new Rng(8);
        double[] q = new double[12];
        for (int j = 0; j < 12; j++) q[j] = 0.1 + r.nextDouble();
        double[][] g = {{0.5, 1, 2}, {1, 0.3, 0.7, 1.5}};
        // reference form: γ_1 = (l2)⁻¹ (I ⊗ γ_2⁻¹)ᵀ q, γ_2 = (l1)⁻¹ (γ_1⁻¹ ⊗ I)ᵀ q
        double[] inv2 = new double[4];
        for (int k = 0; k < 4; k++) inv2[k] = 1 / g[1][k];
        double[] m1 = KroneckerDictionary.kron(identity(3), 3, 3, inv2, 4, 1); // 12 × 3
        double[] g1 = KroneckerMStep.updateFactor(q, dims, g, 0);
        for (int k = 0; k < 3; k++) {
            double s = 0;
            for (int j = 0; j < 12; j++) s += m1[j * 3 + k] * q[j];
            assertEquals(s / 4, g1[k], 1e-13);
        }
        double[][] h = {g1, g[1]};
        double[] inv1 = new double[3];
        for (int k = 0; k < 3; k++) inv1[k] = 1 / g1[k];
        double[] m2 = KroneckerDictionary.kron(inv1, 3, 1, identity(4), 4, 4); // 12 × 4
        double[] g2 = KroneckerMStep.updateFactor(q, dims, h, 1);
        for (int k = 0; k < 4; k++) {
            double s = 0;
            for (int j = 0; j < 12; j++) s += m2[j * 4 + k] * q[j];
            assertEquals(s / 3, g2[k], 1e-13);
        }
        // stationary in factor 2: central differences of F along each coordinate vanish
        double[][] at = {g1, g2};
        for (int k = 0; k < 4; k++) {
            double eps = 1e-6;
            double[][] plus = {g1, g2.clone()}, minus = {g1, g2.clone()};
            plus[1][k] += eps;
            minus[1][k] -= eps;
            double d = (KroneckerMStep.objective(q, KroneckerMStep.kron(plus)) - KroneckerMStep.objective(q, KroneckerMStep.kron(minus))) / (2 * eps);
            assertEquals(0, d, 1e-6, "dF/dgamma_2[" + k + "]");
        }
        assertTrue(KroneckerMStep.objective(q, KroneckerMStep.kron(at)) <= KroneckerMStep.objective(q, KroneckerMStep.kron(g)));
    }

    @Test
    void alternatingDecreasesTheMStepObjectiveEveryFactorUpdate() {
        int[] dims = {4, 3, 5};
        Rng r = new Rng(11);
        double[] q = new double[60];
        for (int j = 0; j < 60; j++) q[j] = Math.pow(r.nextDouble(), 3);
        double[][] g = KroneckerMStep.ones(dims);
        double prev = KroneckerMStep.objective(q, KroneckerMStep.kron(g));
        for (int cycle = 0; cycle < 20; cycle++) {
            for (int i = 0; i < 3; i++) {
                g[i] = KroneckerMStep.updateFactor(q, dims, g, i);
                double now = KroneckerMStep.objective(q, KroneckerMStep.kron(g));
                assertTrue(now <= prev + 1e-12 * Math.abs(prev), "cycle " + cycle + " factor " + i + ": " + now + " > " + prev);
                prev = now;
            }
        }
        // a non-Kronecker q: the Kronecker optimum is strictly worse than γ = q
        assertTrue(prev > KroneckerMStep.objective(q, q) + 1e-6);
    }

    @Test
    void rankOneQIsReproducedByBothKroneckerMSteps() {
        double[][] f = {{0.2, 1, 0, 3}, {2, 0.5, 1.5}};
        double[] q = KroneckerMStep.kron(f);
        int[] dims = {4, 3};
        assertArrayEquals(q, KroneckerMStep.kron(KroneckerMStep.svd(q, dims)), 1e-12);
        double[][] start = KroneckerMStep.ones(dims);
        assertArrayEquals(q, KroneckerMStep.kron(KroneckerMStep.alternating(q, dims, start, 1e-14, 2000)), 1e-8);
    }

    @Test
    void oneFactorKroneckerEmIsClassicEm() {
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(51), new int[] {12}, new int[] {30});
        double[] x = SparseRecovery.kroneckerSparse(new Rng(52), new int[] {30}, 3);
        double[] y = noisy(phi, x, 0.01, new Rng(53));
        SblResult classic = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-4));
        SblResult am = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-4).withMStep(SblMStep.ALTERNATING));
        SblResult dense = SparseBayesianLearning.fit(phi.dense(), 12, 30, y, SblConfig.of(1e-4));
        assertEquals(classic.iterations(), am.iterations());
        assertArrayEquals(classic.mean(), am.mean(), 1e-12);
        assertArrayEquals(classic.objective(), am.objective(), 1e-9);
        assertArrayEquals(classic.mean(), dense.mean(), 0);
    }

    @Test
    void threeFactorSvdStepReproducesRankOneQ() {
        double[][] f = {{1, 0, 2}, {0.5, 3}, {0.1, 0.2, 0, 4}};
        double[] q = KroneckerMStep.kron(f);
        assertArrayEquals(q, KroneckerMStep.kron(KroneckerMStep.svd(q, new int[] {3, 2, 4})), 1e-12);
    }

    @Test
    void evidenceIsMonotoneUnderEm() {
        int[] dims = {12, 12};
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(21), new int[] {6, 6}, dims);
        double[] x = SparseRecovery.kroneckerSparse(new Rng(22), dims, 2);
        double[] y = noisy(phi, x, 0.05, new Rng(23));
        for (SblMStep step : new SblMStep[] {SblMStep.UNSTRUCTURED, SblMStep.ALTERNATING}) {
            SblResult res = SparseBayesianLearning.fit(phi, y, SblConfig.of(0.05 * 0.05).withMStep(step).withPruneRatio(0).withTolerance(0)
                    .withMaxIterations(80));
            double[] obj = res.objective();
            assertEquals(81, obj.length);
            for (int t = 1; t < obj.length; t++) {
                assertTrue(obj[t] <= obj[t - 1] + 1e-9 * Math.abs(obj[t - 1]), step + " iteration " + t + ": " + obj[t] + " > " + obj[t - 1]);
            }
            assertTrue(obj[obj.length - 1] < obj[0] - 1, step + " made no progress: " + obj[0] + " -> " + obj[obj.length - 1]);
        }
    }

    @Test
    void noiselessEasyCaseIsRecoveredExactlyByEveryMStep() {
        int[] dims = {10, 10};
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(31), new int[] {7, 7}, dims);
        double[] x = SparseRecovery.kroneckerSparse(new Rng(32), dims, 2);
        double[] y = phi.apply(x);
        for (SblMStep step : SblMStep.values()) {
            SblResult res = SparseBayesianLearning.fit(phi, y, SblConfig.of(1e-10).withMStep(step).withMaxIterations(500).withTolerance(1e-8));
            assertEquals(1.0, SparseRecovery.supportRecoveryRate(res.mean(), x), step + " support");
            assertTrue(SparseRecovery.nmse(res.mean(), x) < 1e-6, step + " nmse " + SparseRecovery.nmse(res.mean(), x));
        }
    }

    @Test
    void sameSeedSameBits() {
        int[] dims = {8, 8};
        SblResult a = run(dims, 41), b = run(dims, 41), c = run(dims, 42);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertArrayEquals(a.objective(), b.objective(), 0);
        assertTrue(!java.util.Arrays.equals(a.mean(), c.mean()));
    }

    private static SblResult run(int[] dims, long seed) {
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(seed), new int[] {5, 5}, dims);
        double[] x = SparseRecovery.kroneckerSparse(new Rng(seed + 100), dims, 2);
        return SparseBayesianLearning.fit(phi, noisy(phi, x, 0.01, new Rng(seed + 200)), SblConfig.of(1e-4).withMStep(SblMStep.SVD));
    }

    @Test
    void badInputIsRejectedWithTheFigures() {
        KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(1), new int[] {2, 2}, new int[] {3, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> phi.apply(new double[8]));
        assertTrue(e.getMessage().contains("8") && e.getMessage().contains("9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseBayesianLearning.fit(phi, new double[3], SblConfig.of(1)));
        assertThrows(IllegalArgumentException.class, () -> SparseBayesianLearning.fit(new double[6], 2, 3, new double[2],
                SblConfig.of(1).withMStep(SblMStep.ALTERNATING)));
        assertThrows(IllegalArgumentException.class, () -> SblConfig.of(0));
        assertThrows(IllegalArgumentException.class, () -> new KroneckerDictionary(new double[][] {{1, 2}}, new int[] {1}, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> SparseRecovery.kroneckerSparse(new Rng(1), new int[] {3}, 4));
    }

    private static double[] identity(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1;
        return a;
    }

    private static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[n * m];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    /** Gauss–Jordan with partial pivoting (small SPD test matrices). */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(w[i][c]) > Math.abs(w[p][c])) p = i;
            double[] t = w[c];
            w[c] = w[p];
            w[p] = t;
            double d = w[c][c];
            for (int k = 0; k < 2 * n; k++) w[c][k] /= d;
            for (int i = 0; i < n; i++) {
                if (i == c) continue;
                double f = w[i][c];
                for (int k = 0; k < 2 * n; k++) w[i][k] -= f * w[c][k];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(w[i], n, inv[i], 0, n);
        return inv;
    }

    private static double logDet(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) w[i] = a[i].clone();
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += Math.log(w[c][c]);
            for (int i = c + 1; i < n; i++) {
                double f = w[i][c] / w[c][c];
                for (int k = c; k < n; k++) w[i][k] -= f * w[c][k];
            }
        }
        return s;
    }
}

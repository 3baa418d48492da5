package io.vecgrad.optim.solvers.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.optim.problems.matrix.MatrixFactorization;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class PerturbedGdTest {
    static final double[] SIGMA = {1, 0.5};

    /** A global minimum {@code (U√Σ·a, V√Σ/a)}: balance ratio a⁴ · (for n = m). */
    static Factors unbalancedMinimum(MatrixFactorization p, double a) {
        Linalg.Svd s = Linalg.svd(p.target(), false);
        Tensor root = s.s().slice(0, 0, 2).sqrt();
        Tensor u = s.u().slice(1, 0, 2).mul(root), v = s.vh().slice(0, 0, 2).mT().mul(root);
        return new Factors(u.mul(a), v.div(a));
    }

    @Test
    void zeroNoiseIsGradientDescent() {
        MatrixFactorization p = MatrixFactorization.planted(12, 9, SIGMA, 3);
        Rng rng = new Rng(4);
        Factors f0 = new Factors(rng.normal(DType.FLOAT64, 0, 0.3, 12, 2), rng.normal(DType.FLOAT64, 0, 0.3, 9, 2));
        FactorRun gd = FactorGd.factored(p, f0, 0.1, 1000, null);
        FactorRun pgd = PerturbedGd.run(p, f0, 0.1, 0, 0, 1000, 77);
        assertArrayEquals(gd.loss(), pgd.loss());
        assertArrayEquals(gd.factors().left().toDoubleArray(), pgd.factors().left().toDoubleArray());
        assertTrue(gd.finalDistance() < 1e-8, "GD reaches XYᵀ = M: " + gd.finalDistance());
    }

    @Test
    void meanPerturbedGradientIsTheSmoothedObjectivesGradient() {
        MatrixFactorization p = MatrixFactorization.planted(6, 4, SIGMA, 5);
        Rng rng = new Rng(6);
        Factors f = new Factors(rng.normal(DType.FLOAT64, 0, 0.5, 6, 2), rng.normal(DType.FLOAT64, 0, 0.5, 4, 2));
        double s1 = 0.3, s2 = 0.2;
        int samples = 20000;
        double[] sum = new double[12], sumSq = new double[12];
        Rng noise = new Rng(1);
        for (int i = 0; i < samples; i++) {
            double[] g = p.gradient(PerturbedGd.perturb(f, s1, s2, noise.split(i))).left().toDoubleArray();
            for (int j = 0; j < 12; j++) {
                sum[j] += g[j];
                sumSq[j] += g[j] * g[j];
            }
        }
        // ∇_X E f(X+E, Y+D) = ∇_X f + m σ₂² X   (m = 4 columns of M)
        double[] expected = p.gradient(f).left().add(f.left().mul(4 * s2 * s2)).toDoubleArray();
        for (int j = 0; j < 12; j++) {
            double mean = sum[j] / samples, se = Math.sqrt((sumSq[j] / samples - mean * mean) / samples);
            assertEquals(expected[j], mean, 5 * se, "component " + j);
        }
        // the closed-form smoothed loss matches a Monte-Carlo average too
        double mc = 0;
        for (int i = 0; i < samples; i++) mc += p.loss(PerturbedGd.perturb(f, s1, s2, noise.split(samples + i)));
        double smoothed = p.smoothedLoss(f, s1, s2);
        assertEquals(smoothed, mc / samples, 0.02 * smoothed);
    }

    @Test
    void noiseDrivesTheBalanceRatioToNSigma1SquaredOverMSigma2Squared() {
        MatrixFactorization p = MatrixFactorization.planted(30, 20, SIGMA, 7);
        double s = 0.05, target = p.balancedRatio(s, s);          // 30/20 = 1.5
        assertEquals(1.5, target, 1e-15);
        Factors f0 = unbalancedMinimum(p, 2);                      // ratio 16 · (a global minimum of f)
        FactorRun gd = FactorGd.factored(p, f0, 0.05, 3000, null);
        FactorRun pgd = PerturbedGd.run(p, f0, 0.05, s, s, 3000, 11);
        assertEquals(16, gd.balance()[3000], 1e-6, "GD stays where it started");
        double mean = 0;
        for (int t = 2000; t <= 3000; t++) mean += pgd.balance()[t] / 1001;
        assertEquals(target, mean, 0.1 * target, "perturbed GD's balance ratio");
        assertTrue(p.normExcess(pgd.factors(), s, s) < 1.02, "near the lowest-norm factorization: " + p.normExcess(pgd.factors(), s, s));
        assertTrue(p.normExcess(gd.factors(), s, s) > 1.5);
        assertTrue(p.sharpness(pgd.factors(), 300) < 0.7 * p.sharpness(gd.factors(), 300), "flatter minimum");
    }

    @Test
    void productConvergesToTheShrunkTargetOfTheSmoothedObjective() {
        MatrixFactorization p = MatrixFactorization.planted(30, 20, SIGMA, 8);
        double s = 0.05, shrink = s * s * Math.sqrt(30 * 20);      // σᵢ(XYᵀ) = σᵢ − σ₁σ₂√(nm) at its minimum
        Rng rng = new Rng(2);
        Factors f0 = new Factors(rng.normal(DType.FLOAT64, 0, 0.1, 30, 2), rng.normal(DType.FLOAT64, 0, 0.1, 20, 2));
        FactorRun run = PerturbedGd.run(p, f0, 0.05, s, s, 3000, 3);
        double[] sv = Linalg.svdvals(run.factors().product()).toDoubleArray();
        assertEquals(SIGMA[0] - shrink, sv[0], 0.03);
        assertEquals(SIGMA[1] - shrink, sv[1], 0.03);
        assertTrue(run.finalDistance() / p.targetNorm() < 0.15, "XYᵀ ≈ M: " + run.finalDistance());
    }

    @Test
    void sameSeedSameRunBitwise() {
        MatrixFactorization p = MatrixFactorization.planted(8, 6, SIGMA, 1);
        Factors f0 = unbalancedMinimum(p, 1.5);
        assertArrayEquals(PerturbedGd.run(p, f0, 0.05, 0.1, 0.2, 50, 9).balance(), PerturbedGd.run(p, f0, 0.05, 0.1, 0.2, 50, 9).balance());
    }
}

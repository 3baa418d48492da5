package io.vecgrad.optim.solvers.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.problems.matrix.AsymmetricSensing;
import io.vecgrad.optim.problems.matrix.Factors;
import io.vecgrad.optim.problems.matrix.SymmetricSensing;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class FactorGdTest {
    private static double norm(Tensor t) {
        return Math.sqrt(t.square().sum().item());
    }

    @Test
    void exactParameterizedGdFromSpectralInitConvergesLinearly() {
        SymmetricSensing p = SymmetricSensing.planted(20, new double[] {1, 0.8}, 600, 3);
        FactorRun run = FactorGd.symmetric(p, p.spectralInit(2), 0.1, 300);
        double[] d = run.distance();
        assertTrue(d[0] < 0.6, "spectral init lands near M*: " + d[0]);
        assertTrue(d[300] < 1e-10 * d[0], "final distance " + d[300]);
        // linear: every window of 25 steps contracts by at least 2x until round-off is reached
        for (int t = 0; t + 25 <= 300 && d[t + 25] > 1e-12; t += 25) {
            assertTrue(d[t + 25] < 0.5 * d[t], "window at t=" + t + ": " + d[t] + " -> " + d[t + 25]);
        }
    }

    @Test
    void gdConservesTheImbalanceUpToEtaSquaredGradientSquared() {
        AsymmetricSensing p = AsymmetricSensing.planted(10, 8, new double[] {1, 0.6}, 300, 5);
        Factors f = p.smallInit(4, 0.3, 2);
        double eta = 0.05;
        for (int t = 0; t < 50; t++) {
            Factors g = p.gradient(f);
            Factors next = new Factors(f.left().sub(g.left().mul(eta)), f.right().sub(g.right().mul(eta)));
            double change = norm(next.imbalance().sub(f.imbalance()));
            double bound = eta * eta * (g.left().square().sum().item() + g.right().square().sum().item());
            assertTrue(change <= bound * (1 + 1e-9) + 1e-15, "t=" + t + ": ‖ΔΔ‖ = " + change + " > η²‖∇L‖² = " + bound);
            f = next;
        }
    }

    @Test
    void oneStepTransformPreservesProductAndLoss() {
        AsymmetricSensing p = AsymmetricSensing.planted(10, 8, new double[] {1, 0.6}, 300, 5);
        Factors f = p.smallInit(4, 0.3, 2);
        Factors g = OneStepFix.transform(f, 1.7);
        double scale = norm(f.product());
        assertEquals(0, norm(g.product().sub(f.product())), 1e-12 * scale);
        assertEquals(p.loss(f), p.loss(g), 1e-12 * p.loss(f));
        // F P = c U Vᵀ: every singular value equals c, so the imbalance's eigenvalues are about c² = 2.89
        Tensor ftf = g.left().mT().matmul(g.left());
        assertEquals(0, ftf.sub(Tensor.eye(DType.FLOAT64, 4).mul(1.7 * 1.7)).abs().max().item(), 1e-12);
    }

    @Test
    void oneStepFixRemovesTheSlowAlphaDependentPhase() {
        AsymmetricSensing p = AsymmetricSensing.planted(15, 15, new double[] {1, 0.7}, 500, 4);
        Factors f0 = p.smallInit(4, 0.01, 6);
        FactorRun plain = FactorGd.asymmetric(p, f0, 0.1, 1500);
        FactorRun fixed = FactorGd.asymmetric(p, f0, 0.1, 1500, OneStepFix.whenResidualBelow(1e-2));
        assertTrue(fixed.fixedAt() > 0);
        assertTrue(fixed.finalDistance() < 1e-9, "with the fix: " + fixed.finalDistance());
        assertTrue(plain.finalDistance() > 100 * fixed.finalDistance(), "plain " + plain.finalDistance() + " vs fixed " + fixed.finalDistance());
    }

    @Test
    void sameSeedSameRunBitwise() {
        SymmetricSensing p = SymmetricSensing.planted(8, new double[] {1}, 100, 1);
        Tensor x0 = p.smallInit(3, 0.1, 4);
        assertArrayEquals(FactorGd.symmetric(p, x0, 0.1, 40).distance(), FactorGd.symmetric(p, x0, 0.1, 40).distance());
        AsymmetricSensing q = AsymmetricSensing.planted(8, 6, new double[] {1}, 100, 1);
        assertArrayEquals(FactorGd.asymmetric(q, q.smallInit(3, 0.1, 4), 0.1, 40, OneStepFix.at(20)).loss(),
                FactorGd.asymmetric(AsymmetricSensing.planted(8, 6, new double[] {1}, 100, 1), q.smallInit(3, 0.1, 4), 0.1, 40, OneStepFix.at(20)).loss());
    }
}

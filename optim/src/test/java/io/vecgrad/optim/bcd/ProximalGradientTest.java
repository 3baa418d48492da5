package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.prox.L1Norm;
import org.junit.jupiter.api.Test;

/** ISTA and FISTA reach the coordinate-descent Lasso solution within their O(1/k) and O(1/k²) bounds. */
class ProximalGradientTest {
    @Test
    void istaAndFistaMatchLassoCoordinateDescent() {
        int n = 60, p = 25;
        LassoCoordinateDescentTest.Problem pr = LassoCoordinateDescentTest.Problem.random(n, p, 5, 21);
        double alpha = 0.04;
        LeastSquaresProblem f = LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(pr.a(), n, p), pr.b());
        L1Norm g = new L1Norm(alpha * n);
        double[] ref = LassoCoordinateDescent.solve(pr.a(), n, p, pr.b(), alpha, CoordinateDescentOptions.defaults().withTol(1e-14).withMaxEpochs(100_000)).x();
        BcdOptions o = BcdOptions.defaults().withMaxIterations(200_000).withTol(1e-9);
        BcdResult ista = ProximalGradient.ista(f, g, new double[p], o);
        BcdResult fista = ProximalGradient.fista(f, g, new double[p], o);
        assertEquals(BcdResult.Reason.CONVERGED, ista.reason());
        assertEquals(BcdResult.Reason.CONVERGED, fista.reason());
        assertArrayEquals(ref, ista.x(), 1e-8);
        assertArrayEquals(ref, fista.x(), 1e-8);
        // the rate bounds: ISTA F_k − F* ≤ L‖x0 − x*‖²/(2k), FISTA F_k − F* ≤ 2L‖x0 − x*‖²/(k + 1)²
        double fStar = f.value(ref) + g.value(ref), lip = BlockRules.upperBoundNorm(f) * (1 + 1e-9), r2 = 0;
        for (double v : ref) r2 += v * v;
        for (int k = 1; k < ista.objective().length; k++) {
            assertTrue(ista.objective()[k] - fStar <= lip * r2 / (2 * k) + 1e-9 * Math.abs(fStar), "ISTA rate at " + k);
        }
        for (int k = 1; k < fista.objective().length; k++) {
            assertTrue(fista.objective()[k] - fStar <= 2 * lip * r2 / ((k + 1.0) * (k + 1)) + 1e-9 * Math.abs(fStar), "FISTA rate at " + k);
        }
        double[] h = ista.objective();
        for (int k = 1; k < h.length; k++) assertTrue(h[k] <= h[k - 1] + 1e-12 * Math.abs(h[k - 1]), "ISTA is monotone");
    }
}

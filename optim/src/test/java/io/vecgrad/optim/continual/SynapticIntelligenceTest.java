package io.vecgrad.optim.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SynapticIntelligenceTest {
    private static final double[] A = {1.0, 4.0, 0.25};

    private static Params gradOf(Params p) {
        double[] th = p.get("w").toDoubleArray();
        double[] g = new double[th.length];
        for (int k = 0; k < g.length; k++) g[k] = A[k] * th[k];
        return Params.of("w", Tensor.of(g));
    }

    private static double f(double[] th, int k) {
        return 0.5 * A[k] * th[k] * th[k];
    }

    @Test
    void importanceIsThePathIntegralOnAQuadratic() {
        double eta = 2e-3;
        double[] th0 = {1.0, -0.5, 2.0};
        Params p = Params.of("w", Tensor.of(th0.clone()));
        SynapticIntelligence si = new SynapticIntelligence(0, 1e-3);
        Optimizer opt = Optimizer.of(p, si.wrap(Sgd.gradientDescent(eta)));
        double[] byHand = new double[3];
        for (int t = 0; t < 600; t++) {
            Params g = gradOf(p);
            double[] gv = g.get("w").toDoubleArray();
            for (int k = 0; k < 3; k++) byHand[k] += eta * gv[k] * gv[k]; // −g·Δθ with Δθ = −ηg
            opt.step(g);
        }
        double[] th = p.get("w").toDoubleArray();
        double[] omega = si.pathIntegral().get("w");
        assertArrayEquals(byHand, omega, 1e-12);
        for (int k = 0; k < 3; k++) {
            double drop = f(th0, k) - f(th, k); // ∫ −∇f · dθ along the path
            assertEquals(drop, omega[k], A[k] * eta * drop, "coordinate " + k);
        }
        si.consolidate(p);
        double[] big = si.importance().get("w");
        for (int k = 0; k < 3; k++) {
            double d = th[k] - th0[k];
            assertEquals(omega[k] / (d * d + 1e-3), big[k], 1e-12);
        }
        assertTrue(si.pathIntegral().isEmpty());
        assertArrayEquals(th, si.anchor().get("w"), 0);
    }

    @Test
    void penaltyPullsImportantWeightsBackAndItsGradientIsAdded() {
        Params p = Params.of("w", Tensor.of(new double[] {1.0, -0.5, 2.0}));
        SynapticIntelligence si = new SynapticIntelligence(0.5, 1e-3);
        Optimizer opt = Optimizer.of(p, si.wrap(Sgd.gradientDescent(0.01)));
        for (int t = 0; t < 200; t++) opt.step(gradOf(p));
        si.consolidate(p);
        double[] star = p.get("w").toDoubleArray();
        double[] big = si.importance().get("w");
        // move away, then a zero task gradient: the step is −η·2cΩ(θ − θ*)
        double[] moved = {star[0] + 0.1, star[1] - 0.2, star[2] + 0.3};
        Params q = Params.of("w", Tensor.of(moved.clone()));
        Optimizer opt2 = Optimizer.of(q, si.wrap(Sgd.gradientDescent(0.01)));
        assertEquals(0.5 * (big[0] * 0.01 + big[1] * 0.04 + big[2] * 0.09), si.penalty(q), 1e-12);
        opt2.step(Params.of("w", Tensor.of(new double[3])));
        double[] after = q.get("w").toDoubleArray();
        for (int k = 0; k < 3; k++) {
            assertEquals(moved[k] - 0.01 * 2 * 0.5 * big[k] * (moved[k] - star[k]), after[k], 1e-12);
        }
    }

    @Test
    void zeroStrengthLeavesTheWrappedOptimizerUnchanged() {
        double[] th0 = {0.3, -1.2, 0.7};
        Params a = Params.of("w", Tensor.of(th0.clone()));
        Params b = Params.of("w", Tensor.of(th0.clone()));
        SynapticIntelligence si = new SynapticIntelligence(0, 1e-3);
        Optimizer plain = Optimizer.of(a, Adam.adam(0.05));
        Optimizer wrapped = Optimizer.of(b, si.wrap(Adam.adam(0.05)));
        for (int t = 0; t < 50; t++) {
            plain.step(gradOf(a));
            wrapped.step(gradOf(b));
            if (t == 20) si.consolidate(b);
        }
        assertArrayEquals(a.get("w").toDoubleArray(), b.get("w").toDoubleArray(), 0);
    }

    @Test
    void badSettingsAreRejectedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SynapticIntelligence(-1, 1e-3));
        assertTrue(e.getMessage().contains("SynapticIntelligence") && e.getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> new SynapticIntelligence(1, 0));
    }
}

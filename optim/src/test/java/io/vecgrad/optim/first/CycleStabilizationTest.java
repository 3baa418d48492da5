package io.vecgrad.optim.first;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.Update;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class CycleStabilizationTest {
    @Test
    void fejerCoefficientsSumToOneAndMatchTheKnownCases() {
        for (int n = 1; n <= 12; n++) {
            double s = 0;
            for (double a : CycleStabilization.fejer(n)) {
                assertTrue(a > 0);
                s += a;
            }
            assertEquals(1, s, 1e-14, "N = " + n);
        }
        assertArrayEquals(new double[] {1}, CycleStabilization.fejer(1), 1e-15);
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, CycleStabilization.fejer(2), 1e-15);
        assertEquals(-3, CycleStabilization.stableMultiplier(2), 1e-12);
    }

    /** x_T after T steps of the optimizer on f = ½·λ·x² (gradient λx) from x_0 = 1, float64. */
    static double quadratic(GradientTransformation tx, double lambda, int steps) {
        Tensor x = Tensor.of(new double[] {1.0});
        Optimizer opt = Optimizer.of(Params.of("x", x), tx);
        for (int t = 0; t < steps && Double.isFinite(x.item()) && Math.abs(x.item()) < 1e6; t++) {
            opt.step(Params.of("x", Tensor.of(new double[] {lambda * x.item()})));
        }
        return x.item();
    }

    @Test
    void stabilisesTheTwoCycleOfGradientDescentWithTooLargeAStep() {
        double eta = 1;
        // ηλ = 2: GD jumps between +1 and −1 forever
        assertEquals(1, Math.abs(quadratic(Sgd.gradientDescent(eta), 2, 201)), 1e-12);
        assertTrue(Math.abs(quadratic(CycleStabilization.sgd(Schedule.constant(eta), 2), 2, 201)) < 1e-8);
        // ηλ = 3.5: GD diverges, N = 2 (stable for ηλ < 4) converges
        assertTrue(Math.abs(quadratic(Sgd.gradientDescent(eta), 3.5, 200)) > 1e3);
        assertTrue(Math.abs(quadratic(CycleStabilization.sgd(Schedule.constant(eta), 2), 3.5, 400)) < 1e-6);
        // the bound is sharp: ηλ = 4.5 breaks N = 2, N = 3 (stable for ηλ < 6.83) still converges
        assertTrue(Math.abs(quadratic(CycleStabilization.sgd(Schedule.constant(eta), 2), 4.5, 400)) > 1);
        assertTrue(Math.abs(quadratic(CycleStabilization.sgd(Schedule.constant(eta), 3), 4.5, 600)) < 1e-6);
    }

    @Test
    void memoryOneIsPlainSgdAndAdamBitwise() {
        for (boolean adam : new boolean[] {false, true}) {
            GradientTransformation plain = adam ? Adam.adam(Schedule.constant(1e-2), 0.9, 0.999, 1e-8, 0, false) : Sgd.sgd(Schedule.constant(0.1), 0, 0, 0, false);
            GradientTransformation cyc = adam ? CycleStabilization.adam(Schedule.constant(1e-2), 0.9, 0.999, 1e-8, 1) : CycleStabilization.sgd(Schedule.constant(0.1), 1);
            assertArrayEquals(run(plain, 7), run(cyc, 7), "adam " + adam);
        }
    }

    @Test
    void samePathFusedOrNotAndDeterministic() {
        GradientTransformation tx = CycleStabilization.adam(Schedule.constant(1e-2), 0.9, 0.999, 1e-8, 3);
        float[] fused = run(tx, 11);
        assertArrayEquals(fused, run(tx, 11));
        Rng rng = new Rng(11);
        Tensor w = rng.split("w").normal(DType.FLOAT32, 0, 1, 5, 4);
        Params p = Params.of("w", w);
        State s = tx.init(p);
        for (int t = 0; t < 6; t++) {
            Update u = tx.update(Params.of("w", w.mul(w).add(rng.split(t).normal(DType.FLOAT32, 0, 1, 5, 4))), s, p);
            p.addInPlace(u.updates());
            s = u.state();
        }
        assertArrayEquals(fused, w.toFloatArray());
    }

    @Test
    void coefficientsMustSumToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CycleStabilization.of(Sgd.gradientDescent(0.1), new double[] {0.5, 0.4}));
        assertTrue(e.getMessage().contains("sum to 1") && e.getMessage().contains("0.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CycleStabilization.fejer(0));
    }

    /** Six steps on a float32 5×4 tensor with gradients w² + noise from {@code seed}, through Optimizer (the fused path). */
    static float[] run(GradientTransformation tx, long seed) {
        Rng rng = new Rng(seed);
        Tensor w = rng.split("w").normal(DType.FLOAT32, 0, 1, 5, 4);
        Optimizer opt = Optimizer.of(Params.of("w", w), tx);
        for (int t = 0; t < 6; t++) opt.step(Params.of("w", w.mul(w).add(rng.split(t).normal(DType.FLOAT32, 0, 1, 5, 4))));
        return w.toFloatArray();
    }
}

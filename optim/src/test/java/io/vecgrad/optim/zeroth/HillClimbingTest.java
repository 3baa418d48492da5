package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class HillClimbingTest {
    static final ToDoubleFunction<Params> SPHERE = p -> TestFunctions.sphere(FlatParams.read(p));

    static Params start() {
        return Params.of("w", Tensor.of(new double[] {1, -2, 0.5, 3}, 2, 2), "b", Tensor.of(new double[] {-1.5}));
    }

    @Test
    void neverAcceptsAWorsePointAndParamsHoldTheCurrentPoint() {
        Params p = start();
        HillClimbing hc = HillClimbing.climb(p, SPHERE, HillClimbing.Goal.MINIMIZE, 0.3, 5);
        double prev = hc.score();
        int accepted = 0;
        for (int t = 0; t < 500; t++) {
            boolean acc = hc.step();
            assertTrue(hc.score() <= prev, "step " + t);
            if (!acc) assertEquals(prev, hc.score(), 0);
            accepted += acc ? 1 : 0;
            assertArrayEquals(hc.current(), FlatParams.read(p), 0);
            assertEquals(hc.score(), SPHERE.applyAsDouble(p), 0);
            prev = hc.score();
        }
        assertEquals(accepted, hc.accepted());
        assertTrue(accepted > 10 && accepted < 500, "some but not all proposals accepted: " + accepted);
        assertTrue(hc.score() < 0.1 * 15.5, "loss went from 15.5 to " + hc.score());
    }

    @Test
    void maximizingAcceptsTiesOnPlateaus() {
        // a flat objective: every proposal ties, so every proposal is accepted and the point drifts
        Params p = start();
        HillClimbing hc = HillClimbing.climb(p, q -> 1.0, HillClimbing.Goal.MAXIMIZE, 0.1, 1);
        ZerothOrderResult r = hc.run(50);
        assertEquals(50, hc.accepted());
        assertEquals(50, r.history().length);
    }

    @Test
    void zeroStepLeavesWeightsUnchanged() {
        Params p = start();
        double[] w0 = FlatParams.read(p);
        HillClimbing.climb(p, SPHERE, HillClimbing.Goal.MINIMIZE, 0, 3).run(20);
        assertArrayEquals(w0, FlatParams.read(p), 0);
    }

    @Test
    void deterministicPerSeed() {
        ZerothOrderResult a = HillClimbing.climb(start(), SPHERE, HillClimbing.Goal.MINIMIZE, 0.2, 9).run(100);
        ZerothOrderResult b = HillClimbing.climb(start(), SPHERE, HillClimbing.Goal.MINIMIZE, 0.2, 9).run(100);
        ZerothOrderResult c = HillClimbing.climb(start(), SPHERE, HillClimbing.Goal.MINIMIZE, 0.2, 10).run(100);
        assertArrayEquals(a.x(), b.x(), 0);
        assertArrayEquals(a.history(), b.history(), 0);
        assertTrue(a.value() != c.value());
    }

    @Test
    void climbsANonDifferentiableAccuracyObjective() {
        // perceptron with a step transfer: accuracy on a separable 2-D problem, no gradients exist
        double[][] x = new double[200][2];
        int[] y = new int[200];
        PerturbationStream s = PerturbationStream.of(4, "data");
        for (int i = 0; i < 200; i++) {
            s.fillUniform(i, 0, -1, 1, x[i]);
            y[i] = x[i][0] + 2 * x[i][1] - 0.3 > 0 ? 1 : 0;
        }
        double[] w0 = new double[3];
        s.fillUniform(-1, 0, 0, 1, w0); // the tutorial's start: uniform in [0, 1)
        Params p = Params.of("w", Tensor.of(w0).to(DType.FLOAT32));
        ToDoubleFunction<Params> acc = q -> {
            double[] w = FlatParams.read(q);
            int ok = 0;
            for (int i = 0; i < 200; i++) ok += ((w[0] * x[i][0] + w[1] * x[i][1] + w[2] >= 0 ? 1 : 0) == y[i]) ? 1 : 0;
            return ok / 200.0;
        };
        ZerothOrderResult r = HillClimbing.climb(p, acc, HillClimbing.Goal.MAXIMIZE, 0.1, 1).run(1000);
        double[] h = r.history();
        for (int t = 1; t < h.length; t++) assertTrue(h[t] >= h[t - 1]);
        assertTrue(r.value() >= 0.95, "accuracy " + r.value());
    }

    @Test
    void randomSearchKeepsTheBestDraw() {
        Params p = start();
        ZerothOrderResult r = HillClimbing.randomSearch(p, SPHERE, HillClimbing.Goal.MINIMIZE, -1, 1, 2).run(300);
        double[] h = r.history();
        for (int t = 1; t < h.length; t++) assertTrue(h[t] <= h[t - 1]);
        for (double v : r.x()) assertTrue(v >= -1 && v < 1);
        assertEquals(r.value(), SPHERE.applyAsDouble(p), 0);
        assertThrows(IllegalArgumentException.class, () -> HillClimbing.randomSearch(start(), SPHERE, HillClimbing.Goal.MINIMIZE, 1, 1, 2));
    }
}

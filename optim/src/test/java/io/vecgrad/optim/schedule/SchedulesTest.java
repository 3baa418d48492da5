package io.vecgrad.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.LrRangeTest;
import io.vecgrad.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    static final double BASE = 0.001, MAX = 0.006;

    @Property(tries = 30)
    void cyclicalSchedulesStayInBoundsAndHitThemAtTheStatedSteps(@ForAll @IntRange(min = 1, max = 50) int step) {
        Schedule tri = Cyclical.triangular(BASE, MAX, step), tri2 = Cyclical.triangular2(BASE, MAX, step);
        Schedule exp = Cyclical.expRange(BASE, MAX, step, 0.999);
        for (long it = 0; it < 8L * step; it++) {
            for (Schedule s : new Schedule[] {tri, tri2, exp}) {
                assertTrue(s.at(it) >= BASE - 1e-15 && s.at(it) <= MAX + 1e-15);
            }
            assertEquals(tri.at(it), tri.at(it + 2L * step), 1e-15, "period 2·step");
            assertEquals(tri.at(it), Cyclical.expRange(BASE, MAX, step, 1).at(it), 1e-15, "exp_range with γ = 1");
            if (it % step != 0) {
                assertEquals((MAX - BASE) / step, Math.abs(tri.at(it + 1) - tri.at(it)), 1e-12, "constant slope");
            }
        }
        assertEquals(BASE, tri.at(0), 1e-15);
        assertEquals(MAX, tri.at(step), 1e-15);
        for (int c = 1; c <= 4; c++) {
            assertEquals(BASE + (MAX - BASE) / Math.pow(2, c - 1), tri2.at((2L * c - 1) * step), 1e-15, "triangular2 peak of cycle " + c);
            assertEquals(BASE, tri2.at(2L * c * step), 1e-15);
        }
    }

    @Test
    void constantGradientNormsRefineToLinearDecay() {
        for (int n : new int[] {2, 5, 100}) {
            double[] norms = new double[n];
            java.util.Arrays.fill(norms, 3.0);
            double[] s = Refinement.refine(norms, 0.1, false);
            for (int t = 0; t < n; t++) assertEquals((double) (n - 1 - t) / (n - 1), s[t], 1e-12);
            double[] sa = Refinement.refine(norms, 0.1, true);
            assertArrayEquals(s, sa, 1e-12);
        }
    }

    @Property(tries = 30)
    void refinedScheduleIsNormalisedAndScaleInvariant(@ForAll @DoubleRange(min = 0.01, max = 100) double c, @ForAll @IntRange(min = 3, max = 200) int n) {
        double[] g = new double[n];
        for (int t = 0; t < n; t++) g[t] = 1 + 0.5 * Math.sin(t * 0.3) + t * 0.01;
        double[] s = Refinement.refine(g, 0.1, false);
        double max = 0;
        for (double v : s) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1, max, 1e-15);
        assertEquals(0, s[n - 1]);
        double[] scaled = g.clone();
        for (int t = 0; t < n; t++) scaled[t] *= c;
        assertArrayEquals(s, Refinement.refine(scaled, 0.1, false), 1e-12);
    }

    @Test
    void medianFilterKeepsConstantsAndMonotonicity() {
        double[] k = new double[40];
        java.util.Arrays.fill(k, 2.5);
        assertArrayEquals(k, Refinement.smooth(k, 0.2), 0);
        double[] up = new double[40];
        for (int i = 0; i < up.length; i++) up[i] = i * i;
        double[] sm = Refinement.smooth(up, 0.2);
        for (int i = 1; i < sm.length; i++) assertTrue(sm[i] >= sm[i - 1]);
    }

    @Test
    void linearDecayAndStandardSchedules() {
        Schedule d = Schedules.linearDecay(0.4, 8);
        assertEquals(0.4, d.at(0));
        assertEquals(0, d.at(8), 1e-16);
        for (int t = 0; t < 8; t++) assertEquals(0.05, d.at(t) - d.at(t + 1), 1e-15);
        assertEquals(0.1 * 0.01, Schedules.multiStep(0.1, new long[] {3, 5}, 0.1).at(5), 1e-18);
        assertEquals(0.1 * 0.1, Schedules.step(0.1, 3, 0.1).at(4), 1e-18);
        assertEquals(0.0, Schedules.cosine(1, 10, 0).at(10), 1e-15);
        assertEquals(0.5, Schedules.cosine(1, 10, 0).at(5), 1e-15);
        Schedule oc = Schedules.oneCycle(1.0, 100);
        assertEquals(1.0 / 25, oc.at(0), 1e-15);
        assertEquals(1.0, oc.at(29), 1e-12);
        assertEquals(1.0 / 25 / 1e4, oc.at(99), 1e-15);
        Schedule w = Schedules.linearWarmup(10, 0, 1).then(10, Schedules.cosine(1, 10, 0));
        assertEquals(0.5, w.at(5), 1e-15);
        assertEquals(1.0, w.at(10), 1e-15);
        assertEquals(0.0, w.at(20), 1e-15);
        Schedule j = Schedules.join(new Schedule[] {Schedule.constant(1), Schedules.exponential(2, 0.5)}, new long[] {3});
        assertEquals(1.0, j.at(2));
        assertEquals(2.0, j.at(3));
        assertEquals(1.0, j.at(4));
        assertEquals(0.25, Schedules.polynomial(1, 0, 2, 10).at(5), 1e-15);
    }

    @Property(tries = 30)
    void batchSizeRulesScaleLinearlyAndBySquareRoot(@ForAll @IntRange(min = 1, max = 4096) int b) {
        assertEquals(2 * BatchScaling.linear(0.1, 32, b), BatchScaling.linear(0.1, 32, 2 * b), 1e-12);
        assertEquals(Math.sqrt(2) * BatchScaling.sqrt(1e-3, 32, b), BatchScaling.sqrt(1e-3, 32, 2 * b), 1e-15);
        assertTrue(BatchScaling.linear(0.1, 32, b + 1) > BatchScaling.linear(0.1, 32, b));
        assertTrue(BatchScaling.sqrt(0.1, 32, b + 1) > BatchScaling.sqrt(0.1, 32, b));
    }

    @Test
    void reduceOnPlateauCutsAfterPatienceAndRespectsCooldownAndFloor() {
        ReduceOnPlateau r = ReduceOnPlateau.of(0.5, 2, 1e-4, 1, 0.2);
        r = r.observe(1.0).observe(1.0).observe(1.0);
        assertEquals(1.0, r.scale());
        r = r.observe(1.0);
        assertEquals(0.5, r.scale());
        r = r.observe(1.0);
        assertEquals(0.5, r.scale(), "cooldown");
        r = r.observe(0.5);
        assertEquals(0.5, r.scale(), "improvement resets");
        for (int i = 0; i < 20; i++) r = r.observe(0.9);
        assertEquals(0.2, r.scale(), "floor");
        assertEquals(0.02, r.applyTo(Schedule.constant(0.1)).at(5), 1e-15);
    }

    @Test
    void lrRangeTestIsLinearAndMonotoneAndSuggestsAUsefulRate() {
        Schedule s = LrRangeTest.schedule(1e-4, 1.0, 50, false);
        for (int t = 0; t < 49; t++) assertEquals((1.0 - 1e-4) / 49, s.at(t + 1) - s.at(t), 1e-12);
        assertEquals(1.0, s.at(49), 1e-15);
        Tensor x = Tensor.of(new double[] {3, -2}, 2);
        LossAndGrad f = p -> {
            double[] v = p.get("x").toDoubleArray();
            return new LossAndGrad.Result(0.5 * (v[0] * v[0] + v[1] * v[1]), Params.of("x", Tensor.of(v.clone(), 2)));
        };
        LrRangeTest.Result r = LrRangeTest.run(lr -> Sgd.sgd(lr, Schedule.constant(0), 0, 0, false), Params.of("x", x), f, 1e-3, 3, 60, false);
        assertTrue(r.suggestMax() > 0.1 && r.suggestMax() < 2.5, "max " + r.suggestMax());
        assertEquals(r.suggestMax() / 4, r.suggestBase());
    }
}
